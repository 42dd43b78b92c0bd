//! The Concord relay: one axum process that serves the built app and its
//! HTTP API (`http`), keeps the documents in its store (`store`: embedded
//! SQLite, or PostgreSQL through `postgres`),
//! and merges, forwards and authorises edits on the `/sync` websocket
//! (`sync_socket`, judged by `access_policy`).
//!
//! Architecture invariant: HTTP handlers decide no permissions themselves;
//! rules about who may do what live in `concord-model`.

pub mod access_policy;
pub mod accounts;
pub mod actor_registry;
mod clock;
mod cluster;
mod config;
pub mod doc_catalog;
pub mod doc_digests;
mod error;
pub mod file_store;
mod http;
mod import;
mod kept_by_heads;
mod locks;
pub mod postgres;
mod relay;
pub mod store;
mod sync_socket;
pub mod workspace_today;

pub use cluster::BrokerError;
pub use config::{Config, DEFAULT_MAX_FILE_BYTES, SyncLimits};
pub use error::RelayError;
pub use relay::Relay;
