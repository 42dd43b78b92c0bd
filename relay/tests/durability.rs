//! The relay is killed with SIGKILL at random moments while a client streams
//! changes. After every restart each change the relay acknowledged (its sync
//! heads covered it) must be in its store (and, every tenth round, fetched
//! through the restarted relay by a fresh peer), and the rest arrive once the
//! client reconnects.
//!
//! `CONCORD_DURABILITY_KILLS` sets the number of kills (default 20; `cargo
//! xtask bench soak` runs 200 on SQLite), `CONCORD_DURABILITY_SEED` the
//! random seed. The same runs with the documents in PostgreSQL, where its
//! programs are installed.

mod support;

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use automerge::{ChangeHash, ReadDoc as _, transaction::Transactable as _};
use concord_local_nats::LocalNats;
use concord_local_postgres::{LocalPostgres, ServerBinaries};
use concord_relay::store::{LoadedDoc, PostgresStore, SqliteStore, Store};
use concord_sync::DocumentId;
use rand::{RngExt as _, SeedableRng as _, rngs::StdRng};
use support::{relay_process::RelayProcess, sync_client::SyncClient};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// The writer's changes: change `n` sets key `{prefix}{n}` (`k{n}` for the
/// one writer of most tests); one actor, so each change's hash is the
/// document's only head right after it.
struct Stream {
    document_id: DocumentId,
    prefix: &'static str,
    numbers: HashMap<ChangeHash, u64>,
    written: u64,
    /// Every change up to this one is covered by heads the relay sent.
    acknowledged: Option<u64>,
}

impl Stream {
    /// A new document on the relay at `relay`, and the writer streaming into it.
    async fn begin(id_byte: u8, relay: &RelayProcess) -> (Self, SyncClient) {
        let stream = Self::new(DocumentId::from_bytes([id_byte; 16]), "k");
        let mut writer = SyncClient::new("writer");
        writer.connect(relay.addr).await.unwrap();
        writer
            .client
            .create(stream.document_id, automerge::Automerge::new());
        (stream, writer)
    }

    fn new(document_id: DocumentId, prefix: &'static str) -> Self {
        Self {
            document_id,
            prefix,
            numbers: HashMap::new(),
            written: 0,
            acknowledged: None,
        }
    }

    fn key(&self, n: u64) -> String {
        format!("{}{n}", self.prefix)
    }

    /// Writes one change, sends it and listens for `pause`; whether the
    /// relay is still connected.
    async fn step(&mut self, writer: &mut SyncClient, pause: Duration) -> bool {
        self.write_one(writer);
        let alive = writer.flush().await.is_ok() && writer.receive_for(pause).await.is_ok();
        self.note_acknowledged(writer);
        alive
    }

    fn write_one(&mut self, writer: &mut SyncClient) {
        let n = self.written;
        let doc = writer.client.doc_mut(&self.document_id).unwrap();
        let mut tx = doc.transaction();
        tx.put(automerge::ROOT, self.key(n), n).unwrap();
        tx.commit();
        let heads = doc.get_heads();
        assert_eq!(heads.len(), 1);
        self.numbers.insert(heads[0], n);
        self.written += 1;
    }

    fn note_acknowledged(&mut self, writer: &SyncClient) {
        let Some(heads) = writer.relay_heads.get(&self.document_id) else {
            return;
        };
        for head in heads {
            if let Some(&n) = self.numbers.get(head) {
                self.acknowledged = Some(self.acknowledged.map_or(n, |a| a.max(n)));
            }
        }
    }
}

/// Every change up to `through` must be in the relay's store, read directly
/// (the cheap check, after every kill).
fn assert_stored(storage: &Storage, stream: &Stream, through: u64, round: u64) {
    let store = storage.open();
    let stored = store
        .load(&stream.document_id)
        .unwrap()
        .expect("the document is stored");
    let loaded = LoadedDoc::from_stored(&stored);
    assert!(
        loaded.damaged.is_empty(),
        "round {round}: {:?}",
        loaded.damaged
    );
    let missing: Vec<u64> = (0..=through)
        .filter(|n| {
            loaded
                .doc
                .get(automerge::ROOT, stream.key(*n))
                .ok()
                .flatten()
                .is_none()
        })
        .collect();
    assert!(
        missing.is_empty(),
        "round {round}: acknowledged changes not in the store: {missing:?} (of 0..={through})"
    );
}

/// A fresh peer fetches the document through the relay; every change up to
/// `through` must be in it.
async fn assert_present(relay: &RelayProcess, stream: &Stream, through: u64, round: u64) {
    let mut reader = SyncClient::new(&format!("reader-{round}"));
    reader
        .connect(relay.addr)
        .await
        .expect("the restarted relay answers");
    reader.client.find(stream.document_id);
    let last = stream.key(through);
    let found = reader
        .until(|r| {
            r.client
                .doc(&stream.document_id)
                .is_some_and(|doc| doc.get(automerge::ROOT, &last).ok().flatten().is_some())
        })
        .await
        .expect("the reader stays connected");
    let doc = reader.client.doc(&stream.document_id).unwrap();
    let missing: Vec<u64> = (0..=through)
        .filter(|n| {
            doc.get(automerge::ROOT, stream.key(*n))
                .ok()
                .flatten()
                .is_none()
        })
        .collect();
    assert!(
        found && missing.is_empty(),
        "round {round}: acknowledged changes lost: {missing:?} (of 0..={through})"
    );
}

/// Where the relay under test keeps its documents.
struct Storage {
    data: tempfile::TempDir,
    database_url: Option<String>,
}

impl Storage {
    fn start_relay(&self) -> RelayProcess {
        RelayProcess::start_on(self.data.path(), self.database_url.as_deref())
    }

    fn open(&self) -> Box<dyn Store> {
        match &self.database_url {
            Some(url) => Box::new(PostgresStore::open(url).unwrap()),
            None => Box::new(SqliteStore::open(self.data.path()).unwrap()),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_changes_survive_sigkill() {
    survive_sigkill(None, 1, "durability").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_changes_survive_sigkill_on_postgres() {
    if let Some(url) = LocalPostgres::database_for_test() {
        survive_sigkill(Some(url), 1, "durability on PostgreSQL").await;
    }
}

/// Two relays share the database; the one the writer uses is killed, and
/// the writer goes on with the other, as behind a load balancer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_changes_survive_sigkill_of_one_of_two_relays() {
    if let Some(url) = LocalPostgres::database_for_test() {
        survive_sigkill(Some(url), 2, "durability on two relays").await;
    }
}

/// `name` starts the line of figures (`cargo xtask bench soak` reads
/// SQLite's `durability: …`). With `relays` above one, they share the
/// database, and after each kill the writer moves to the next relay.
async fn survive_sigkill(database_url: Option<String>, relays: usize, name: &str) {
    let storage = Storage {
        data: tempfile::tempdir().unwrap(),
        database_url,
    };
    let kills = env_number("CONCORD_DURABILITY_KILLS", 20);
    let seed = env_number("CONCORD_DURABILITY_SEED", 0x5eed);
    let mut rng = StdRng::seed_from_u64(seed);
    let started = Instant::now();

    let mut others: std::collections::VecDeque<RelayProcess> =
        (1..relays).map(|_| storage.start_relay()).collect();
    let mut relay = storage.start_relay();
    let (mut stream, mut writer) = Stream::begin(0xd0, &relay).await;

    // Changes written but not yet acknowledged when the relay died: the ones
    // a crash may lose on the relay and the client must bring back.
    let mut in_flight_at_kills = 0;
    let mut kills_with_changes_in_flight = 0;
    for round in 0..kills {
        let run_for = Duration::from_millis(rng.random_range(30..300));
        let until = Instant::now() + run_for;
        while Instant::now() < until {
            let pause = Duration::from_millis(rng.random_range(0..8));
            if !stream.step(&mut writer, pause).await {
                break;
            }
        }
        relay.kill();
        let acknowledged = stream.acknowledged;
        let in_flight = stream.written - acknowledged.map_or(0, |a| a + 1);
        in_flight_at_kills += in_flight;
        kills_with_changes_in_flight += u64::from(in_flight > 0);

        // The killed relay comes back, behind the others the writer moves to.
        others.push_back(storage.start_relay());
        relay = others.pop_front().expect("a relay to move to");
        if let Some(through) = acknowledged {
            tokio::task::block_in_place(|| assert_stored(&storage, &stream, through, round));
            // Through the relay too, now and then: fetching is slower, the
            // more so the longer the document grows.
            if round % 10 == 0 {
                assert_present(&relay, &stream, through, round).await;
            }
        }
        writer
            .connect(relay.addr)
            .await
            .expect("the writer reconnects");
        if (round + 1) % 20 == 0 {
            eprintln!(
                "{name}: {} of {kills} kills, {} changes written",
                round + 1,
                stream.written
            );
        }
    }

    // Everything the relay had not acknowledged arrives once the writer reconnects.
    let all_saved = writer
        .until(|w| w.client.saved_on_relay(&stream.document_id))
        .await
        .unwrap();
    assert!(
        all_saved,
        "the relay acknowledges every change after the last restart"
    );
    relay.kill();
    let relay = storage.start_relay();
    assert_present(&relay, &stream, stream.written - 1, kills).await;
    let mean_in_flight = in_flight_at_kills as f64 / kills_with_changes_in_flight.max(1) as f64;
    println!(
        "{name}: {kills} SIGKILLs (seed {seed}), {written} changes written, \
         0 acknowledged changes lost; {kills_with_changes_in_flight} kills came while \
         changes were unacknowledged ({mean_in_flight:.1} on average), all {written} \
         present after the final reconnect; {:.1} s",
        started.elapsed().as_secs_f64(),
        written = stream.written,
    );
}

/// PostgreSQL crashes (`pg_ctl stop -m immediate`) while a client streams
/// changes: nothing written after that is acknowledged while it is down, and
/// once it is back every change arrives and is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_acknowledgement_while_postgres_is_down_and_nothing_lost_after() {
    if let Err(missing) = ServerBinaries::find() {
        println!("skipped on PostgreSQL: {missing}");
        return;
    }
    // A server of this test's own: it is stopped and started again.
    let server = LocalPostgres::start().unwrap();
    let storage = Storage {
        data: tempfile::tempdir().unwrap(),
        database_url: Some(server.create_database().unwrap()),
    };
    let relay = storage.start_relay();
    let (mut stream, mut writer) = Stream::begin(0xd1, &relay).await;
    let stream_for = async |stream: &mut Stream, writer: &mut SyncClient, how_long: Duration| {
        let until = Instant::now() + how_long;
        while Instant::now() < until {
            if !stream.step(writer, Duration::from_millis(5)).await {
                // The relay closed the socket (its room could not store): come
                // back after a pause, as the app's backoff would.
                tokio::time::sleep(Duration::from_millis(50)).await;
                let _ = writer.connect(relay.addr).await;
            }
        }
    };
    stream_for(&mut stream, &mut writer, Duration::from_millis(300)).await;
    assert!(
        stream.acknowledged.is_some(),
        "acknowledged while PostgreSQL runs"
    );

    tokio::task::block_in_place(|| server.stop_immediately().unwrap());
    let written_before_the_stop = stream.written;
    stream_for(&mut stream, &mut writer, Duration::from_millis(1500)).await;
    let acknowledged_while_down = stream.acknowledged.unwrap();
    assert!(
        acknowledged_while_down < written_before_the_stop,
        "change {acknowledged_while_down} was acknowledged while PostgreSQL was down \
         (changes from {written_before_the_stop} on were written after it stopped)"
    );

    tokio::task::block_in_place(|| server.start_again().unwrap());
    let mut back = false;
    for _ in 0..50 {
        if writer.connect(relay.addr).await.is_ok()
            && writer
                .until(|w| w.client.saved_on_relay(&stream.document_id))
                .await
                .unwrap_or(false)
        {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(back, "every change is acknowledged once PostgreSQL is back");
    let through = stream.written - 1;
    tokio::task::block_in_place(|| assert_stored(&storage, &stream, through, 0));
    println!(
        "PostgreSQL outage: {} changes written, {written_before_the_stop} before the stop, \
         none acknowledged while it was down, all stored after it came back",
        stream.written
    );
}

/// Two relays share the database; PostgreSQL stops (`pg_ctl stop -m
/// immediate`, as a crash) while a writer streams into relay A and an
/// observer follows on relay B. While it is down neither relay acknowledges
/// anything and B never shows a change written after the stop; once it is
/// back every change is stored, and B serves all of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_relays_acknowledge_nothing_while_postgres_is_down_and_lose_nothing_after() {
    if let Err(missing) = ServerBinaries::find() {
        println!("skipped on PostgreSQL: {missing}");
        return;
    }
    let server = LocalPostgres::start().unwrap();
    let url = server.create_database().unwrap();
    let storage = Storage {
        data: tempfile::tempdir().unwrap(),
        database_url: Some(url.clone()),
    };
    let b_data = tempfile::tempdir().unwrap();
    let a = storage.start_relay();
    let b = RelayProcess::start_on(b_data.path(), Some(&url));
    let (mut stream, mut writer) = Stream::begin(0xd2, &a).await;
    let stream_for = async |stream: &mut Stream, writer: &mut SyncClient, how_long: Duration| {
        let until = Instant::now() + how_long;
        while Instant::now() < until {
            if !stream.step(writer, Duration::from_millis(5)).await {
                tokio::time::sleep(Duration::from_millis(50)).await;
                let _ = writer.connect(a.addr).await;
            }
        }
    };
    stream_for(&mut stream, &mut writer, Duration::from_millis(300)).await;
    let acknowledged_before = stream
        .acknowledged
        .expect("acknowledged while PostgreSQL runs");
    let id = stream.document_id;
    let mut observer = SyncClient::new("observer");
    observer.connect(b.addr).await.unwrap();
    observer.client.find(id);
    let has = move |client: &SyncClient, n: u64| {
        client.client.doc(&id).is_some_and(|doc| {
            doc.get(automerge::ROOT, format!("k{n}"))
                .ok()
                .flatten()
                .is_some()
        })
    };
    assert!(
        observer
            .until(|o| has(o, acknowledged_before))
            .await
            .unwrap(),
        "b serves what a committed"
    );

    tokio::task::block_in_place(|| server.stop_immediately().unwrap());
    let written_before_the_stop = stream.written;
    stream_for(&mut stream, &mut writer, Duration::from_millis(1500)).await;
    let acknowledged_while_down = stream.acknowledged.unwrap();
    assert!(
        acknowledged_while_down < written_before_the_stop,
        "change {acknowledged_while_down} was acknowledged while PostgreSQL was down \
         (changes from {written_before_the_stop} on were written after it stopped)"
    );
    // B may close the observer's socket while it cannot check its rooms.
    let _ = observer.receive_for(Duration::from_millis(300)).await;
    let seen_on_b: Vec<u64> = (written_before_the_stop..stream.written)
        .filter(|&n| has(&observer, n))
        .collect();
    assert!(
        seen_on_b.is_empty(),
        "b showed changes never committed: {seen_on_b:?}"
    );

    tokio::task::block_in_place(|| server.start_again().unwrap());
    let mut back = false;
    for _ in 0..50 {
        if writer.connect(a.addr).await.is_ok()
            && writer
                .until(|w| w.client.saved_on_relay(&stream.document_id))
                .await
                .unwrap_or(false)
        {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(back, "every change is acknowledged once PostgreSQL is back");
    let through = stream.written - 1;
    tokio::task::block_in_place(|| assert_stored(&storage, &stream, through, 0));
    assert_present(&b, &stream, through, 0).await;
    println!(
        "PostgreSQL outage under two relays: {} changes written, {written_before_the_stop} \
         before the stop, none acknowledged while it was down, all stored and served by \
         the other relay after it came back",
        stream.written
    );
}

/// How every relay of the cluster is stopped.
#[derive(Debug, Clone, Copy)]
enum Stop {
    /// SIGTERM: each shuts down in order.
    Term,
    /// SIGKILL: nothing of theirs is flushed.
    Kill,
}

/// Whether `client` has the change `stream` wrote as number `n`.
fn has(client: &SyncClient, stream: &Stream, n: u64) -> bool {
    client.client.doc(&stream.document_id).is_some_and(|doc| {
        doc.get(automerge::ROOT, stream.key(n))
            .ok()
            .flatten()
            .is_some()
    })
}

/// Every relay of a cluster, two sharing PostgreSQL and NATS, is stopped
/// and started again while a writer on each streams changes into one
/// document: once stopped in order (SIGTERM), once killed (SIGKILL). Each
/// time, every change either relay acknowledged is stored and served by
/// the restarted relays; the writers, who kept editing while no relay
/// ran, reconnect (each to the other relay than before, as a load balancer
/// may send them), all their changes arrive, and each writer's edits reach
/// the other's on the other relay again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_relay_of_a_cluster_restarted_loses_no_acknowledged_change() {
    let Some(url) = LocalPostgres::database_for_test() else {
        return;
    };
    let Some(nats) = LocalNats::for_test() else {
        return;
    };
    let storage = Storage {
        data: tempfile::tempdir().unwrap(),
        database_url: Some(url.clone()),
    };
    let other_data = tempfile::tempdir().unwrap();
    let broker = nats.url();
    let start = || {
        [storage.data.path(), other_data.path()]
            .map(|data| RelayProcess::start_with(data, Some(&url), Some(&broker)))
    };
    let mut relays = start();
    let doc = DocumentId::from_bytes([0xd3; 16]);
    let mut streams = [Stream::new(doc, "ann-"), Stream::new(doc, "ben-")];
    let mut ann = SyncClient::new("ann");
    ann.connect(relays[0].addr).await.unwrap();
    ann.client.create(doc, automerge::Automerge::new());
    streams[0].write_one(&mut ann);
    assert!(ann.until(|c| c.client.saved_on_relay(&doc)).await.unwrap());
    let mut ben = SyncClient::new("ben");
    ben.connect(relays[1].addr).await.unwrap();
    ben.client.find(doc);
    assert!(ben.until(|c| has(c, &streams[0], 0)).await.unwrap());
    let mut writers = [ann, ben];
    // Which relay each writer uses.
    let mut on = [0, 1];

    for (round, stop) in [Stop::Term, Stop::Kill].into_iter().enumerate() {
        let round = round as u64;
        let until = Instant::now() + Duration::from_millis(300);
        while Instant::now() < until {
            for (stream, writer) in streams.iter_mut().zip(&mut writers) {
                stream.step(writer, Duration::from_millis(5)).await;
            }
        }
        let acknowledged = streams.each_ref().map(|stream| stream.acknowledged);
        assert!(
            acknowledged.iter().all(Option::is_some),
            "round {round}: both relays acknowledge while they run"
        );
        match stop {
            Stop::Term => tokio::task::block_in_place(|| relays.map(RelayProcess::stop)),
            Stop::Kill => relays.map(RelayProcess::kill),
        };
        // Editing goes on with no relay to send to.
        for (stream, writer) in streams.iter_mut().zip(&mut writers) {
            for _ in 0..3 {
                stream.write_one(writer);
                let _ = writer.flush().await;
            }
        }

        relays = start();
        for (n, stream) in streams.iter().enumerate() {
            let through = acknowledged[n].unwrap();
            tokio::task::block_in_place(|| assert_stored(&storage, stream, through, round));
            // Each relay serves what either acknowledged.
            for (r, relay) in relays.iter().enumerate() {
                let check = 10 * round + 2 * n as u64 + r as u64;
                assert_present(relay, stream, through, check).await;
            }
        }
        for (n, writer) in writers.iter_mut().enumerate() {
            on[n] = 1 - on[n];
            writer
                .connect(relays[on[n]].addr)
                .await
                .expect("the writer reconnects");
        }
        // Each writer's next change, acknowledged with the ones written
        // while no relay ran, reaches the other, on the other relay.
        for (stream, writer) in streams.iter_mut().zip(&mut writers) {
            stream.step(writer, Duration::from_millis(5)).await;
            assert!(
                writer
                    .until(|c| c.client.saved_on_relay(&doc))
                    .await
                    .unwrap(),
                "round {round}: {}'s changes are acknowledged after the restart",
                stream.prefix
            );
        }
        for n in 0..2 {
            let (stream, other) = (&streams[1 - n], &mut writers[n]);
            let last = stream.written - 1;
            assert!(
                other.until(|c| has(c, stream, last)).await.unwrap(),
                "round {round}: writer {n} gets the other's change {last} after the restart"
            );
        }
    }

    for writer in &mut writers {
        assert!(
            writer
                .until(|c| c.client.saved_on_relay(&doc))
                .await
                .unwrap(),
            "every change is acknowledged after the last restart"
        );
    }
    let [ann, ben] = &mut writers;
    let deadline = tokio::time::Instant::now() + support::WAIT;
    let heads = |c: &SyncClient| c.client.doc(&doc).unwrap().get_heads();
    while heads(ann) != heads(ben) && tokio::time::Instant::now() < deadline {
        ann.receive_for(Duration::from_millis(20)).await.unwrap();
        ben.receive_for(Duration::from_millis(20)).await.unwrap();
    }
    assert_eq!(heads(ann), heads(ben), "ann and ben converge");
    for stream in &streams {
        let through = stream.written - 1;
        tokio::task::block_in_place(|| assert_stored(&storage, stream, through, 2));
        for writer in [&*ann, &*ben] {
            let lost: Vec<u64> = (0..stream.written)
                .filter(|&n| !has(writer, stream, n))
                .collect();
            assert!(
                lost.is_empty(),
                "changes of {} lost: {lost:?}",
                stream.prefix
            );
        }
    }
    println!(
        "every relay restarted twice (SIGTERM, SIGKILL): {} + {} changes written, \
         0 acknowledged changes lost, all present and converged",
        streams[0].written, streams[1].written
    );
}
