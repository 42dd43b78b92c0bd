//! The sans-IO sync engine: automerge-repo's protocol driven by events in and
//! effects out, so the relay (tokio) and the browser (wasm) wrap the same logic
//! in their own IO.
//!
//! The CRDT sync itself is `automerge::sync` (one [`automerge::sync::State`]
//! per document and peer); this module only decides who talks to whom, when,
//! and what must be durable first.
//!
//! # Relay side: [`hub`]
//! ```text
//!  websocket ─frame─► Connection ──Route{doc, RoomInput}──► Room (one per open document)
//!      ▲                 │ Send / Close                         │ Store / Compact, then Send{to}
//!      └─────────────────┘◄──────────────── relay routes by PeerId ◄┘
//! ```
//! - [`hub::Connection`] — one per websocket. Handshake (`join` → `peer`,
//!   protocol "1" only), the sender of every frame checked against the
//!   handshake's peer id, [`Limits`], and the one policy point: every inbound
//!   message passes [`Policy::admit`] before anything else sees it.
//! - [`hub::Room`] — one per open document; the relay runs each in its own
//!   task. It holds the document, one sync state per peer, and checks every
//!   batch of incoming changes with [`Policy::check_changes`] before they can be
//!   stored or forwarded. Inputs between two ticks are applied at once; a tick
//!   emits at most one [`hub::RoomOutput::Store`] (or `Compact`) and then one
//!   sync message per peer that needs one. **Contract:** the adapter makes a
//!   `Store`/`Compact` durable before it delivers any `Send` that follows it in
//!   the same output list, so no peer ever sees heads the relay could lose.
//!   Group commit falls out of this: the relay may gather the stores of many
//!   rooms into one transaction and one disk sync before releasing their sends.
//!   Forwarding stays cheap in a crowded room: peers whose sync states are
//!   equal (everyone who is caught up) share one generated sync message.
//!
//! # Browser side: [`client`]
//! [`client::Client`] — one per connection to the relay: `join`, `request`
//! for documents it lacks, `sync` for the rest, and the same tick contract
//! (a local change is stored before it is sent). It reports
//! [`client::ClientOutput::RelayHeads`] so the app can show "saved on the relay":
//! the relay only sends heads it has made durable.

pub mod client;
mod exact_have;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
pub mod hub;
mod limits;
mod policy;
mod sync_data;

#[cfg(test)]
mod tests;

pub(crate) use exact_have::exact_have;
pub use limits::Limits;
pub use policy::{AllowAll, ChangeBatch, Policy, Verdict};
pub use sync_data::{MAX_BLOOM_PROBES, SyncDataError, decode_sync_message};
