//! Concord's sync core, shared by the relay and the browser app.
//!
//! Architecture invariant: no IO. Randomness and time come in as arguments,
//! and every input from the network is rejected with an error value, never a panic.

mod document_id;

pub use document_id::{DocumentId, DocumentIdError};
