//! One simulated person: a real Automerge replica on its own websocket.
//!
//! Against a merging system it runs the engine's `Client` (the automerge-repo
//! protocol with `automerge::sync`), so sync costs are real. Against the echo
//! relay there is no server side to sync with, so each edit's change bytes go
//! out in a `sync` frame and every receiver applies them: the least work a
//! replica can do to stay in step.

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use automerge::{
    Automerge, Change, ChangeHash, ObjId, ObjType, ROOT, ReadDoc, transaction::CommitOptions,
    transaction::Transactable,
};
use concord_sync::{
    DocumentId, Message, PeerId, PeerMetadata,
    engine::client::{Client, ClientOutput},
};
use futures_util::{
    FutureExt as _, SinkExt, StreamExt,
    stream::{SplitSink, SplitStream},
};
use tokio::{
    net::TcpStream,
    sync::{mpsc, watch},
    task::JoinHandle,
    time::{sleep_until, timeout},
};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async_with_config, tungstenite};

use crate::latency::LatencyHistogram;

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Frames handled before one tick: a client that fell behind catches up in
/// batches instead of answering every frame.
const BATCH_FRAMES: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// automerge-repo with `automerge::sync`, through the engine's `Client`.
    Sync,
    /// Raw change bytes forwarded by the echo relay.
    Echo,
}

/// What every client of a run adds to, read by the run's sampler.
#[derive(Debug, Default)]
pub struct Counters {
    pub edits: AtomicU64,
    pub deliveries: AtomicU64,
    /// Microseconds since the run's epoch of the latest delivery.
    pub last_delivery_us: AtomicU64,
}

/// A document's first state, the same bytes for every replica.
pub struct Seed {
    pub document_id: DocumentId,
    pub bytes: Vec<u8>,
}

impl Seed {
    /// A document with the Text and the map the edits write to.
    pub fn new(document_id: DocumentId) -> anyhow::Result<Self> {
        let mut doc = Automerge::new();
        doc.transact::<_, _, automerge::AutomergeError>(|tx| {
            tx.put_object(ROOT, "text", ObjType::Text)?;
            tx.put_object(ROOT, "fields", ObjType::Map)?;
            Ok(())
        })
        .map_err(|f| f.error)?;
        Ok(Self {
            document_id,
            bytes: doc.save(),
        })
    }
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
    pub heads: Vec<ChangeHash>,
    pub fan_out: LatencyHistogram,
    pub schedule_lag: LatencyHistogram,
    pub bytes_out: u64,
    pub bytes_in: u64,
    /// Changes that did not apply, or the reason the connection ended early.
    pub failures: Vec<String>,
}

pub struct LoadClient {
    client: Client,
    /// Frames from the server.
    source: SplitStream<Socket>,
    /// Frames to the server, written by their own task: a server that stops
    /// reading delays deliveries (measured as latency), never the schedule.
    outbox: mpsc::UnboundedSender<tungstenite::Message>,
    writer: JoinHandle<()>,
    protocol: Protocol,
    document_id: DocumentId,
    text: ObjId,
    fields: ObjId,
    name: String,
    epoch: Instant,
    counters: Arc<Counters>,
    fan_out: LatencyHistogram,
    schedule_lag: LatencyHistogram,
    bytes_out: u64,
    bytes_in: u64,
    failures: Vec<String>,
}

impl LoadClient {
    /// Connects, joins, opens the seeded document and waits until the server
    /// holds it (for the echo relay: until this client is subscribed).
    pub async fn join(
        url: &str,
        protocol: Protocol,
        seed: &Seed,
        name: String,
        epoch: Instant,
        counters: Arc<Counters>,
        limit: Duration,
    ) -> anyhow::Result<Self> {
        let peer_id: PeerId = format!("{name}-{:08x}", rand::random::<u32>()).parse()?;
        let mut client = Client::new(peer_id, PeerMetadata::default());
        client.open(seed.document_id, std::slice::from_ref(&seed.bytes))?;
        let doc = client
            .doc(&seed.document_id)
            .context("the opened document")?;
        let text = object(doc, "text")?;
        let fields = object(doc, "fields")?;
        let (socket, _) =
            connect_async_with_config(url, Some(crate::echo_relay::small_buffers()), true)
                .await
                .with_context(|| format!("connecting to {url}"))?;
        let (sink, source) = socket.split();
        let (outbox, queued) = mpsc::unbounded_channel();
        let writer = tokio::spawn(write_frames(sink, queued));
        let mut this = Self {
            client,
            source,
            outbox,
            writer,
            protocol,
            document_id: seed.document_id,
            text,
            fields,
            name,
            epoch,
            counters,
            fan_out: LatencyHistogram::new(),
            schedule_lag: LatencyHistogram::new(),
            bytes_out: 0,
            bytes_in: 0,
            failures: Vec::new(),
        };
        let join = this.client.connect();
        this.send_outputs(join).await?;
        timeout(limit, this.until_joined())
            .await
            .with_context(|| format!("{} did not join in time", this.name))??;
        Ok(this)
    }

    async fn until_joined(&mut self) -> anyhow::Result<()> {
        while self.client.relay_id().is_none() {
            let frame = self.next_frame().await?;
            let outputs = self.client.receive(&frame);
            self.send_outputs(outputs).await?;
        }
        match self.protocol {
            Protocol::Echo => {
                let relay = self.client.relay_id().context("joined")?.clone();
                let request = Message::Request {
                    sender_id: self.client.peer_id().clone(),
                    target_id: relay,
                    document_id: self.document_id,
                    data: Vec::new(),
                };
                self.send_frames(vec![request.encode()]).await
            }
            Protocol::Sync => {
                let tick = self.client.tick();
                self.send_outputs(tick).await?;
                while !self.client.saved_on_relay(&self.document_id) {
                    let frame = self.next_frame().await?;
                    let outputs = self.client.receive(&frame);
                    let tick = self.client.tick();
                    self.send_outputs(outputs).await?;
                    self.send_outputs(tick).await?;
                }
                Ok(())
            }
        }
    }

    /// Edits on the plan's schedule (open loop: an edit is due at its time
    /// whatever the replies) and merges what arrives, until `stop` turns true.
    pub async fn run(mut self, plan: EditPlan, mut stop: watch::Receiver<bool>) -> ClientReport {
        let mut made = 0u32;
        loop {
            let due = plan.first + plan.period * made;
            tokio::select! {
                biased;
                _ = stop.changed() => break,
                _ = sleep_until(due.into()), if made < plan.edits => {
                    if let Err(e) = self.edit(due, made).await {
                        self.failures.push(format!("edit: {e:#}"));
                        break;
                    }
                    made += 1;
                }
                frame = self.source.next() => {
                    if let Err(e) = self.handle_frames(frame).await {
                        self.failures.push(format!("receive: {e:#}"));
                        break;
                    }
                }
            }
        }
        self.report()
    }

    /// Closes the connection and reports what this client holds.
    pub fn report(self) -> ClientReport {
        let _ = self.outbox.send(tungstenite::Message::Close(None));
        drop(self.outbox);
        drop(self.writer);
        let heads = self
            .client
            .doc(&self.document_id)
            .map(Automerge::get_heads)
            .unwrap_or_default();
        ClientReport {
            document_id: self.document_id,
            heads,
            fan_out: self.fan_out,
            schedule_lag: self.schedule_lag,
            bytes_out: self.bytes_out,
            bytes_in: self.bytes_in,
            failures: self.failures,
        }
    }

    /// Holds the connection open, answering pings, until `stop` turns true.
    pub async fn idle(mut self, mut stop: watch::Receiver<bool>) -> bool {
        loop {
            tokio::select! {
                _ = stop.changed() => return true,
                frame = self.source.next() => match frame {
                    Some(Ok(_)) => {}
                    Some(Err(_)) | None => return false,
                },
            }
        }
    }

    /// One character into the Text and one field set, stamped with the time
    /// the edit was due (not when it ran), so generator delays count as latency.
    async fn edit(&mut self, due: Instant, seq: u32) -> anyhow::Result<()> {
        let now = Instant::now();
        self.schedule_lag
            .record_us(micros(now.saturating_duration_since(due)));
        let stamp = micros(due.saturating_duration_since(self.epoch)).to_string();
        let (text, fields, field) = (self.text.clone(), self.fields.clone(), self.name.clone());
        let doc = self
            .client
            .doc_mut(&self.document_id)
            .context("the document")?;
        doc.transact_with::<_, _, automerge::AutomergeError, _>(
            |_| CommitOptions::default().with_message(stamp),
            |tx| {
                let len = tx.length(&text);
                let at = (seq as usize).wrapping_mul(7919) % (len + 1);
                tx.splice_text(&text, at, 0, "x")?;
                tx.put(&fields, field.as_str(), i64::from(seq))?;
                Ok(())
            },
        )
        .map_err(|f| f.error)?;
        self.counters.edits.fetch_add(1, Ordering::Relaxed);
        match self.protocol {
            Protocol::Sync => {
                let tick = self.client.tick();
                self.send_outputs(tick).await
            }
            Protocol::Echo => {
                let change = doc_change(self.client.doc(&self.document_id))?;
                let relay = self.client.relay_id().context("joined")?.clone();
                let frame = Message::Sync {
                    sender_id: self.client.peer_id().clone(),
                    target_id: relay,
                    document_id: self.document_id,
                    data: change,
                };
                self.send_frames(vec![frame.encode()]).await
            }
        }
    }

    async fn handle_frames(
        &mut self,
        first: Option<Result<tungstenite::Message, tungstenite::Error>>,
    ) -> anyhow::Result<()> {
        let mut next = first;
        for _ in 0..BATCH_FRAMES {
            match next {
                Some(Ok(tungstenite::Message::Binary(bytes))) => {
                    self.bytes_in += bytes.len() as u64;
                    self.handle_frame(&bytes).await?;
                }
                Some(Ok(tungstenite::Message::Close(frame))) => {
                    bail!("the server closed the websocket: {frame:?}")
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e.into()),
                None => bail!("the server closed the websocket"),
            }
            match self.source.next().now_or_never() {
                Some(more) => next = more,
                None => break,
            }
        }
        if self.protocol == Protocol::Sync {
            let tick = self.client.tick();
            self.send_outputs(tick).await?;
        }
        Ok(())
    }

    async fn handle_frame(&mut self, frame: &[u8]) -> anyhow::Result<()> {
        match self.protocol {
            Protocol::Sync => {
                let before = self
                    .client
                    .doc(&self.document_id)
                    .map(Automerge::get_heads)
                    .unwrap_or_default();
                let outputs = self.client.receive(frame);
                if outputs
                    .iter()
                    .any(|o| matches!(o, ClientOutput::DocChanged { .. }))
                {
                    let stamps: Vec<u64> = self
                        .client
                        .doc(&self.document_id)
                        .map(|doc| {
                            doc.get_changes_meta(&before)
                                .iter()
                                .filter_map(|c| c.message.as_deref()?.parse().ok())
                                .collect()
                        })
                        .unwrap_or_default();
                    self.delivered(&stamps);
                }
                self.send_outputs(outputs).await
            }
            Protocol::Echo => {
                let Ok(Message::Sync { data, .. }) = Message::decode(frame) else {
                    return Ok(());
                };
                let change = Change::from_bytes(data).context("a forwarded change")?;
                let stamp = change.message().and_then(|m| m.parse().ok());
                let doc = self
                    .client
                    .doc_mut(&self.document_id)
                    .context("the document")?;
                if let Err(e) = doc.apply_changes([change]) {
                    self.failures.push(format!("change does not apply: {e}"));
                }
                self.delivered(stamp.as_slice());
                Ok(())
            }
        }
    }

    fn delivered(&mut self, stamps: &[u64]) {
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

    async fn send_outputs(&mut self, outputs: Vec<ClientOutput>) -> anyhow::Result<()> {
        let mut frames = Vec::new();
        for output in outputs {
            match output {
                ClientOutput::Send(message) => frames.push(message.encode()),
                ClientOutput::Close { reason } => bail!("the client gave up: {reason}"),
                // No local storage in the generator; the app's IndexedDB is not under test.
                _ => {}
            }
        }
        self.send_frames(frames).await
    }

    async fn send_frames(&mut self, frames: Vec<Vec<u8>>) -> anyhow::Result<()> {
        for frame in frames {
            self.bytes_out += frame.len() as u64;
            self.outbox
                .send(tungstenite::Message::binary(frame))
                .ok()
                .context("the connection's writer stopped")?;
        }
        Ok(())
    }

    async fn next_frame(&mut self) -> anyhow::Result<Vec<u8>> {
        loop {
            match self
                .source
                .next()
                .await
                .context("the server closed the websocket")??
            {
                tungstenite::Message::Binary(bytes) => {
                    self.bytes_in += bytes.len() as u64;
                    return Ok(bytes.into());
                }
                tungstenite::Message::Close(frame) => {
                    bail!("the server closed the websocket: {frame:?}")
                }
                _ => {}
            }
        }
    }
}

/// Writes queued frames, everything already queued behind one flush; ends
/// after a close frame or when the socket fails.
async fn write_frames(
    mut sink: SplitSink<Socket, tungstenite::Message>,
    mut queued: mpsc::UnboundedReceiver<tungstenite::Message>,
) {
    while let Some(frame) = queued.recv().await {
        let mut closing = frame.is_close();
        if sink.feed(frame).await.is_err() {
            return;
        }
        while !closing {
            let Ok(more) = queued.try_recv() else { break };
            closing = more.is_close();
            if sink.feed(more).await.is_err() {
                return;
            }
        }
        if sink.flush().await.is_err() || closing {
            let _ = sink.close().await;
            return;
        }
    }
}

fn object(doc: &Automerge, key: &str) -> anyhow::Result<ObjId> {
    match doc.get(ROOT, key)? {
        Some((_, id)) => Ok(id),
        None => bail!("the seeded document has no {key}"),
    }
}

fn doc_change(doc: Option<&Automerge>) -> anyhow::Result<Vec<u8>> {
    let doc = doc.context("the document")?;
    let change = doc.get_last_local_change().context("the edit's change")?;
    Ok(change.raw_bytes().to_vec())
}

pub fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}
