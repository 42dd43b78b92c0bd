//! The relay's cost of producing tasks and messages per accepted change,
//! side by side with its cost of accepting the change (issue 20's target:
//! the first under 10% of the second). No sockets: a room with the relay's
//! access policy over a SQLite store in a temporary directory, one editor
//! sending one-cell status changes.
//!
//! For each change, on the same states:
//! - accepting it: the room applying and judging it (`Room::handle` and
//!   `tick`, the access policy and catalogue included), then storing the
//!   chunk the room hands out (`Store::append`, synced to disk);
//! - (b) producing what it tells: `DocDigests::accepted`, which the room's
//!   access policy calls with the rows the judge found the change touched
//!   (here called by the benchmark itself, with the same rows, so it is
//!   timed apart);
//! - (c) then serving it: `DocDigests::of` for the reader's 200 documents,
//!   as a task- or message-centre request asks for them (at most one per
//!   change; most changes see none).
//!
//! Then where a digest's time goes, step by step, on the large tracker.
//!
//! `cargo build --release -p concord-bench --example digest_per_change`, then
//! `target/release/examples/digest_per_change [ROWS [CHANGES [DOCS DOC_ROWS]]]`
//! (default 2000 300 200 20000: one tracker of ROWS rows, then DOCS trackers
//! holding DOC_ROWS rows in all of which one changes; DOCS 0 skips them).
//! Trackers are kept in the temporary directory between runs.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::Context as _;
use automerge::{
    AutoCommit, LoadOptions, OnPartialLoad,
    sync::{self, BloomFilter, ChunkList, Have, MessageVersion},
};
use concord_bench::{
    known_heads::KnownHeads, private_edits::PrivateEdits, rebase::Rebaser, tracker,
};
use concord_model::{
    ConcordDoc, ObjectPaths, Person, PersonId, Today, check_applied_with, views::DocDigest,
};
use concord_relay::{
    access_policy::AccessPolicy,
    accounts::{WorkspaceCalendar, WorkspaceZone},
    actor_registry::InMemoryActors,
    doc_catalog::{DocCatalog, Listed},
    doc_digests::DocDigests,
    store::{NewChunk, SqliteStore, Store},
};
use concord_sync::{
    DocumentId, PeerId,
    engine::{
        Limits,
        hub::{Room, RoomInput, RoomOutput},
    },
};

/// This thread's CPU time: wall time on a shared machine counts others' work.
fn cpu_time() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Wall and thread CPU time of one step.
#[derive(Clone, Copy, Default)]
struct Spent {
    wall: Duration,
    cpu: Duration,
}

impl std::ops::Add for Spent {
    type Output = Spent;
    fn add(self, other: Spent) -> Spent {
        Spent {
            wall: self.wall + other.wall,
            cpu: self.cpu + other.cpu,
        }
    }
}

fn timed<T>(f: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<(T, Spent)> {
    let (wall, cpu) = (Instant::now(), cpu_time());
    let out = f()?;
    let spent = Spent {
        wall: wall.elapsed(),
        cpu: cpu_time().saturating_sub(cpu),
    };
    Ok((out, spent))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median and mean, in ms.
fn figures(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let mean = v.iter().copied().map(ms).sum::<f64>() / v.len().max(1) as f64;
    (v.get(v.len() / 2).copied().map_or(0.0, ms), mean)
}

fn line(label: &str, v: Vec<Duration>) -> f64 {
    let (median, mean) = figures(v);
    println!("  {label:<52} {median:>9.3} ms {mean:>9.3} ms");
    median
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut next = |default: usize| args.next().map_or(Ok(default), |a| a.parse());
    let rows = next(2000)?;
    let changes = next(300)?;
    let docs = next(200)?;
    let doc_rows = next(20_000)?;
    let today = WorkspaceCalendar::default()
        .today(now_ms())
        .context("today")?;
    let zone = WorkspaceZone::default_zone();

    println!(
        "\n== relay: producing tasks and messages per accepted change, side by side (release; \
         median and mean of {changes} one-cell changes)"
    );
    println!(
        "(b) is paid by the room at every change; (c) at a task- or message-centre request, \
         here one after every change"
    );
    let mut one = Setup::new(rows, 1)?;
    let large = one.run(changes, &today, &zone)?;
    large.print(&format!("one tracker of {rows} rows"));
    if let Some(per_doc) = doc_rows.checked_div(docs) {
        let mut many = Setup::new(per_doc, docs)?;
        let cold = many.cold(&today, &zone)?;
        let set = many.run(changes, &today, &zone)?;
        set.print(&format!(
            "{docs} trackers of {per_doc} rows ({doc_rows} in all), one changed"
        ));
        println!(
            "  (the first centre read after a start reads all {docs}: {:.1} ms wall)",
            ms(cold.wall)
        );
    }
    one.profile(&today, &zone)
}

/// A reader's documents in one store, with a room open for the first,
/// where the editor's changes land.
struct Setup {
    _dir: tempfile::TempDir,
    store: SqliteStore,
    room: Room,
    catalog: Arc<DocCatalog>,
    digests: DocDigests,
    listed: Vec<Listed>,
    peer: PeerId,
    person: Person,
    edits: tracker::TrackerEdits,
    rebaser: Rebaser,
    known: KnownHeads,
    changed: DocumentId,
}

/// The times of each accepted change's parts.
#[derive(Default)]
struct Runs {
    judged: Vec<Spent>,
    stored: Vec<Spent>,
    digest: Vec<Spent>,
    served: Vec<Spent>,
}

impl Setup {
    /// `docs` copies of a tracker of `rows` rows, all readable by the editor.
    fn new(rows: usize, docs: usize) -> anyhow::Result<Self> {
        let owner: PersonId = "owner".parse()?;
        let editor: PersonId = "editor1".parse()?;
        let editors = std::slice::from_ref(&editor);
        let built = Instant::now();
        // The same cache as tracker_batch: building takes a while.
        let cache = std::env::temp_dir().join(format!("concord-tracker-{rows}.automerge"));
        let tracker = match std::fs::read(&cache) {
            Ok(bytes) => tracker::Tracker::from_bytes(bytes, editors)?,
            Err(_) => {
                let tracker = tracker::build(&owner, editors, rows)?;
                std::fs::write(&cache, &tracker.bytes)?;
                tracker
            }
        };
        eprintln!(
            "{docs} × {rows} rows, {} changes, {} KiB each, built in {:?}",
            tracker.changes,
            tracker.bytes.len() / 1024,
            built.elapsed()
        );
        let dir = tempfile::tempdir()?;
        let store = SqliteStore::open(dir.path())?;
        let ids: Vec<DocumentId> = (0..docs)
            .map(|i| {
                let mut bytes = [7u8; 16];
                bytes[..8].copy_from_slice(&(i as u64).to_le_bytes());
                DocumentId::from_bytes(bytes)
            })
            .collect();
        // Stored as the relay keeps a document between compactions: a
        // snapshot, then the chunks of the changes accepted since.
        for id in &ids {
            let seqs = store.append(&[NewChunk {
                doc: *id,
                data: tracker.bytes.clone(),
            }])?;
            store.compact(id, &tracker.bytes, &seqs)?;
        }
        let catalog = Arc::new(DocCatalog::default());
        let policy = Arc::new(AccessPolicy::new(
            Arc::new(InMemoryActors::default()),
            catalog.clone(),
        ));
        let peer: PeerId = "editor1-peer".parse()?;
        let person = Person::staff(editor.clone(), Vec::new());
        policy.bind_peer(peer.clone(), person.clone());
        let changed = *ids.first().context("no documents")?;
        let mut room = Room::new(changed, "relay".parse()?, Limits::default(), policy);
        room.handle(RoomInput::Loaded {
            chunks: vec![tracker.bytes.clone()],
        });
        let card = catalog
            .card(changed, room.doc())
            .context("the tracker's card")?;
        let role = card
            .role_of(&person)
            .map_err(|r| anyhow::anyhow!("{r:?}"))?;
        let listed = ids
            .iter()
            .map(|id| Listed {
                id: *id,
                card: card.clone(),
                role,
            })
            .collect();
        let known = KnownHeads::of(room.doc());
        let mine = tracker.rows.first().cloned().unwrap_or_default();
        let edits = tracker::TrackerEdits::new(&tracker, editor, mine)?;
        let rebaser = Rebaser::new(edits.actor());
        Ok(Self {
            _dir: dir,
            store,
            room,
            catalog,
            digests: DocDigests::default(),
            listed,
            peer,
            person,
            edits,
            rebaser,
            known,
            changed,
        })
    }

    /// Every listed document's digest, as a centre request asks for them.
    fn cold(&self, today: &Today, zone: &WorkspaceZone) -> anyhow::Result<Spent> {
        let (_, spent) = timed(|| {
            Ok(self.digests.of(
                &self.listed,
                |id| self.catalog.heads(id),
                &self.store,
                today,
                zone,
            )?)
        })?;
        Ok(spent)
    }

    fn run(&mut self, changes: usize, today: &Today, zone: &WorkspaceZone) -> anyhow::Result<Runs> {
        // Digests as they stand before the first change: each run measures
        // the change, not the first read since a start.
        self.cold(today, zone)?;
        let mut runs = Runs::default();
        for seq in 0..changes as u32 {
            // Signed by the editor, so it names the editor as its author:
            // the relay refuses a change that names anyone else.
            let made = self.edits.set_status(self.person.id.to_string(), seq)?;
            let before = self.known.heads().to_vec();
            let change = self
                .rebaser
                .rebase(&made, self.known.heads(), self.known.max_op());
            self.known.add(&change);
            let heads = self.known.heads().to_vec();
            let data = sync::Message {
                heads: heads.clone(),
                need: Vec::new(),
                have: vec![Have {
                    last_sync: heads,
                    bloom: BloomFilter::default(),
                }],
                changes: ChunkList::from(vec![change.raw_bytes().to_vec()]),
                flags: None,
                version: MessageVersion::V1,
            }
            .encode();
            let (outputs, judged) = timed(|| {
                let mut outputs = self.room.handle(RoomInput::Sync {
                    peer: self.peer.clone(),
                    data,
                });
                outputs.extend(self.room.tick());
                Ok(outputs)
            })?;
            let mut chunks = Vec::new();
            for output in outputs {
                match output {
                    RoomOutput::Store { chunk } => chunks.push(NewChunk {
                        doc: self.changed,
                        data: chunk,
                    }),
                    RoomOutput::Refused { reason, .. } => {
                        anyhow::bail!("change {seq} refused: {reason}")
                    }
                    RoomOutput::Failed { reason } => anyhow::bail!("room failed: {reason}"),
                    RoomOutput::Compact { .. } | RoomOutput::Send { .. } => {}
                }
            }
            anyhow::ensure!(!chunks.is_empty(), "change {seq} stored nothing");
            let (_, stored) = timed(|| Ok(self.store.append(&chunks)?))?;
            runs.judged.push(judged);
            runs.stored.push(stored);
            // The rows the judge found touched, as the policy hands them on.
            let doc = self.room.doc();
            let after = doc.get_heads();
            let changes = [change];
            let touched = check_applied_with(
                doc,
                &before,
                &after,
                &changes,
                &self.person,
                today,
                &mut ObjectPaths::default(),
            )
            .map_err(|r| anyhow::anyhow!("{r:?}"))?;
            let (_, kept) = timed(|| {
                self.digests
                    .accepted(&self.changed, doc, &before, &touched, &changes, today, zone);
                Ok(())
            })?;
            runs.digest.push(kept);
            runs.served.push(self.cold(today, zone)?);
        }
        Ok(runs)
    }

    /// Where one whole read of the changed document's digest goes, step by
    /// step, as `DocDigests::of` takes them where it has none kept (the
    /// first centre request since a start, or after a change to more than
    /// task rows; CPU, median of a few).
    fn profile(&self, today: &Today, zone: &WorkspaceZone) -> anyhow::Result<()> {
        const RUNS: usize = 9;
        const STEPS: [&str; 4] = [
            "reading the stored snapshot and chunks",
            "loading them into an AutoCommit",
            "typed as a ConcordDoc",
            "DocDigest::read (every row, the process, history)",
        ];
        let id = self.changed.to_string();
        let mut times: [Vec<Duration>; 4] = Default::default();
        let (mut items, mut messages) = (0, 0);
        for _ in 0..RUNS {
            let mut lap = Lap::start();
            let stored = self.store.load(&self.changed)?.context("stored")?;
            lap.to(&mut times[0]);
            let mut whole = stored.snapshot.clone().unwrap_or_default();
            for chunk in &stored.chunks {
                whole.extend_from_slice(&chunk.data);
            }
            let strict = LoadOptions::new().on_partial_load(OnPartialLoad::Error);
            let auto = AutoCommit::load_with_options(&whole, strict)?;
            lap.to(&mut times[1]);
            let mut doc =
                ConcordDoc::from_automerge(auto).map_err(|e| anyhow::anyhow!("{:?}", e.error))?;
            lap.to(&mut times[2]);
            let digest = DocDigest::read(&id, &mut doc, today, zone);
            lap.to(&mut times[3]);
            (items, messages) = (digest.awaiting().count(), digest.messages().count());
        }
        println!(
            "  where one digest of the {}-change tracker goes (CPU, median of {RUNS}; \
             {items} items, {messages} messages):",
            self.room.doc().get_changes(&[]).len()
        );
        for (label, times) in STEPS.into_iter().zip(times) {
            let (median, _) = figures(times);
            println!("    {label:<50} {median:>9.3} ms");
        }
        Ok(())
    }
}

/// Thread CPU time since the last lap.
struct Lap(Duration);

impl Lap {
    fn start() -> Self {
        Self(cpu_time())
    }

    fn to(&mut self, times: &mut Vec<Duration>) {
        let now = cpu_time();
        times.push(now.saturating_sub(self.0));
        self.0 = now;
    }
}

impl Runs {
    fn print(self, what: &str) {
        println!("{what}:");
        println!("  {:<52} {:>12} {:>12}", "", "median", "mean");
        let wall = |v: &[Spent]| v.iter().map(|s| s.wall).collect::<Vec<_>>();
        let cpu = |v: &[Spent]| v.iter().map(|s| s.cpu).collect::<Vec<_>>();
        let accepted: Vec<Spent> = self
            .judged
            .iter()
            .zip(&self.stored)
            .map(|(j, s)| *j + *s)
            .collect();
        line(
            "(a) applying and judging it: room, policy (CPU)",
            cpu(&self.judged),
        );
        line(
            "    storing its chunk, synced to disk (wall)",
            wall(&self.stored),
        );
        let a_wall = line("    accepting it in all (wall)", wall(&accepted));
        let a_cpu = line("    accepting it in all (CPU)", cpu(&accepted));
        let b_wall = line(
            "(b) its tasks and messages: accepted (wall)",
            wall(&self.digest),
        );
        let b_cpu = line("    the same (CPU)", cpu(&self.digest));
        let c_wall = line(
            "(c) then a centre request's digests: of (wall)",
            wall(&self.served),
        );
        println!(
            "  (b) / (a), medians: {:.1}% of wall time, {:.1}% of CPU time (target: under 10%)",
            100.0 * b_wall / a_wall.max(f64::MIN_POSITIVE),
            100.0 * b_cpu / a_cpu.max(f64::MIN_POSITIVE),
        );
        println!(
            "  (b + c) / (a), a centre request after every change: {:.1}% of wall time",
            100.0 * (b_wall + c_wall) / a_wall.max(f64::MIN_POSITIVE),
        );
    }
}
