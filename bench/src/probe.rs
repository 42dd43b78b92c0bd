//! One full replica on its own websocket that measures single changes, one
//! at a time: how long until the relay acknowledges a change (its heads
//! cover it), and how long until another replica (on another relay) has it.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use automerge::{ChangeHash, ROOT, ReadDoc as _, transaction::Transactable as _};
use concord_sync::{
    DocumentId, PeerMetadata,
    engine::client::{Client, ClientOutput},
};
use tokio::time::timeout;

use crate::{
    frames::{Endpoint, Frames},
    load_client::Seed,
};

pub struct Probe {
    client: Client,
    frames: Frames,
    document_id: DocumentId,
    written: u64,
}

impl Probe {
    /// Brings `seed` to the relay at `endpoint` and waits until it holds it.
    pub async fn create(endpoint: &Endpoint, seed: &Seed, limit: Duration) -> anyhow::Result<Self> {
        let mut client = Client::new(peer_id("writer")?, PeerMetadata::default());
        client.open(seed.document_id, std::slice::from_ref(&seed.bytes))?;
        let mut probe = Self::connect(client, endpoint, seed.document_id).await?;
        let document_id = seed.document_id;
        if !probe
            .until(limit, |c| c.saved_on_relay(&document_id))
            .await?
        {
            bail!("the relay did not take the document in time");
        }
        Ok(probe)
    }

    /// Asks the relay at `endpoint` for `document_id` and waits until it has
    /// these heads.
    pub async fn open(
        endpoint: &Endpoint,
        document_id: DocumentId,
        heads: &[ChangeHash],
        limit: Duration,
    ) -> anyhow::Result<Self> {
        let mut client = Client::new(peer_id("reader")?, PeerMetadata::default());
        client.find(document_id);
        let mut probe = Self::connect(client, endpoint, document_id).await?;
        if !probe
            .until(limit, |c| has_all(c, &document_id, heads))
            .await?
        {
            bail!("the document did not arrive in time");
        }
        Ok(probe)
    }

    async fn connect(
        mut client: Client,
        endpoint: &Endpoint,
        document_id: DocumentId,
    ) -> anyhow::Result<Self> {
        let frames = Frames::connect(endpoint).await?;
        let outputs = client.connect();
        let mut probe = Self {
            client,
            frames,
            document_id,
            written: 0,
        };
        probe.send(outputs)?;
        Ok(probe)
    }

    pub fn heads(&self) -> Vec<ChangeHash> {
        self.client
            .doc(&self.document_id)
            .map(automerge::Automerge::get_heads)
            .unwrap_or_default()
    }

    /// Makes one change, sends it, and answers its hash.
    pub fn edit(&mut self) -> anyhow::Result<ChangeHash> {
        let n = self.written;
        let doc = self
            .client
            .doc_mut(&self.document_id)
            .context("the document")?;
        let mut tx = doc.transaction();
        tx.put(ROOT, "probe", n)?;
        let (hash, _) = tx.commit();
        let hash = hash.context("a change was made")?;
        self.written += 1;
        let tick = self.client.tick();
        self.send(tick)?;
        Ok(hash)
    }

    /// Waits until the relay acknowledged everything this replica holds;
    /// `false` after `limit`.
    pub async fn acknowledged(&mut self, limit: Duration) -> anyhow::Result<bool> {
        let document_id = self.document_id;
        self.until(limit, |c| c.saved_on_relay(&document_id)).await
    }

    /// Waits until this replica has `hash`; `false` after `limit`.
    pub async fn has(&mut self, hash: ChangeHash, limit: Duration) -> anyhow::Result<bool> {
        let document_id = self.document_id;
        self.until(limit, |c| has_all(c, &document_id, &[hash]))
            .await
    }

    async fn until(
        &mut self,
        limit: Duration,
        done: impl Fn(&mut Client) -> bool,
    ) -> anyhow::Result<bool> {
        let deadline = Instant::now() + limit;
        while !done(&mut self.client) {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return Ok(false);
            };
            let Ok(frame) = timeout(left, self.frames.next()).await else {
                return Ok(false);
            };
            let mut outputs = self.client.receive(&frame?);
            outputs.extend(self.client.tick());
            self.send(outputs)?;
        }
        Ok(true)
    }

    fn send(&mut self, outputs: Vec<ClientOutput>) -> anyhow::Result<()> {
        for output in outputs {
            match output {
                ClientOutput::Send(message) => self.frames.send(message.encode())?,
                ClientOutput::Close { reason } => bail!("the client gave up: {reason}"),
                _ => {}
            }
        }
        Ok(())
    }
}

fn has_all(client: &Client, document_id: &DocumentId, heads: &[ChangeHash]) -> bool {
    client
        .doc(document_id)
        .is_some_and(|doc| heads.iter().all(|h| doc.get_change_by_hash(h).is_some()))
}

fn peer_id(role: &str) -> anyhow::Result<concord_sync::PeerId> {
    Ok(format!("probe-{role}-{:08x}", rand::random::<u32>()).parse()?)
}
