use std::collections::BTreeMap;

use crate::{DocumentId, PeerId, PeerMetadata, RefusedDocument, RemoteHeads, StorageId, codec};

pub use codec::DecodeError;

/// The only protocol version automerge-repo 2.x speaks, in `join` and `peer`.
pub const PROTOCOL_V1: &str = "1";

/// One message of automerge-repo's network protocol; on a websocket each
/// binary frame carries exactly one, as a CBOR map.
///
/// Field names follow the JavaScript messages (`senderId` → `sender_id`).
/// `join`, `peer`, `leave` and `error` belong to the websocket handshake; the
/// rest are the repo's own messages, relayed unchanged between peers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// The connecting peer introduces itself; the first message on a connection.
    Join {
        sender_id: PeerId,
        supported_protocol_versions: Vec<String>,
        peer_metadata: PeerMetadata,
    },
    /// The accepting peer's answer to `join`.
    Peer {
        sender_id: PeerId,
        target_id: PeerId,
        selected_protocol_version: String,
        peer_metadata: PeerMetadata,
    },
    /// Sent by older JavaScript clients before they close; advisory only.
    Leave { sender_id: PeerId },
    /// The sender is about to close the connection because of `message`.
    /// The JavaScript server names both peers, other implementations neither.
    /// Our relay adds `refused` when it refuses input about one document
    /// (see [`crate::RefusalNotice`]); other peers ignore those fields.
    Error {
        sender_id: Option<PeerId>,
        target_id: Option<PeerId>,
        message: String,
        refused: Option<RefusedDocument>,
    },
    /// The first automerge sync message about a document; unlike `sync` it
    /// asks for `doc-unavailable` if the target has no copy.
    Request {
        sender_id: PeerId,
        target_id: PeerId,
        document_id: DocumentId,
        data: Vec<u8>,
    },
    /// An automerge sync message (`automerge::sync::Message`, encoded).
    Sync {
        sender_id: PeerId,
        target_id: PeerId,
        document_id: DocumentId,
        data: Vec<u8>,
    },
    /// The sender has no copy of the document and none of its peers has one.
    DocUnavailable {
        sender_id: PeerId,
        target_id: PeerId,
        document_id: DocumentId,
    },
    /// Application data that is forwarded but never stored (presence, cursors).
    /// `session_id` and `count` let peers drop copies they have already seen.
    Ephemeral {
        sender_id: PeerId,
        target_id: PeerId,
        document_id: DocumentId,
        session_id: String,
        count: u64,
        data: Vec<u8>,
    },
    /// Storage ids whose heads the sender wants to hear about (`add`) or no
    /// longer (`remove`).
    RemoteSubscriptionChange {
        sender_id: PeerId,
        target_id: PeerId,
        add: Vec<StorageId>,
        remove: Vec<StorageId>,
    },
    /// Where a document's heads now are on the storages the target follows.
    RemoteHeadsChanged {
        sender_id: PeerId,
        target_id: PeerId,
        document_id: DocumentId,
        new_heads: BTreeMap<StorageId, RemoteHeads>,
    },
}

impl Message {
    /// Sync data for one document: a `request` from a peer that has none of
    /// it yet (so the other side may answer `doc-unavailable`), else a `sync`.
    pub fn document_sync(
        sender_id: PeerId,
        target_id: PeerId,
        document_id: DocumentId,
        data: Vec<u8>,
        sender_has_nothing: bool,
    ) -> Self {
        if sender_has_nothing {
            Self::Request {
                sender_id,
                target_id,
                document_id,
                data,
            }
        } else {
            Self::Sync {
                sender_id,
                target_id,
                document_id,
                data,
            }
        }
    }

    /// The `type` field on the wire.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Join { .. } => "join",
            Self::Peer { .. } => "peer",
            Self::Leave { .. } => "leave",
            Self::Error { .. } => "error",
            Self::Request { .. } => "request",
            Self::Sync { .. } => "sync",
            Self::DocUnavailable { .. } => "doc-unavailable",
            Self::Ephemeral { .. } => "ephemeral",
            Self::RemoteSubscriptionChange { .. } => "remote-subscription-change",
            Self::RemoteHeadsChanged { .. } => "remote-heads-changed",
        }
    }

    /// The bytes of one websocket frame carrying this message.
    pub fn encode(&self) -> Vec<u8> {
        codec::encode(self)
    }

    /// Reads one websocket frame. Any input, however malformed, gives an error
    /// value; nothing is allocated beyond what the frame's own bytes justify.
    pub fn decode(frame: &[u8]) -> Result<Self, DecodeError> {
        codec::decode(frame)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer(text: &str) -> PeerId {
        text.parse().unwrap()
    }

    fn storage(text: &str) -> StorageId {
        text.parse().unwrap()
    }

    /// One message of every kind, with optional parts both set and unset.
    fn one_of_each() -> Vec<Message> {
        let document_id = DocumentId::from_bytes([7; 16]);
        let (a, b) = (peer("peer-a"), peer("relay"));
        vec![
            Message::Join {
                sender_id: a.clone(),
                supported_protocol_versions: vec![PROTOCOL_V1.into()],
                peer_metadata: PeerMetadata {
                    storage_id: Some(storage("s-1")),
                    is_ephemeral: false,
                },
            },
            Message::Peer {
                sender_id: b.clone(),
                target_id: a.clone(),
                selected_protocol_version: PROTOCOL_V1.into(),
                peer_metadata: PeerMetadata {
                    storage_id: None,
                    is_ephemeral: true,
                },
            },
            Message::Leave {
                sender_id: a.clone(),
            },
            Message::Error {
                sender_id: Some(b.clone()),
                target_id: Some(a.clone()),
                message: "unsupported protocol version".into(),
                refused: None,
            },
            Message::Error {
                sender_id: None,
                target_id: None,
                message: String::new(),
                refused: None,
            },
            Message::Error {
                sender_id: Some(b.clone()),
                target_id: Some(a.clone()),
                message: "viewers cannot edit this document".into(),
                refused: Some(RefusedDocument {
                    document_id,
                    code: "viewer-cannot-edit".into(),
                    params: BTreeMap::from([("why".into(), "因为".into())]),
                }),
            },
            Message::Request {
                sender_id: a.clone(),
                target_id: b.clone(),
                document_id,
                data: vec![0x42, 0, 1],
            },
            Message::Sync {
                sender_id: b.clone(),
                target_id: a.clone(),
                document_id,
                data: vec![0x42; 300],
            },
            Message::DocUnavailable {
                sender_id: b.clone(),
                target_id: a.clone(),
                document_id,
            },
            Message::Ephemeral {
                sender_id: a.clone(),
                target_id: b.clone(),
                document_id,
                session_id: "k2j3h4".into(),
                count: 1 << 40,
                data: vec![0xa0],
            },
            Message::RemoteSubscriptionChange {
                sender_id: a.clone(),
                target_id: b.clone(),
                add: vec![storage("s-1"), storage("s-2")],
                remove: vec![],
            },
            Message::RemoteHeadsChanged {
                sender_id: b,
                target_id: a,
                document_id,
                new_heads: BTreeMap::from([
                    (
                        storage("s-1"),
                        RemoteHeads {
                            heads: vec!["ab".repeat(32)],
                            timestamp: 1_717_171_717_171,
                        },
                    ),
                    (
                        storage("s-2"),
                        RemoteHeads {
                            heads: vec![],
                            timestamp: 0,
                        },
                    ),
                ]),
            },
        ]
    }

    #[test]
    fn every_kind_round_trips() {
        let messages = one_of_each();
        let kinds: std::collections::BTreeSet<_> =
            messages.iter().map(Message::type_name).collect();
        assert_eq!(kinds.len(), 10, "one of each of the ten kinds");
        for message in messages {
            assert_eq!(Message::decode(&message.encode()), Ok(message.clone()));
        }
    }
}
