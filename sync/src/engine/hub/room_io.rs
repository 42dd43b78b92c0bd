use crate::{DocumentId, Message, PeerId};

use crate::RefusalNotice;

/// Everything that happens to a [`super::Room`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomInput {
    /// Storage had the document: its snapshot and incremental chunks in the
    /// order they were stored. A new room waits for this or `NotFound`;
    /// peer inputs meanwhile are queued.
    Loaded { chunks: Vec<Vec<u8>> },
    /// Storage has no such document. Peers asking for it get `doc-unavailable`
    /// until one of them brings changes, which creates it.
    NotFound,
    /// A peer's `request`: the first sync message of a peer without a copy.
    Request { peer: PeerId, data: Vec<u8> },
    /// A peer's `sync`: an encoded `automerge::sync::Message`.
    Sync { peer: PeerId, data: Vec<u8> },
    /// A peer's ephemeral message, forwarded to the room's other peers.
    Ephemeral {
        peer: PeerId,
        session_id: String,
        count: u64,
        data: Vec<u8>,
    },
    /// The peer's connection closed or it left the document; its sync state goes.
    PeerLeft { peer: PeerId },
    /// Store what arrived since the last tick and answer every peer that needs it.
    Tick,
}

/// What a [`super::Room`] asks of its adapter, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomOutput {
    /// Append this chunk (changes since the last stored chunk) to the
    /// document's storage. Durable before any later `Send` is delivered.
    Store { chunk: Vec<u8> },
    /// Replace everything stored for the document with this snapshot
    /// (atomically). Durable before any later `Send` is delivered.
    Compact { snapshot: Vec<u8> },
    /// Deliver to the connection of peer `to`; drop it if that peer is gone.
    Send { to: PeerId, message: Message },
    /// The room dropped `peer` because its input was refused (by the policy,
    /// a limit, or as malformed); nothing of that input was kept. The relay
    /// tells the peer (see [`super::Connection::refused`]).
    Refused {
        peer: PeerId,
        document_id: DocumentId,
        reason: RefusalNotice,
    },
    /// Stored bytes would not load, or the room could not undo refused
    /// changes. The room now answers every peer `doc-unavailable` and stores
    /// nothing more; the relay should log this and drop the room.
    Failed { reason: String },
}
