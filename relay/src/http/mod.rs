//! The relay's HTTP face (relay/API.md): the router, the state every
//! handler reaches (`Shared`), the extractors (`SignedInAccount`,
//! `ClientAddr`), `ApiError` (every failure as `{error: code, message}`,
//! internals only in the log), and one file of handlers per area. The
//! bodies are `concord-api`'s types, which the app reads too.
//!
//! Architecture Invariant: handlers decide no permissions themselves; who
//! may do what is `Accounts`' (admins) and `concord-model`'s (documents,
//! the directory's view). Blocking work (SQLite, Argon2, the spreadsheet
//! writer) runs through `blocking`, never on an async thread.

mod admin;
mod api_error;
mod app_files;
mod auth;
mod blocking;
mod calendar;
mod centres;
mod client_addr;
mod dashboard;
mod disposition;
mod document_export;
mod documents;
mod export;
mod files;
mod health;
mod import;
mod invites;
mod people;
#[cfg(test)]
mod readers_fixture;
mod router;
mod search;
mod session_cookie;
mod signed_in_account;
mod state;
mod subtemplates;
#[cfg(feature = "test-clock")]
mod test_clock;
// The integration tests' id counter: row ids need any `RngCore`.
#[cfg(test)]
#[path = "../../tests/support/counter.rs"]
mod test_counter;

pub(crate) use api_error::ApiError;
pub(crate) use app_files::AppFiles;
pub(crate) use blocking::blocking;
pub(crate) use client_addr::ClientAddr;
pub(crate) use router::router;
pub(crate) use session_cookie::SESSION_COOKIE;
pub(crate) use signed_in_account::{SignedInAccount, signed_in_account};
pub(crate) use state::Shared;
#[cfg(test)]
pub(crate) use state::{test_router_as_admin, test_shared};
