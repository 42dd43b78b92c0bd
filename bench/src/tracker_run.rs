//! S5: a hot room on a large task tracker through our relay as it runs for
//! real (sessions and the access policy, not `--open-sync`), with the edits
//! people make in one (statuses, progress, new rows); and what the relay
//! spends judging one accepted one-cell batch, today's way and the way it
//! was (a diff of the whole history, `--judge-whole-history`), each on a
//! relay of its own, measured in the same run.

use std::{sync::Arc, time::Duration};

use anyhow::Context;
use concord_model::PersonId;
use concord_sync::DocumentId;
use serde::Serialize;

use crate::{
    client_run::{EditingClient as _, Tally},
    edit_run::{EditOutcome, EditWorkload, JOIN_LIMIT, Joined, RunClient},
    frames::Endpoint,
    generator_check::GeneratorLimits,
    known_heads::KnownHeads,
    load_client::{LoadClient, Protocol, Seed},
    private_edits::PrivateEdits,
    system::{BenchPerson, Programs, RelayMode, ServerProcess, SystemKind},
    thin_client::ThinClient,
    tracker::{self, Tracker, TrackerEdits},
};

const UPLOAD_LIMIT: Duration = Duration::from_secs(600);
/// How long one probe batch may take to be accepted, on the old path too.
const PROBE_LIMIT: Duration = Duration::from_secs(60);

/// S5's sizes besides the hot room's.
#[derive(Debug, Clone, Serialize)]
pub struct TrackerSizes {
    pub rows: usize,
    pub probe_batches: u32,
    pub whole_history_batches: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrackerOutcome {
    pub rows: usize,
    pub history_changes: usize,
    /// Relay CPU per accepted one-cell batch, judged as the relay does.
    pub batch_cpu_ms: Option<f64>,
    /// The same on a relay that diffs the whole history (the old path).
    pub batch_cpu_ms_whole_history: Option<f64>,
    pub hot_room: EditOutcome,
}

pub async fn run(
    programs: &Programs,
    sizes: &TrackerSizes,
    workload: &EditWorkload,
    limits: &GeneratorLimits,
) -> anyhow::Result<TrackerOutcome> {
    let people = workload.writers_per_doc() + 1;
    let owner: PersonId = "owner".parse()?;
    let editors: Vec<PersonId> = (1..people)
        .map(|n| format!("editor{n}").parse())
        .collect::<Result<_, _>>()?;
    let rows = sizes.rows;
    let built = {
        let (owner, editors) = (owner.clone(), editors.clone());
        tokio::task::spawn_blocking(move || tracker::build(&owner, &editors, rows)).await??
    };
    let tracker = Arc::new(built);
    let known = {
        let bytes = tracker.bytes.clone();
        tokio::task::spawn_blocking(move || {
            anyhow::Ok(KnownHeads::of(&automerge::Automerge::load(&bytes)?))
        })
        .await??
    };

    let mode = |args: &[&str]| RelayMode {
        signed_in: Some(people),
        args: args.iter().map(|a| a.to_string()).collect(),
    };
    let relay = ServerProcess::start_as(SystemKind::Concord, programs, mode(&[])).await?;
    let document_id = upload(&relay, &tracker).await?;
    let batch_cpu_ms = probe(&relay, &tracker, &known, document_id, sizes.probe_batches).await?;
    let hot_room = hot_room(&relay, &tracker, &known, document_id, workload, limits).await?;
    relay.stop().await;

    let old = ServerProcess::start_as(
        SystemKind::Concord,
        programs,
        mode(&["--judge-whole-history"]),
    )
    .await?;
    let document_id = upload(&old, &tracker).await?;
    let batch_cpu_ms_whole_history = probe(
        &old,
        &tracker,
        &known,
        document_id,
        sizes.whole_history_batches,
    )
    .await?;
    old.stop().await;
    Ok(TrackerOutcome {
        rows,
        history_changes: tracker.changes,
        batch_cpu_ms,
        batch_cpu_ms_whole_history,
        hot_room,
    })
}

fn as_person(relay: &ServerProcess, id: &str) -> anyhow::Result<Endpoint> {
    let person: &BenchPerson = relay
        .people()
        .iter()
        .find(|p| p.id == id)
        .with_context(|| format!("{id} is not signed in"))?;
    Ok(Endpoint {
        url: relay.url().to_owned(),
        cookie: Some(person.cookie.clone()),
    })
}

/// The owner puts the tracker on the relay (which judges it as a creation).
async fn upload(relay: &ServerProcess, tracker: &Tracker) -> anyhow::Result<DocumentId> {
    let seed = Seed {
        document_id: DocumentId::new_v4(rand::random()),
        bytes: tracker.bytes.clone(),
    };
    let owner = LoadClient::join(
        &as_person(relay, "owner")?,
        Protocol::Sync,
        &seed,
        "owner".into(),
        Tally::new(std::time::Instant::now(), Default::default()),
        UPLOAD_LIMIT,
    )
    .await
    .context("uploading the tracker")?;
    drop(owner.report());
    Ok(seed.document_id)
}

/// One editor alone in the room sets a status `batches` times, each after
/// the relay accepted the one before: the relay's CPU over those batches,
/// per batch, in milliseconds.
async fn probe(
    relay: &ServerProcess,
    tracker: &Tracker,
    known: &KnownHeads,
    document_id: DocumentId,
    batches: u32,
) -> anyhow::Result<Option<f64>> {
    if batches == 0 {
        return Ok(None);
    }
    let editor = "editor1";
    let rows = tracker.rows.first().cloned().unwrap_or_default();
    let edits = OneCell(TrackerEdits::new(tracker, editor.parse()?, rows)?);
    let mut client = ThinClient::join(
        &as_person(relay, editor)?,
        Protocol::Sync,
        document_id,
        known.clone(),
        Box::new(edits),
        "probe",
        Tally::new(std::time::Instant::now(), Default::default()),
        JOIN_LIMIT,
    )
    .await?;
    let before = relay.sample()?;
    for seq in 0..batches {
        client.edit(std::time::Instant::now(), seq)?;
        let sent = client.last_change().context("the probe's change")?;
        crate::client_run::until(&mut client, PROBE_LIMIT, |c| c.server_holds(&sent))
            .await
            .with_context(|| format!("probe batch {seq} was not accepted"))?;
    }
    let after = relay.sample()?;
    drop(client.report());
    Ok(Some(
        (after.cpu_secs - before.cpu_secs) * 1e3 / f64::from(batches),
    ))
}

/// Only statuses: the one-cell batch the probe measures. Their message is
/// no stamp, so clients that join later do not count them as deliveries.
struct OneCell(TrackerEdits);

impl PrivateEdits for OneCell {
    fn actor(&self) -> automerge::ActorId {
        self.0.actor()
    }

    fn edit(&mut self, _stamp: String, seq: u32) -> anyhow::Result<automerge::Change> {
        self.0.set_status("probe batch".into(), seq)
    }
}

/// The room: full replicas (receiving, as the owner) to check convergence,
/// then every editor as a thin client.
async fn hot_room(
    relay: &ServerProcess,
    tracker: &Arc<Tracker>,
    known: &KnownHeads,
    document_id: DocumentId,
    workload: &EditWorkload,
    limits: &GeneratorLimits,
) -> anyhow::Result<EditOutcome> {
    let seed = Arc::new(Seed {
        document_id,
        bytes: tracker.bytes.clone(),
    });
    let owner = as_person(relay, "owner")?;
    let mut joined = Joined::start(relay)?;
    joined
        .join(workload.full_replicas(), |i, tally| {
            let (owner, seed) = (owner.clone(), Arc::clone(&seed));
            async move {
                let name = format!("full{i}");
                let client =
                    LoadClient::join(&owner, Protocol::Sync, &seed, name, tally, UPLOAD_LIMIT)
                        .await?;
                Ok(RunClient::Full(Box::new(client.receive_only())))
            }
        })
        .await;
    let writers = workload.writers_per_doc();
    let endpoints: Vec<Endpoint> = (1..=writers)
        .map(|n| as_person(relay, &format!("editor{n}")))
        .collect::<anyhow::Result<_>>()?;
    joined
        .join(writers, |i, tally| {
            let (endpoint, tracker, known) =
                (endpoints[i].clone(), Arc::clone(tracker), known.clone());
            async move {
                let name = format!("editor{}", i + 1);
                let rows = tracker.rows.get(i).cloned().unwrap_or_default();
                let edits = {
                    let (tracker, me) = (Arc::clone(&tracker), name.parse()?);
                    tokio::task::spawn_blocking(move || TrackerEdits::new(&tracker, me, rows))
                        .await??
                };
                let client = ThinClient::join(
                    &endpoint,
                    Protocol::Sync,
                    document_id,
                    known,
                    Box::new(edits),
                    &name,
                    tally,
                    JOIN_LIMIT,
                )
                .await?;
                Ok(RunClient::Thin(Box::new(client)))
            }
        })
        .await;
    joined.drive(relay, workload, limits).await
}
