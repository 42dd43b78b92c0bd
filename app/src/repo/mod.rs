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
//!
//! `Repo` is split by job: its API (`repo`), everything it holds
//! (`repo_state`: one `RefCell` and the signals), loading stored pieces
//! (`load_pieces`, pure), what is stored and when to compact
//! (`compaction`), carrying out the engine's outputs (`carry_out`), changes
//! arriving (`incoming`), the relay connection (`relay_connection`) and the
//! documents the relay refused (`set_aside`).

mod actor_book;
mod backoff;
mod browser;
mod carry_out;
mod compaction;
mod crypto_rng;
mod doc_entry;
mod doc_replica;
mod doc_status;
mod idb_store;
mod idb_store_error;
mod incoming;
mod load_pieces;
mod open_doc;
mod piece_key;
mod relay_connection;
mod relay_link;
#[allow(clippy::module_inception)]
mod repo;
mod repo_error;
mod repo_slot;
mod repo_state;
mod set_aside;
mod tab_channel;
mod web_lock;

pub use actor_book::ActorBook;
pub use backoff::Backoff;
pub use browser::{mark, next_task};
pub use compaction::StoredPieces;
pub use crypto_rng::CryptoRng;
pub use doc_entry::{DocEntry, newest_first};
pub use doc_replica::DocReplica;
pub use doc_status::DocStatus;
pub use idb_store::{IdbStore, Loaded};
pub use idb_store_error::IdbStoreError;
pub use load_pieces::{LoadedPieces, load_pieces};
pub use open_doc::Revisions;
pub use piece_key::{Part, PieceKey};
pub use relay_link::{FrameSink, LinkEvent, RelayLink, sync_url};
pub use repo::Repo;
pub use repo_error::RepoError;
pub use repo_slot::{DB_NAME, RepoSlot, RepoState, TAB_CHANNEL};
pub use tab_channel::TabChannel;
pub use web_lock::{Locked, if_available as with_lock_if_available};
