//! The relay's work for one accepted one-cell batch in S5's tracker, without
//! sockets, disk or load generator: a room with the relay's access policy,
//! one editor sending status changes, each applied, judged and answered.
//! For a profiler (`perf record`, `valgrind --tool=callgrind`):
//!
//! `cargo build --release -p concord-bench --example tracker_batch`, then
//! `target/release/examples/tracker_batch ROWS BATCHES [whole-history]`.
//! The tracker is kept in the temporary directory between runs.
//!
//! It then splits the batch's cost in the same run: Automerge applying the
//! change; the model judging it from the batch's own ops with object paths
//! found afresh (the relay before it kept them) and kept per document (the
//! relay now); the access policy judging it (actor claim, catalog and all)
//! from the batch and by the old diff of the whole history. All on the very
//! same states, so the figures compare on a machine whose speed varies
//! between runs. `ROWS` 1 is the near-empty document to compare with.

use std::{sync::Arc, time::Instant};

use anyhow::Context as _;
use automerge::sync::{self, BloomFilter, ChunkList, Have, MessageVersion};
use concord_bench::{
    known_heads::KnownHeads, private_edits::PrivateEdits, rebase::Rebaser, tracker,
};
use concord_model::{ObjectPaths, Person, PersonId, check_applied, check_applied_with};
use concord_relay::{
    access_policy::AccessPolicy, accounts::WorkspaceCalendar, actor_registry::InMemoryActors,
    doc_catalog::DocCatalog,
};
use concord_sync::{
    DocumentId, PeerId,
    engine::{
        ChangeBatch, Limits, Policy,
        hub::{Room, RoomInput, RoomOutput},
    },
};

/// This thread's CPU time: wall time on a shared machine counts others' work.
fn cpu_time() -> std::time::Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    std::time::Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let rows: usize = args.next().map_or(Ok(2000), |a| a.parse())?;
    let batches: u32 = args.next().map_or(Ok(200), |a| a.parse())?;
    let whole_history = args.next().is_some_and(|a| a == "whole-history");
    let owner: PersonId = "owner".parse()?;
    let editor: PersonId = "editor1".parse()?;
    let built = Instant::now();
    // Building takes a while; a profiler wants the batches only.
    let cache = std::env::temp_dir().join(format!("concord-tracker-{rows}.automerge"));
    let editors = std::slice::from_ref(&editor);
    let tracker = match std::fs::read(&cache) {
        Ok(bytes) => tracker::Tracker::from_bytes(bytes, editors)?,
        Err(_) => {
            let tracker = tracker::build(&owner, editors, rows)?;
            std::fs::write(&cache, &tracker.bytes)?;
            tracker
        }
    };
    eprintln!(
        "{rows} rows, {} changes, {} KiB, built in {:?}",
        tracker.changes,
        tracker.bytes.len() / 1024,
        built.elapsed()
    );
    let policy = Arc::new(AccessPolicy::new(
        Arc::new(InMemoryActors::default()),
        Arc::new(DocCatalog::default()),
    ));
    let peer: PeerId = "editor1-peer".parse()?;
    policy.bind_peer(peer.clone(), Person::staff(editor.clone(), Vec::new()));
    policy.judge_whole_history(whole_history);
    let mut room = Room::new(
        DocumentId::from_bytes([1; 16]),
        "relay".parse()?,
        Limits::default(),
        policy.clone(),
    );
    room.handle(RoomInput::Loaded {
        chunks: vec![tracker.bytes.clone()],
    });
    let mut known = KnownHeads::of(room.doc());
    let rows_of_editor = tracker.rows.first().cloned().unwrap_or_default();
    let mut edits = tracker::TrackerEdits::new(&tracker, editor, rows_of_editor)?;
    let mut rebaser = Rebaser::new(edits.actor());
    let mut times = Vec::new();
    let mut cpu = std::time::Duration::ZERO;
    for seq in 0..batches {
        let made = edits.edit("probe".into(), seq * 10 + 1)?;
        let change = rebaser.rebase(&made, known.heads(), known.max_op());
        known.add(&change);
        let heads = known.heads().to_vec();
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
        let (started, cpu_before) = (Instant::now(), cpu_time());
        let mut outputs = room.handle(RoomInput::Sync {
            peer: peer.clone(),
            data,
        });
        outputs.extend(room.tick());
        times.push(started.elapsed());
        cpu += cpu_time().saturating_sub(cpu_before);
        if let Some(RoomOutput::Refused { reason, .. }) = outputs
            .iter()
            .find(|o| matches!(o, RoomOutput::Refused { .. }))
        {
            anyhow::bail!("batch {seq} refused: {reason}");
        }
    }
    times.sort();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    println!(
        "{} batches{}: CPU {:.3} ms each; wall median {:.3} ms, p90 {:.3} ms",
        times.len(),
        if whole_history {
            " (whole-history diff)"
        } else {
            ""
        },
        ms(cpu) / times.len() as f64,
        ms(times[times.len() / 2]),
        ms(times[times.len() * 9 / 10]),
    );
    split(
        &policy,
        &peer,
        room.doc().clone(),
        &mut edits,
        &mut rebaser,
        &mut known,
        batches,
    )
}

/// Each of `batches` more one-cell batches applied to `doc` and judged by
/// `policy` both ways, each part timed alone (thread CPU, median).
fn split(
    policy: &AccessPolicy,
    peer: &PeerId,
    mut doc: automerge::Automerge,
    edits: &mut tracker::TrackerEdits,
    rebaser: &mut Rebaser,
    known: &mut KnownHeads,
    batches: u32,
) -> anyhow::Result<()> {
    let document_id = DocumentId::from_bytes([1; 16]);
    let (mut apply, mut judged, mut whole) = (Vec::new(), Vec::new(), Vec::new());
    // The model's judging alone, finding paths afresh for every batch (as
    // the relay did before it kept them per document) and with them kept
    // (learned as the relay's access policy does at a room's first batch).
    let (mut fresh, mut kept) = (Vec::new(), Vec::new());
    let learned = cpu_time();
    let mut paths = ObjectPaths::of(&doc);
    println!(
        "learning where the document's {} objects sit (once per room): CPU {:.3} ms",
        paths.len(),
        cpu_time().saturating_sub(learned).as_secs_f64() * 1e3
    );
    let who = Person::staff(edits.me().clone(), Vec::new());
    let today = WorkspaceCalendar::default()
        .today(now_ms())
        .context("today")?;
    let timed = |f: &mut dyn FnMut() -> anyhow::Result<()>| {
        let started = cpu_time();
        f().map(|()| cpu_time().saturating_sub(started))
    };
    for seq in 0..batches {
        let made = edits.set_status("split".into(), seq)?;
        let change = rebaser.rebase(&made, known.heads(), known.max_op());
        known.add(&change);
        let before = doc.get_heads();
        let changes = vec![change];
        apply.push(timed(&mut || Ok(doc.apply_changes(changes.clone())?))?);
        let batch = ChangeBatch {
            doc: &doc,
            before: &before,
            changes: &changes,
        };
        let after = doc.get_heads();
        fresh.push(timed(&mut || {
            check_applied(&doc, &before, &after, &changes, &who, &today)
                .map_err(|refusal| anyhow::anyhow!("refused: {refusal:?}"))
        })?);
        kept.push(timed(&mut || {
            check_applied_with(&doc, &before, &after, &changes, &who, &today, &mut paths)
                .map(|_| ())
                .map_err(|refusal| anyhow::anyhow!("refused: {refusal:?}"))
        })?);
        for (old, into) in [(false, &mut judged), (true, &mut whole)] {
            policy.judge_whole_history(old);
            into.push(timed(&mut || {
                policy
                    .check_changes(peer, &document_id, &batch)
                    .map_err(|refusal| anyhow::anyhow!("refused: {}", refusal.message))
            })?);
        }
    }
    // Mean beside median: a few slow batches (Automerge growing a column)
    // are part of the cost too.
    let figures = |mut v: Vec<std::time::Duration>| {
        v.sort();
        let ms = |d: &std::time::Duration| d.as_secs_f64() * 1e3;
        let mean = v.iter().map(ms).sum::<f64>() / v.len().max(1) as f64;
        let median = v.get(v.len() / 2).map_or(0.0, ms);
        format!("median {median:.3} ms, mean {mean:.3} ms")
    };
    println!("split of {batches} one-cell batches, CPU each:");
    println!("  Automerge applying it:          {}", figures(apply));
    println!("  model, paths found afresh:      {}", figures(fresh));
    println!("  model, paths kept per document: {}", figures(kept));
    println!("  judged from the batch (relay):  {}", figures(judged));
    println!("  judged by whole-history diff:   {}", figures(whole));
    Ok(())
}
