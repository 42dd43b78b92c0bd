//! One simulated person with a full replica: a real Automerge document on
//! its own websocket. A few of these per document check at the end that
//! everyone converged; the rest of a room are thin clients (`thin_client`).
//!
//! Against a merging system it runs the engine's `Client` (the automerge-repo
//! protocol with `automerge::sync`), so sync costs are real. Against the echo
//! relay there is no server side to sync with, so each edit's change bytes go
//! out in a `sync` frame and every receiver applies them: the least work a
//! replica can do to stay in step.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use automerge::{
    Automerge, Change, ObjId, ObjType, ROOT, ReadDoc, transaction::CommitOptions,
    transaction::Transactable,
};
use concord_sync::{
    DocumentId, Message, PeerId, PeerMetadata,
    engine::client::{Client, ClientOutput},
};

use crate::{
    client_run::{self, ClientReport, EditingClient, Tally, stamp_of},
    frames::{Endpoint, Frames},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// automerge-repo with `automerge::sync`, through the engine's `Client`.
    Sync,
    /// Raw change bytes forwarded by the echo relay.
    Echo,
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

/// The plain edit of S1, S2 and the sweep, made the same way by full and
/// thin clients: one character into the Text and one field set, with the
/// edit's stamp as the change's message.
pub fn type_and_set(
    doc: &mut Automerge,
    field: &str,
    seq: u32,
    stamp: String,
) -> anyhow::Result<()> {
    let text = object(doc, "text")?;
    let fields = object(doc, "fields")?;
    doc.transact_with::<_, _, automerge::AutomergeError, _>(
        |_| CommitOptions::default().with_message(stamp),
        |tx| {
            let len = tx.length(&text);
            let at = (seq as usize).wrapping_mul(7919) % (len + 1);
            tx.splice_text(&text, at, 0, "x")?;
            tx.put(&fields, field, i64::from(seq))?;
            Ok(())
        },
    )
    .map_err(|f| f.error)?;
    Ok(())
}

pub struct LoadClient {
    client: Client,
    frames: Frames,
    protocol: Protocol,
    document_id: DocumentId,
    name: String,
    /// Whether this replica edits on the plan's schedule or only receives.
    edits: bool,
    tally: Tally,
}

impl LoadClient {
    /// Connects, joins, opens the seeded document and waits until the server
    /// holds it (for the echo relay: until this client is subscribed).
    pub async fn join(
        endpoint: &Endpoint,
        protocol: Protocol,
        seed: &Seed,
        name: String,
        tally: Tally,
        limit: Duration,
    ) -> anyhow::Result<Self> {
        let peer_id: PeerId = format!("{name}-{:08x}", rand::random::<u32>()).parse()?;
        let mut client = Client::new(peer_id, PeerMetadata::default());
        client.open(seed.document_id, std::slice::from_ref(&seed.bytes))?;
        let frames = Frames::connect(endpoint).await?;
        let mut this = Self {
            client,
            frames,
            protocol,
            document_id: seed.document_id,
            name,
            edits: true,
            tally,
        };
        let join = this.client.connect();
        this.send_outputs(join)?;
        client_run::until(&mut this, limit, |c| c.client.relay_id().is_some()).await?;
        match protocol {
            Protocol::Echo => {
                let relay = this.client.relay_id().context("joined")?.clone();
                let request = Message::Request {
                    sender_id: this.client.peer_id().clone(),
                    target_id: relay,
                    document_id: this.document_id,
                    data: Vec::new(),
                };
                this.frames.send(request.encode())?;
            }
            Protocol::Sync => {
                let tick = this.client.tick();
                this.send_outputs(tick)?;
                let document_id = this.document_id;
                client_run::until(&mut this, limit, |c| c.client.saved_on_relay(&document_id))
                    .await
                    .with_context(|| {
                        format!("{} never saw the document on the server", this.name)
                    })?;
            }
        }
        Ok(this)
    }

    /// Takes in what arrives but makes no edits of its own.
    pub fn receive_only(mut self) -> Self {
        self.edits = false;
        self
    }

    /// Holds the connection open, answering pings, until `stop` turns true.
    pub async fn idle(mut self, mut stop: tokio::sync::watch::Receiver<bool>) -> bool {
        use futures_util::StreamExt as _;
        loop {
            tokio::select! {
                _ = stop.changed() => return true,
                frame = self.frames.source.next() => match frame {
                    Some(Ok(_)) => {}
                    Some(Err(_)) | None => return false,
                },
            }
        }
    }

    fn send_outputs(&mut self, outputs: Vec<ClientOutput>) -> anyhow::Result<()> {
        for output in outputs {
            match output {
                ClientOutput::Send(message) => self.frames.send(message.encode())?,
                ClientOutput::Close { reason } => bail!("the client gave up: {reason}"),
                // No local storage in the generator; the app's IndexedDB is not under test.
                _ => {}
            }
        }
        Ok(())
    }

    fn doc(&self) -> anyhow::Result<&Automerge> {
        self.client.doc(&self.document_id).context("the document")
    }
}

impl EditingClient for LoadClient {
    fn frames(&mut self) -> &mut Frames {
        &mut self.frames
    }

    fn tally(&mut self) -> &mut Tally {
        &mut self.tally
    }

    fn edit(&mut self, due: Instant, seq: u32) -> anyhow::Result<()> {
        if !self.edits {
            return Ok(());
        }
        let stamp = self.tally.editing(due);
        let doc = self
            .client
            .doc_mut(&self.document_id)
            .context("the document")?;
        type_and_set(doc, &self.name, seq, stamp)?;
        match self.protocol {
            Protocol::Sync => {
                let tick = self.client.tick();
                self.send_outputs(tick)
            }
            Protocol::Echo => {
                let change = self
                    .doc()?
                    .get_last_local_change()
                    .context("the edit's change")?;
                let relay = self.client.relay_id().context("joined")?.clone();
                let frame = Message::Sync {
                    sender_id: self.client.peer_id().clone(),
                    target_id: relay,
                    document_id: self.document_id,
                    data: change.raw_bytes().to_vec(),
                };
                self.frames.send(frame.encode())
            }
        }
    }

    fn receive(&mut self, frame: &[u8]) -> anyhow::Result<()> {
        match self.protocol {
            // Joining (no relay yet) goes through the engine either way.
            Protocol::Sync => self.receive_sync(frame),
            Protocol::Echo if self.client.relay_id().is_none() => self.receive_sync(frame),
            Protocol::Echo => {
                let Ok(Message::Sync { data, .. }) = Message::decode(frame) else {
                    return Ok(());
                };
                let change = Change::from_bytes(data).context("a forwarded change")?;
                let stamp = stamp_of(change.message());
                let doc = self
                    .client
                    .doc_mut(&self.document_id)
                    .context("the document")?;
                if let Err(e) = doc.apply_changes([change]) {
                    self.tally
                        .failures
                        .push(format!("change does not apply: {e}"));
                }
                self.tally.delivered(stamp.as_slice());
                Ok(())
            }
        }
    }

    fn answer(&mut self) -> anyhow::Result<()> {
        if self.protocol == Protocol::Sync {
            let tick = self.client.tick();
            self.send_outputs(tick)?;
        }
        Ok(())
    }

    fn report(self) -> ClientReport {
        let heads = self
            .client
            .doc(&self.document_id)
            .map(Automerge::get_heads)
            .unwrap_or_default();
        self.tally.report(self.document_id, heads, self.frames)
    }
}

impl LoadClient {
    fn receive_sync(&mut self, frame: &[u8]) -> anyhow::Result<()> {
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
                        .filter_map(|c| stamp_of(c.message.as_deref()))
                        .collect()
                })
                .unwrap_or_default();
            self.tally.delivered(&stamps);
        }
        self.send_outputs(outputs)
    }
}

/// The object at the root's `key`.
pub fn object(doc: &Automerge, key: &str) -> anyhow::Result<ObjId> {
    match doc.get(ROOT, key)? {
        Some((_, id)) => Ok(id),
        None => bail!("the seeded document has no {key}"),
    }
}
