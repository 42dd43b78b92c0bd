//! What every simulated person does in an edit run, full replica or thin:
//! edit on an open-loop schedule, take in what arrives, and measure.

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use automerge::ChangeHash;
use concord_sync::DocumentId;
use futures_util::{FutureExt as _, StreamExt as _};
use tokio::{
    sync::watch,
    time::{sleep_until, timeout},
};

use crate::{frames::Frames, latency::LatencyHistogram};

/// Frames handled before one answer: a client that fell behind catches up
/// in batches instead of answering every frame.
const BATCH_FRAMES: usize = 64;

/// What every client of a run adds to, read by the run's sampler.
#[derive(Debug, Default)]
pub struct Counters {
    pub edits: AtomicU64,
    pub deliveries: AtomicU64,
    /// Microseconds since the run's epoch of the latest delivery.
    pub last_delivery_us: AtomicU64,
}

/// When a client edits: `edits` changes, one every `period`, from `first`.
#[derive(Debug, Clone, Copy)]
pub struct EditPlan {
    pub edits: u32,
    pub period: Duration,
    pub first: Instant,
}

/// What a client measured, handed back when it stops.
pub struct ClientReport {
    pub document_id: DocumentId,
    /// Its heads at the end, as a full replica would have them.
    pub heads: Vec<ChangeHash>,
    pub fan_out: LatencyHistogram,
    pub schedule_lag: LatencyHistogram,
    pub bytes_out: u64,
    pub bytes_in: u64,
    /// Changes that did not apply, or the reason the connection ended early.
    pub failures: Vec<String>,
}

/// A client's measurements while it runs.
pub struct Tally {
    epoch: Instant,
    counters: Arc<Counters>,
    fan_out: LatencyHistogram,
    schedule_lag: LatencyHistogram,
    pub failures: Vec<String>,
}

impl Tally {
    pub fn new(epoch: Instant, counters: Arc<Counters>) -> Self {
        Self {
            epoch,
            counters,
            fan_out: LatencyHistogram::new(),
            schedule_lag: LatencyHistogram::new(),
            failures: Vec::new(),
        }
    }

    /// An edit due at `due` is made now; its stamp (the due time, so that
    /// a late generator counts as latency) goes into its change.
    pub fn editing(&mut self, due: Instant) -> String {
        self.schedule_lag
            .record_us(micros(Instant::now().saturating_duration_since(due)));
        self.counters.edits.fetch_add(1, Ordering::Relaxed);
        format!(
            "{STAMP_PREFIX}{}",
            micros(due.saturating_duration_since(self.epoch))
        )
    }

    /// Changes of others arrived, each with the stamp its edit carried.
    pub fn delivered(&mut self, stamps: &[u64]) {
        if stamps.is_empty() {
            return;
        }
        let now_us = micros(self.epoch.elapsed());
        for stamp in stamps {
            self.fan_out.record_us(now_us.saturating_sub(*stamp));
        }
        self.counters
            .deliveries
            .fetch_add(stamps.len() as u64, Ordering::Relaxed);
        self.counters
            .last_delivery_us
            .fetch_max(now_us, Ordering::Relaxed);
    }

    pub fn report(
        self,
        document_id: DocumentId,
        heads: Vec<ChangeHash>,
        frames: Frames,
    ) -> ClientReport {
        let (bytes_out, bytes_in) = (frames.bytes_out, frames.bytes_in);
        frames.close();
        ClientReport {
            document_id,
            heads,
            fan_out: self.fan_out,
            schedule_lag: self.schedule_lag,
            bytes_out,
            bytes_in,
            failures: self.failures,
        }
    }
}

/// What a stamp starts with: a space, so the message names no author (a
/// relay with sessions refuses a change whose message names anyone but its
/// signer: `Refusal::NotYourName`).
pub const STAMP_PREFIX: &str = "t ";

/// A stamp as an edit wrote it into its change's message.
pub fn stamp_of(message: Option<&str>) -> Option<u64> {
    message?.strip_prefix(STAMP_PREFIX)?.parse().ok()
}

pub fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

/// One simulated person during a run.
pub trait EditingClient: Send {
    fn frames(&mut self) -> &mut Frames;
    fn tally(&mut self) -> &mut Tally;
    /// Makes the edit due at `due`, the client's `seq`th, and sends it.
    fn edit(&mut self, due: Instant, seq: u32) -> anyhow::Result<()>;
    /// Takes in one frame from the server.
    fn receive(&mut self, frame: &[u8]) -> anyhow::Result<()>;
    /// Answers what a batch of frames called for.
    fn answer(&mut self) -> anyhow::Result<()>;
    /// Stops and reports.
    fn report(self) -> ClientReport;
}

/// Edits on the plan's schedule (open loop: an edit is due at its time
/// whatever the replies) and takes in what arrives, until `stop` turns true.
pub async fn run<C: EditingClient>(
    mut client: C,
    plan: EditPlan,
    mut stop: watch::Receiver<bool>,
) -> ClientReport {
    let mut made = 0u32;
    loop {
        let due = plan.first + plan.period * made;
        tokio::select! {
            biased;
            _ = stop.changed() => break,
            _ = sleep_until(due.into()), if made < plan.edits => {
                if let Err(e) = client.edit(due, made) {
                    client.tally().failures.push(format!("edit: {e:#}"));
                    break;
                }
                made += 1;
            }
            frame = client.frames().source.next() => {
                if let Err(e) = receive_batch(&mut client, frame) {
                    client.tally().failures.push(format!("receive: {e:#}"));
                    break;
                }
            }
        }
    }
    client.report()
}

/// Takes in `first` and whatever else is already there, then answers once.
fn receive_batch<C: EditingClient>(
    client: &mut C,
    first: Option<
        Result<tokio_tungstenite::tungstenite::Message, tokio_tungstenite::tungstenite::Error>,
    >,
) -> anyhow::Result<()> {
    let mut next = first;
    for _ in 0..BATCH_FRAMES {
        if let Some(frame) = client.frames().binary(next)? {
            client.receive(&frame)?;
        }
        match client.frames().source.next().now_or_never() {
            Some(more) => next = more,
            None => break,
        }
    }
    client.answer()
}

/// Takes in frames until `joined` says so, or `limit` passes.
pub async fn until<C: EditingClient>(
    client: &mut C,
    limit: Duration,
    mut joined: impl FnMut(&mut C) -> bool,
) -> anyhow::Result<()> {
    timeout(limit, async {
        while !joined(client) {
            let frame = client.frames().next().await?;
            client.receive(&frame)?;
            client.answer()?;
        }
        anyhow::Ok(())
    })
    .await
    .map_err(|_| anyhow::anyhow!("not joined within {limit:?}"))?
}
