//! Concord's sync core, shared by the relay and the browser app.
//!
//! It speaks automerge-repo's network protocol byte for byte as the JavaScript
//! automerge-repo 2.x does: [`Message`] is one websocket frame, `encode`d to
//! and `decode`d from CBOR.
//!
//! Architecture invariant: no IO. Randomness and time come in as arguments,
//! and every input from the network is rejected with an error value, never a panic.

mod codec;
mod document_id;
pub mod engine;
mod message;
mod peer_id;
mod peer_metadata;
mod refusal_notice;
mod refused_document;
mod remote_heads;
mod storage_id;

pub use document_id::{DocumentId, DocumentIdError};
pub use message::{DecodeError, Message, PROTOCOL_V1};
pub use peer_id::{EmptyPeerId, PeerId};
pub use peer_metadata::PeerMetadata;
pub use refusal_notice::RefusalNotice;
pub use refused_document::RefusedDocument;
pub use remote_heads::RemoteHeads;
pub use storage_id::{EmptyStorageId, StorageId};
