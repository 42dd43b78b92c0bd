//! One simulated person without a replica: it decodes each frame, stamps
//! the changes in it as delivered and notes their heads, but applies
//! nothing, so a room of them costs the load generator little. Its own
//! edits are made privately and rebased onto what it knows (`rebase`), and
//! it answers the server as a replica that had applied everything would.
//!
//! It speaks automerge's sync protocol in its first version (no flags), so
//! every change arrives as its own chunk, never as part of a whole document.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use automerge::{
    Change, ChangeHash,
    sync::{self, BloomFilter, ChunkList, Have, MessageVersion},
};
use concord_sync::{DocumentId, Message, PROTOCOL_V1, PeerId, PeerMetadata};

use crate::{
    client_run::{self, ClientReport, EditingClient, Tally, stamp_of},
    frames::{Endpoint, Frames},
    known_heads::KnownHeads,
    load_client::Protocol,
    private_edits::PrivateEdits,
    rebase::Rebaser,
};

pub struct ThinClient {
    frames: Frames,
    protocol: Protocol,
    peer_id: PeerId,
    relay_id: Option<PeerId>,
    document_id: DocumentId,
    known: KnownHeads,
    /// The heads last told the server.
    told: Vec<ChangeHash>,
    /// The server answered about the document.
    heard: bool,
    /// The heads the server last said it has.
    server_heads: Vec<ChangeHash>,
    edits: Box<dyn PrivateEdits>,
    rebaser: Rebaser,
    tally: Tally,
}

impl ThinClient {
    /// Connects and joins as a peer holding what `known` describes (the
    /// server must hold it already) and waits for the server's answer.
    #[allow(clippy::too_many_arguments)]
    pub async fn join(
        endpoint: &Endpoint,
        protocol: Protocol,
        document_id: DocumentId,
        known: KnownHeads,
        edits: Box<dyn PrivateEdits>,
        name: &str,
        tally: Tally,
        limit: Duration,
    ) -> anyhow::Result<Self> {
        let peer_id: PeerId = format!("{name}-{:08x}", rand::random::<u32>()).parse()?;
        let rebaser = Rebaser::new(edits.actor());
        let mut this = Self {
            frames: Frames::connect(endpoint).await?,
            protocol,
            peer_id,
            relay_id: None,
            document_id,
            known,
            told: Vec::new(),
            heard: false,
            server_heads: Vec::new(),
            edits,
            rebaser,
            tally,
        };
        let join = Message::Join {
            sender_id: this.peer_id.clone(),
            supported_protocol_versions: vec![PROTOCOL_V1.into()],
            peer_metadata: PeerMetadata::default(),
        };
        this.frames.send(join.encode())?;
        client_run::until(&mut this, limit, |c| c.relay_id.is_some()).await?;
        match protocol {
            // The echo relay subscribes a connection to a document it names.
            Protocol::Echo => this.send(Message::Request {
                sender_id: this.peer_id.clone(),
                target_id: this.relay()?,
                document_id,
                data: Vec::new(),
            })?,
            Protocol::Sync => {
                this.tell(Vec::new())?;
                client_run::until(&mut this, limit, |c| c.heard)
                    .await
                    .with_context(|| format!("{name} heard nothing of the document"))?;
            }
        }
        Ok(this)
    }

    /// Whether the server said it holds `change` as one of its heads: so it
    /// accepted and stored it, when nobody else is writing.
    pub fn server_holds(&self, change: &ChangeHash) -> bool {
        self.server_heads.contains(change)
    }

    /// This client's latest change, once it made one.
    pub fn last_change(&self) -> Option<ChangeHash> {
        self.rebaser.last()
    }

    fn relay(&self) -> anyhow::Result<PeerId> {
        self.relay_id.clone().context("joined")
    }

    fn send(&mut self, message: Message) -> anyhow::Result<()> {
        self.frames.send(message.encode())
    }

    /// A sync message saying what this client has (everything up to its
    /// heads, exactly), carrying `changes`.
    fn tell(&mut self, changes: Vec<Vec<u8>>) -> anyhow::Result<()> {
        let heads = self.known.heads().to_vec();
        let data = sync::Message {
            heads: heads.clone(),
            need: Vec::new(),
            have: vec![Have {
                last_sync: heads.clone(),
                bloom: BloomFilter::default(),
            }],
            changes: ChunkList::from(changes),
            flags: None,
            version: MessageVersion::V1,
        }
        .encode();
        self.told = heads;
        let message = Message::Sync {
            sender_id: self.peer_id.clone(),
            target_id: self.relay()?,
            document_id: self.document_id,
            data,
        };
        self.send(message)
    }

    /// Notes the changes of one chunk list; their stamps are deliveries.
    fn take(&mut self, chunks: impl Iterator<Item = Vec<u8>>) -> anyhow::Result<()> {
        let mut stamps = Vec::new();
        for chunk in chunks {
            let change = Change::from_bytes(chunk).context("a change the server sent")?;
            if self.known.add(&change) {
                stamps.extend(stamp_of(change.message()));
            }
        }
        self.tally.delivered(&stamps);
        Ok(())
    }
}

impl EditingClient for ThinClient {
    fn frames(&mut self) -> &mut Frames {
        &mut self.frames
    }

    fn tally(&mut self) -> &mut Tally {
        &mut self.tally
    }

    fn edit(&mut self, due: Instant, seq: u32) -> anyhow::Result<()> {
        let stamp = self.tally.editing(due);
        let made = self.edits.edit(stamp, seq)?;
        let change = self
            .rebaser
            .rebase(&made, self.known.heads(), self.known.max_op());
        self.known.add(&change);
        let bytes = change.raw_bytes().to_vec();
        match self.protocol {
            Protocol::Sync => self.tell(vec![bytes]),
            Protocol::Echo => self.send(Message::Sync {
                sender_id: self.peer_id.clone(),
                target_id: self.relay()?,
                document_id: self.document_id,
                data: bytes,
            }),
        }
    }

    fn receive(&mut self, frame: &[u8]) -> anyhow::Result<()> {
        match Message::decode(frame).context("a frame from the server")? {
            Message::Peer { sender_id, .. } => self.relay_id = Some(sender_id),
            Message::Sync { data, .. } => match self.protocol {
                Protocol::Echo => self.take(std::iter::once(data))?,
                Protocol::Sync => {
                    self.heard = true;
                    let message = sync::Message::decode(&data)
                        .map_err(|e| anyhow::anyhow!("a sync message from the server: {e}"))?;
                    if !message.need.is_empty() {
                        bail!("the server asks for changes a thin client cannot give");
                    }
                    self.server_heads = message.heads;
                    self.take(message.changes.iter().map(<[u8]>::to_vec))?;
                }
            },
            Message::DocUnavailable { .. } => bail!("the server says the document is unavailable"),
            Message::Error { message, .. } => bail!("the server says: {message}"),
            _ => {}
        }
        Ok(())
    }

    fn answer(&mut self) -> anyhow::Result<()> {
        // Told only when it learned something: an acknowledgement per batch.
        if self.protocol == Protocol::Sync && self.heard && self.known.heads() != self.told {
            self.tell(Vec::new())?;
        }
        Ok(())
    }

    fn report(self) -> ClientReport {
        let heads = self.known.heads().to_vec();
        self.tally.report(self.document_id, heads, self.frames)
    }
}
