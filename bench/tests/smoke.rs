//! A tiny end-to-end run of the benchmark against our relay and the echo
//! relay, both as child processes (the npm sync server is left to `cargo
//! xtask bench relay`, which installs it), S5's tracker room included. A
//! few seconds.

use std::{path::PathBuf, time::Duration};

use concord_bench::{
    cold_join, edit_run,
    edit_run::EditWorkload,
    generator_check::GeneratorLimits,
    idle,
    system::{Programs, ServerProcess, SystemKind},
    tracker_run::{self, TrackerSizes},
};

fn programs() -> Programs {
    Programs {
        bench_exe: PathBuf::from(env!("CARGO_BIN_EXE_concord-bench")),
        e2e_dir: None,
        relay_args: Vec::new(),
    }
}

/// Loose enough for a debug build on a busy machine: the smoke checks
/// that the pieces work, not how fast.
const LIMITS: GeneratorLimits = GeneratorLimits {
    max_lag_p99_ms: 10_000.0,
    max_cpu_share: 1.0,
    cores: 1,
};

fn small_room() -> EditWorkload {
    EditWorkload {
        docs: 2,
        clients_per_doc: 3,
        // One full replica and two thin clients per document.
        full_replicas_per_doc: 1,
        full_replicas_edit: true,
        rate_per_client: 5.0,
        edits_per_client: 4,
        drain_secs: 10.0,
        server_checks: 2,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_replica_and_our_relay_converge_on_the_edits() {
    let relay = ServerProcess::start(SystemKind::Concord, &programs())
        .await
        .unwrap();
    let outcome = edit_run::run(&relay, &small_room(), &LIMITS).await.unwrap();
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    assert_eq!(outcome.edits, 24);
    // each edit reaches the two other clients of its document
    assert_eq!(outcome.deliveries, 48);
    assert_eq!(outcome.fan_out.count, 48);
    assert!(outcome.replicas_converged);
    assert_eq!(outcome.server_converged, Some(true));
    assert!(
        outcome
            .server_cpu_us_per_delivery
            .is_some_and(|us| us > 0.0)
    );
    assert!(outcome.wire_bytes_per_change.is_some_and(|b| b > 50.0));
    relay.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_echo_relay_delivers_every_change_to_every_replica() {
    let echo = ServerProcess::start(SystemKind::Echo, &programs())
        .await
        .unwrap();
    let outcome = edit_run::run(&echo, &small_room(), &LIMITS).await.unwrap();
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    assert_eq!(outcome.deliveries, 48);
    assert!(outcome.replicas_converged);
    assert_eq!(
        outcome.server_converged, None,
        "the echo relay keeps no copy"
    );
    echo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cold_join_gets_the_whole_document_from_the_store() {
    let programs = programs();
    let relay = ServerProcess::start(SystemKind::Concord, &programs)
        .await
        .unwrap();
    let (outcome, relay) = cold_join::run(relay, &programs, 2_000).await.unwrap();
    assert!(outcome.converged);
    assert_eq!(outcome.changes, 20);
    // The joiner receives at least the document in its saved (compressed) form.
    assert!(
        outcome.join_bytes as usize >= outcome.saved_bytes,
        "{outcome:?}"
    );
    relay.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_clients_stay_connected() {
    let relay = ServerProcess::start(SystemKind::Concord, &programs())
        .await
        .unwrap();
    let outcome = idle::run(&relay, 20, Duration::from_millis(200))
        .await
        .unwrap();
    assert_eq!(
        (outcome.joined, outcome.held),
        (20, 20),
        "{:?}",
        outcome.join_failures
    );
    assert!(outcome.rss_per_connection().is_some());
    relay.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tracker_room_runs_through_a_relay_with_sessions_and_policy() {
    let workload = EditWorkload {
        docs: 1,
        clients_per_doc: 4,
        full_replicas_per_doc: 1,
        full_replicas_edit: false,
        rate_per_client: 5.0,
        edits_per_client: 10,
        drain_secs: 20.0,
        server_checks: 1,
    };
    let sizes = TrackerSizes {
        rows: 30,
        probe_batches: 3,
        whole_history_batches: 2,
    };
    let outcome = tracker_run::run(&programs(), &sizes, &workload, &LIMITS)
        .await
        .unwrap();
    let room = &outcome.hot_room;
    assert!(room.failures.is_empty(), "{:?}", room.failures);
    // Three editors' ten edits each (statuses, progress, a new row) reach
    // the three other clients.
    assert_eq!(room.edits, 30);
    assert_eq!(room.deliveries, 90);
    assert!(room.replicas_converged);
    assert_eq!(room.server_converged, Some(true));
    assert!(outcome.batch_cpu_ms.is_some_and(|ms| ms >= 0.0));
    assert!(outcome.batch_cpu_ms_whole_history.is_some());
}
