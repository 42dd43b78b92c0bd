//! Where the relay keeps documents. SQLite in WAL mode is the embedded default.

mod error;
mod sqlite;

pub use error::StoreError;
pub use sqlite::SqliteStore;
