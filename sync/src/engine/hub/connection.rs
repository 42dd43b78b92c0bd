use std::{collections::BTreeSet, sync::Arc};

use super::room_io::RoomInput;
use crate::{
    DocumentId, Message, PROTOCOL_V1, PeerId, PeerMetadata, RefusalNotice, StorageId,
    engine::{Limits, Policy, Verdict},
};

/// One websocket connection on the relay, from `join` to close. Sans-IO:
/// [`Connection::receive`] takes one frame's bytes and returns what to do.
pub struct Connection {
    relay_id: PeerId,
    relay_metadata: PeerMetadata,
    limits: Limits,
    policy: Arc<dyn Policy>,
    phase: Phase,
    open_documents: BTreeSet<DocumentId>,
}

enum Phase {
    AwaitingJoin,
    Joined(PeerId),
    Closed,
}

/// What a [`Connection`] asks of the relay, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionOutput {
    /// Encode and send on this connection.
    Send(Message),
    /// Hand to the room of `document_id`, opening it (and loading the
    /// document from storage) if it is not open.
    Route {
        document_id: DocumentId,
        input: RoomInput,
    },
    /// Close the websocket after sending what came before. Nothing more will
    /// come out of this connection.
    Close { reason: String },
}

impl Connection {
    /// A connection accepted by the relay `relay_id`, whose storage is `storage_id`.
    pub fn new(
        relay_id: PeerId,
        storage_id: StorageId,
        limits: Limits,
        policy: Arc<dyn Policy>,
    ) -> Self {
        Self {
            relay_id,
            relay_metadata: PeerMetadata {
                storage_id: Some(storage_id),
                is_ephemeral: false,
            },
            limits,
            policy,
            phase: Phase::AwaitingJoin,
            open_documents: BTreeSet::new(),
        }
    }

    /// The peer id from the handshake, once there was one.
    pub fn peer_id(&self) -> Option<&PeerId> {
        match &self.phase {
            Phase::Joined(peer) => Some(peer),
            Phase::AwaitingJoin | Phase::Closed => None,
        }
    }

    pub fn is_closed(&self) -> bool {
        matches!(self.phase, Phase::Closed)
    }

    /// Documents this connection has asked for and not left.
    pub fn open_documents(&self) -> impl Iterator<Item = &DocumentId> {
        self.open_documents.iter()
    }

    /// Handles one binary websocket frame.
    pub fn receive(&mut self, frame: &[u8]) -> Vec<ConnectionOutput> {
        let mut out = Vec::new();
        if self.is_closed() {
            return out;
        }
        if frame.len() > self.limits.max_frame_bytes {
            let reason = format!("frame exceeds {} bytes", self.limits.max_frame_bytes);
            self.fail(reason, &mut out);
            return out;
        }
        match Message::decode(frame) {
            Ok(message) => self.handle(message, &mut out),
            Err(e) => self.fail(format!("malformed message: {e}"), &mut out),
        }
        out
    }

    /// The websocket closed: every room this peer was in hears it left.
    /// Calling it again, or after a `Close`, does nothing.
    pub fn close(&mut self) -> Vec<ConnectionOutput> {
        let mut out = Vec::new();
        self.leave_all(&mut out);
        out
    }

    /// A room refused this peer's input (`RoomOutput::Refused`): the peer is
    /// told why with an `error` carrying the notice and the connection
    /// closes, so that the client starts again from the relay's copy rather
    /// than resending.
    pub fn refused(
        &mut self,
        document_id: &DocumentId,
        reason: &RefusalNotice,
    ) -> Vec<ConnectionOutput> {
        let mut out = Vec::new();
        if let Some(peer) = self.peer_id().cloned() {
            self.open_documents.remove(document_id);
            let frame = reason.error_frame(self.relay_id.clone(), peer, *document_id);
            self.end(frame, format!("document {document_id}: {reason}"), &mut out);
        }
        out
    }

    fn handle(&mut self, message: Message, out: &mut Vec<ConnectionOutput>) {
        let peer = match &self.phase {
            Phase::AwaitingJoin => return self.join(message, out),
            Phase::Joined(peer) => peer.clone(),
            Phase::Closed => return,
        };
        if let Err(reason) = self.check_addressing(&peer, &message) {
            return self.fail(reason, out);
        }
        match self.policy.admit(&peer, &message) {
            Verdict::Allow => self.route(peer, message, out),
            Verdict::Hide => self.hide(peer, &message, out),
            Verdict::Close(reason) => self.fail(reason, out),
        }
    }

    fn join(&mut self, message: Message, out: &mut Vec<ConnectionOutput>) {
        let Message::Join {
            sender_id,
            supported_protocol_versions,
            ..
        } = message
        else {
            let reason = format!("expected join, got {}", message.type_name());
            return self.fail(reason, out);
        };
        if !supported_protocol_versions.iter().any(|v| v == PROTOCOL_V1) {
            let reason = format!(
                "unsupported protocol version(s) {supported_protocol_versions:?}; this relay speaks {PROTOCOL_V1:?}"
            );
            return self.fail(reason, out);
        }
        out.push(ConnectionOutput::Send(Message::Peer {
            sender_id: self.relay_id.clone(),
            target_id: sender_id.clone(),
            selected_protocol_version: PROTOCOL_V1.into(),
            peer_metadata: self.relay_metadata.clone(),
        }));
        self.phase = Phase::Joined(sender_id);
    }

    /// Frames must come from the peer that joined and be meant for this relay:
    /// a peer cannot speak for another or make the relay address someone else.
    fn check_addressing(&self, peer: &PeerId, message: &Message) -> Result<(), String> {
        let (sender, target) = match message {
            Message::Join { .. } => return Err("join sent twice".into()),
            Message::Peer { .. } => return Err("a client does not send peer".into()),
            Message::Leave { sender_id } => (Some(sender_id), None),
            Message::Error {
                sender_id,
                target_id,
                ..
            } => (sender_id.as_ref(), target_id.as_ref()),
            Message::Request {
                sender_id,
                target_id,
                ..
            }
            | Message::Sync {
                sender_id,
                target_id,
                ..
            }
            | Message::DocUnavailable {
                sender_id,
                target_id,
                ..
            }
            | Message::Ephemeral {
                sender_id,
                target_id,
                ..
            }
            | Message::RemoteSubscriptionChange {
                sender_id,
                target_id,
                ..
            }
            | Message::RemoteHeadsChanged {
                sender_id,
                target_id,
                ..
            } => (Some(sender_id), Some(target_id)),
        };
        if let Some(sender) = sender.filter(|sender| *sender != peer) {
            return Err(format!(
                "sender {sender} is not the peer {peer} that joined"
            ));
        }
        if let Some(target) = target.filter(|target| **target != self.relay_id) {
            return Err(format!("target {target} is not this relay"));
        }
        Ok(())
    }

    fn route(&mut self, peer: PeerId, message: Message, out: &mut Vec<ConnectionOutput>) {
        match message {
            Message::Request {
                document_id, data, ..
            } => {
                if self.open(document_id, out) {
                    let input = RoomInput::Request { peer, data };
                    out.push(ConnectionOutput::Route { document_id, input });
                }
            }
            Message::Sync {
                document_id, data, ..
            } => {
                if self.open(document_id, out) {
                    let input = RoomInput::Sync { peer, data };
                    out.push(ConnectionOutput::Route { document_id, input });
                }
            }
            Message::Ephemeral {
                document_id,
                session_id,
                count,
                data,
                ..
            } => {
                // Only into rooms the peer was admitted to by a request or sync.
                if self.open_documents.contains(&document_id) {
                    let input = RoomInput::Ephemeral {
                        peer,
                        session_id,
                        count,
                        data,
                    };
                    out.push(ConnectionOutput::Route { document_id, input });
                }
            }
            Message::Leave { .. } => {
                self.leave_all(out);
                out.push(ConnectionOutput::Close {
                    reason: "peer left".into(),
                });
            }
            Message::Error { message, .. } => {
                self.leave_all(out);
                out.push(ConnectionOutput::Close {
                    reason: format!("peer error: {message}"),
                });
            }
            // A client without the document has nothing to tell the relay, and
            // remote-heads gossip between relays is not offered.
            Message::DocUnavailable { .. }
            | Message::RemoteSubscriptionChange { .. }
            | Message::RemoteHeadsChanged { .. }
            | Message::Join { .. }
            | Message::Peer { .. } => {}
        }
    }

    /// Answers as if the document did not exist.
    fn hide(&mut self, peer: PeerId, message: &Message, out: &mut Vec<ConnectionOutput>) {
        if let Message::Request { document_id, .. } | Message::Sync { document_id, .. } = message {
            out.push(ConnectionOutput::Send(Message::DocUnavailable {
                sender_id: self.relay_id.clone(),
                target_id: peer,
                document_id: *document_id,
            }));
        }
    }

    /// Counts `document_id` as open; false (and the connection closed) past the limit.
    fn open(&mut self, document_id: DocumentId, out: &mut Vec<ConnectionOutput>) -> bool {
        if self.open_documents.contains(&document_id) {
            return true;
        }
        if self.open_documents.len() >= self.limits.max_documents_per_connection {
            let reason = format!(
                "more than {} documents open on one connection",
                self.limits.max_documents_per_connection
            );
            self.fail(reason, out);
            return false;
        }
        self.open_documents.insert(document_id);
        true
    }

    /// Sends an `error` and closes: the way automerge-repo ends a connection
    /// it cannot go on with.
    fn fail(&mut self, reason: String, out: &mut Vec<ConnectionOutput>) {
        let error = Message::Error {
            sender_id: Some(self.relay_id.clone()),
            target_id: self.peer_id().cloned(),
            message: reason.clone(),
            refused: None,
        };
        self.end(error, reason, out);
    }

    /// Sends `error`, leaves every room and closes.
    fn end(&mut self, error: Message, reason: String, out: &mut Vec<ConnectionOutput>) {
        out.push(ConnectionOutput::Send(error));
        self.leave_all(out);
        out.push(ConnectionOutput::Close { reason });
    }

    fn leave_all(&mut self, out: &mut Vec<ConnectionOutput>) {
        if let Phase::Joined(peer) = &self.phase {
            for document_id in std::mem::take(&mut self.open_documents) {
                let input = RoomInput::PeerLeft { peer: peer.clone() };
                out.push(ConnectionOutput::Route { document_id, input });
            }
        }
        self.phase = Phase::Closed;
    }
}

#[cfg(test)]
#[path = "connection_tests.rs"]
mod tests;
