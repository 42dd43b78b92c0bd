//! Where the relay keeps documents. SQLite in WAL mode is the embedded
//! default; PostgreSQL (`--database-url`) lets several relays share them.
//!
//! A document is stored as an optional snapshot (an Automerge `save`) plus
//! incremental chunks appended after it. Writes go through one
//! [`GroupCommit`] thread, so many writers share one fsync; a [`Compactor`]
//! folds a document's chunks into a new snapshot in the background.

mod compactor;
mod doc_log;
mod document_migration;
mod error;
mod group_commit;
mod loaded_doc;
mod postgres_store;
mod sqlite;
#[cfg(test)]
mod store_contract_tests;
mod store_trait;

pub use compactor::Compactor;
pub use doc_log::{DocLog, LockedDoc, Missed};
pub use document_migration::{DocumentMigration, MigrationError};
pub use error::StoreError;
pub use group_commit::{CommitError, CommitStats, GroupCommit};
pub use loaded_doc::{DamagedPart, LoadedDoc};
pub use postgres_store::PostgresStore;
pub use sqlite::SqliteStore;
pub use store_trait::{ChunkSeq, Compaction, NewChunk, Store, StoredChunk, StoredDoc};
