//! The browser's side of the engine: one [`Client`] per connection to a relay.

#[allow(clippy::module_inception)]
mod client;
mod client_doc;
mod client_output;
mod replica;

pub use client::{Client, OpenError};
pub use client_output::ClientOutput;
pub use replica::Replica;
