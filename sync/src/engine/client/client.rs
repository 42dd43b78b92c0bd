use std::collections::BTreeMap;

use automerge::{Automerge, AutomergeError, sync};

use super::{client_doc::ClientDoc, client_output::ClientOutput, replica::Replica};
use crate::{
    DocumentId, Message, PROTOCOL_V1, PeerId, PeerMetadata, RefusalNotice,
    engine::{decode_sync_message, exact_have},
};

/// A peer's side of one connection to a relay (or any automerge-repo server),
/// holding the peer's open documents. Sans-IO: the adapter feeds it frames and
/// ticks, and carries out the [`ClientOutput`]s in order.
///
/// Ticks drive everything that leaves the client: call [`Client::tick`] after
/// each batch of received frames and after local changes. One tick stores each
/// changed document once and sends at most one sync message per document.
///
/// The documents are `R`s: plain Automerge by default, or whatever type
/// the application edits (see [`Replica`]).
pub struct Client<R: Replica = Automerge> {
    peer_id: PeerId,
    metadata: PeerMetadata,
    phase: Phase,
    docs: BTreeMap<DocumentId, ClientDoc<R>>,
}

enum Phase {
    Disconnected,
    Joining,
    Connected(PeerId),
}

/// Locally stored bytes of a document would not load.
#[derive(Debug, thiserror::Error)]
#[error("stored document {document_id} does not load: {source}")]
pub struct OpenError {
    pub document_id: DocumentId,
    #[source]
    pub source: Box<AutomergeError>,
}

impl<R: Replica> Client<R> {
    pub fn new(peer_id: PeerId, metadata: PeerMetadata) -> Self {
        Self {
            peer_id,
            metadata,
            phase: Phase::Disconnected,
            docs: BTreeMap::new(),
        }
    }

    pub fn peer_id(&self) -> &PeerId {
        &self.peer_id
    }

    /// The relay's peer id, once the handshake is done.
    pub fn relay_id(&self) -> Option<&PeerId> {
        match &self.phase {
            Phase::Connected(relay) => Some(relay),
            Phase::Disconnected | Phase::Joining => None,
        }
    }

    /// The websocket opened: introduce ourselves. Sync starts once the relay answers.
    pub fn connect(&mut self) -> Vec<ClientOutput> {
        self.reset_sync();
        self.phase = Phase::Joining;
        vec![ClientOutput::Send(Message::Join {
            sender_id: self.peer_id.clone(),
            supported_protocol_versions: vec![PROTOCOL_V1.into()],
            peer_metadata: self.metadata.clone(),
        })]
    }

    /// The websocket closed. Sync with the next connection starts afresh.
    pub fn disconnected(&mut self) {
        self.reset_sync();
        self.phase = Phase::Disconnected;
    }

    /// A document this peer made; it is stored and offered to the relay on the next tick.
    pub fn create(&mut self, document_id: DocumentId, doc: R) {
        self.docs
            .insert(document_id, ClientDoc::new(doc, Vec::new()));
    }

    /// A document from this peer's own storage (the chunks `Store` gave, in order).
    pub fn open(&mut self, document_id: DocumentId, chunks: &[Vec<u8>]) -> Result<(), OpenError> {
        let mut doc = R::empty();
        for chunk in chunks {
            doc.load_chunk(chunk).map_err(|source| OpenError {
                document_id,
                source: Box::new(source),
            })?;
        }
        self.open_loaded(document_id, doc);
        Ok(())
    }

    /// A document this peer already loaded from its own storage (all of it
    /// stored, so the next tick stores nothing).
    pub fn open_loaded(&mut self, document_id: DocumentId, mut doc: R) {
        let heads = doc.heads();
        self.docs.insert(document_id, ClientDoc::new(doc, heads));
    }

    /// Asks the relay for a document this peer has no copy of (a `request`).
    /// Does nothing if the document is already open.
    pub fn find(&mut self, document_id: DocumentId) {
        self.docs
            .entry(document_id)
            .or_insert_with(|| ClientDoc::new(R::empty(), Vec::new()));
    }

    /// Drops a document and its sync state, so that a later `find` asks the
    /// relay for its copy afresh (after local storage of it was found damaged).
    pub fn forget(&mut self, document_id: &DocumentId) {
        self.docs.remove(document_id);
    }

    pub fn doc(&self, document_id: &DocumentId) -> Option<&R> {
        self.docs.get(document_id).map(|d| &d.doc)
    }

    /// For local edits; the next tick stores and sends them.
    pub fn doc_mut(&mut self, document_id: &DocumentId) -> Option<&mut R> {
        self.docs.get_mut(document_id).map(|d| &mut d.doc)
    }

    /// Every change of the document is durable on the relay.
    pub fn saved_on_relay(&mut self, document_id: &DocumentId) -> bool {
        self.docs
            .get_mut(document_id)
            .is_some_and(ClientDoc::saved_on_relay)
    }

    /// How many changes of the document the relay is not known to have;
    /// `None` before the relay has said what it has.
    pub fn waiting_for_relay(&mut self, document_id: &DocumentId) -> Option<usize> {
        self.docs.get_mut(document_id)?.waiting_for_relay()
    }

    /// Handles one frame from the relay.
    pub fn receive(&mut self, frame: &[u8]) -> Vec<ClientOutput> {
        let mut out = Vec::new();
        match Message::decode(frame) {
            Ok(message) => self.handle(message, &mut out),
            Err(e) => self.fail(format!("malformed message from the relay: {e}"), &mut out),
        }
        out
    }

    /// Stores what changed and sends what the relay needs.
    pub fn tick(&mut self) -> Vec<ClientOutput> {
        let mut out = Vec::new();
        let relay = match &self.phase {
            Phase::Connected(relay) => Some(relay.clone()),
            Phase::Disconnected | Phase::Joining => None,
        };
        for (document_id, entry) in &mut self.docs {
            let heads = entry.doc.heads();
            if heads != entry.stored_heads {
                out.push(ClientOutput::Store {
                    document_id: *document_id,
                    chunk: entry.doc.changes_after(&entry.stored_heads),
                });
                entry.stored_heads.clone_from(&heads);
            }
            let Some(relay) = &relay else { continue };
            if !(entry.dirty || heads != entry.ticked_heads) {
                continue;
            }
            entry.dirty = false;
            entry.ticked_heads.clone_from(&heads);
            let doc = &mut entry.doc;
            exact_have(&mut entry.sync, |hash| doc.knows_change(hash));
            if let Some(message) = entry.doc.sync_message(&mut entry.sync) {
                out.push(ClientOutput::Send(Message::document_sync(
                    self.peer_id.clone(),
                    relay.clone(),
                    *document_id,
                    message.encode(),
                    heads.is_empty(),
                )));
            }
        }
        out
    }

    /// The relay is closing the connection; a refusal of one document is
    /// handed on as data before the close.
    fn relay_error(&mut self, error: &Message, out: &mut Vec<ClientOutput>) {
        self.phase = Phase::Disconnected;
        let reason = match RefusalNotice::of_error_frame(error) {
            Some((document_id, reason)) => {
                let text = format!("relay error: document {document_id}: {reason}");
                out.push(ClientOutput::Refused {
                    document_id,
                    reason,
                });
                text
            }
            None => match error {
                Message::Error { message, .. } => format!("relay error: {message}"),
                _ => format!("relay error: {error:?}"),
            },
        };
        out.push(ClientOutput::Close { reason });
    }

    fn handle(&mut self, message: Message, out: &mut Vec<ClientOutput>) {
        match message {
            Message::Peer {
                sender_id,
                target_id,
                selected_protocol_version,
                ..
            } => {
                if !matches!(self.phase, Phase::Joining) || target_id != self.peer_id {
                    return self.fail("unexpected peer message".into(), out);
                }
                if selected_protocol_version != PROTOCOL_V1 {
                    let reason = format!("relay chose protocol {selected_protocol_version:?}");
                    return self.fail(reason, out);
                }
                self.phase = Phase::Connected(sender_id);
            }
            error @ Message::Error { .. } => self.relay_error(&error, out),
            Message::Sync {
                sender_id,
                document_id,
                data,
                ..
            }
            | Message::Request {
                sender_id,
                document_id,
                data,
                ..
            } => self.receive_sync(&sender_id, document_id, &data, out),
            Message::DocUnavailable {
                sender_id,
                document_id,
                ..
            } => {
                let from_relay = self.is_relay(&sender_id);
                let known = self.docs.get_mut(&document_id);
                if from_relay && known.is_some_and(|d| d.doc.heads().is_empty()) {
                    out.push(ClientOutput::DocUnavailable { document_id });
                }
            }
            // Presence and remote-heads gossip are not used by this client yet.
            Message::Join { .. }
            | Message::Leave { .. }
            | Message::Ephemeral { .. }
            | Message::RemoteSubscriptionChange { .. }
            | Message::RemoteHeadsChanged { .. } => {}
        }
    }

    fn receive_sync(
        &mut self,
        sender: &PeerId,
        document_id: DocumentId,
        data: &[u8],
        out: &mut Vec<ClientOutput>,
    ) {
        if !self.is_relay(sender) {
            return;
        }
        // A document this peer never opened is not its business.
        let Some(entry) = self.docs.get_mut(&document_id) else {
            return;
        };
        let message = match decode_sync_message(data) {
            Ok(message) => message,
            Err(e) => return self.fail(format!("from the relay: {e}"), out),
        };
        let relay_heads = message.heads.clone();
        let before = entry.doc.heads();
        if let Err(e) = entry.doc.receive_sync(&mut entry.sync, message) {
            return self.fail(format!("relay's changes do not apply: {e}"), out);
        }
        entry.dirty = true;
        let after = entry.doc.heads();
        if after != before {
            out.push(ClientOutput::DocChanged {
                document_id,
                heads: after,
            });
        }
        if entry.relay_heads.as_ref() != Some(&relay_heads) {
            entry.relay_heads = Some(relay_heads.clone());
            out.push(ClientOutput::RelayHeads {
                document_id,
                heads: relay_heads,
            });
        }
    }

    fn is_relay(&self, peer: &PeerId) -> bool {
        matches!(&self.phase, Phase::Connected(relay) if relay == peer)
    }

    fn fail(&mut self, reason: String, out: &mut Vec<ClientOutput>) {
        self.phase = Phase::Disconnected;
        out.push(ClientOutput::Close { reason });
    }

    fn reset_sync(&mut self) {
        for entry in self.docs.values_mut() {
            entry.sync = sync::State::new();
            entry.dirty = true;
        }
    }
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
