//! The Concord relay: one axum process that serves the built app, keeps the
//! documents in its embedded store, and merges, forwards and authorises
//! every edit over `/sync`.
//!
//! Architecture invariant: HTTP handlers decide no permissions themselves;
//! rules about who may do what live in `concord-model`.

pub mod access_policy;
pub mod accounts;
pub mod actor_registry;
mod admin_routes;
mod app_files;
mod auth_routes;
mod clock;
mod config;
pub mod doc_catalog;
mod documents_routes;
mod error;
mod export_routes;
mod health;
mod invite_routes;
mod relay;
pub mod store;
mod sync_socket;

pub use config::{Config, SyncLimits};
pub use error::RelayError;
pub use relay::Relay;
