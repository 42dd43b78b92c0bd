//! The relay's PostgreSQL database, used instead of the embedded SQLite
//! files when `--database-url` is given, so that several relay instances can
//! share one workspace.
//!
//! The relay's storage traits are blocking (their callers are the store's
//! writer and compactor threads and `spawn_blocking`); `PostgresDb` runs the
//! async `tokio-postgres` client and its `deadpool` pool on a small runtime of
//! its own and lets those threads wait for the answers.

mod error;
mod migrations;
mod postgres_db;

pub use error::PostgresError;
pub use migrations::SCHEMA_VERSION;
pub use postgres_db::PostgresDb;
