//! The browser repo: documents kept in IndexedDB (snapshots plus incremental
//! chunks), synced with the relay through `concord-sync`'s engine over a
//! websocket, and shared between the tabs of one browser. Adapters only: the
//! protocol lives in `concord-sync` and the documents' rules in `concord-model`.
//!
//! ```text
//! Repo::change ─► Client's DocReplica (the one copy) ─tick─► Store ─► IdbStore (awaited)
//!      │                       ▲                              Send ──► RelayLink (websocket)
//!      └─► TabChannel ─► other tabs (merged, stored there too)
//! ```

mod actor_book;
mod backoff;
mod browser;
mod crypto_rng;
mod doc_entry;
mod doc_replica;
mod doc_status;
mod idb_store;
mod idb_store_error;
mod open_doc;
mod relay_link;
mod relay_refusal;
#[allow(clippy::module_inception)]
mod repo;
mod repo_error;
mod repo_slot;
mod tab_channel;
mod web_lock;

pub use actor_book::ActorBook;
pub use backoff::Backoff;
pub use browser::mark;
pub use crypto_rng::CryptoRng;
pub use doc_entry::{DocEntry, newest_first};
pub use doc_replica::DocReplica;
pub use doc_status::DocStatus;
pub use idb_store::{IdbStore, Loaded, Part, PieceKey};
pub use idb_store_error::IdbStoreError;
pub use open_doc::Revisions;
pub use relay_link::{FrameSink, LinkEvent, RelayLink, sync_url};
pub use relay_refusal::RelayRefusal;
pub use repo::Repo;
pub use repo_error::RepoError;
pub use repo_slot::{DB_NAME, RepoSlot, RepoState, TAB_CHANNEL};
pub use tab_channel::TabChannel;
pub use web_lock::{Locked, if_available as with_lock_if_available};
