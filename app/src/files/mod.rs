//! Files people attach to documents: read and hashed in the browser, kept
//! here until the relay has them (`PendingFiles`), then read from the relay.

mod file_bytes;
mod pending_files;
mod pending_store;

pub use file_bytes::ReadFailure;
pub use pending_files::{AttachFailure, PendingFiles, Waiting};
