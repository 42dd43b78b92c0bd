//! Who is signed in: accounts, passwords (Argon2id), sessions, the
//! one-time setup of the first admin, and the directory (departments,
//! partner organisations, invites), whose records are `concord-api`'s
//! types. The HTTP face is `crate::http`. The records live behind
//! `AccountsStore`: SQLite in the data directory, or PostgreSQL.

mod account;
#[allow(clippy::module_inception)]
mod accounts;
mod accounts_admin;
#[cfg(test)]
mod accounts_backends;
mod accounts_calendar;
mod accounts_db;
mod accounts_messages;
mod accounts_migration;
mod accounts_store;
mod accounts_subtemplates;
mod calendar_db;
mod directory_db;
mod error;
mod login_throttle;
mod message_reads_db;
pub mod password;
mod postgres_accounts;
mod postgres_calendar;
mod postgres_directory;
mod postgres_message_reads;
mod postgres_subtemplates;
mod session_lifetimes;
mod session_token;
mod subtemplates_db;
mod workspace_calendar;
mod workspace_zone;

pub use account::Account;
pub use accounts::Accounts;
pub use accounts_db::AccountsDb;
pub use accounts_migration::AccountsMigration;
pub use accounts_store::{
    AccountsStore, CalendarStore, DirectoryStore, MessageStore, PeopleStore, SessionRow,
    SubtemplateRow, SubtemplateStore,
};
pub use error::{AccountError, whole_seconds};
pub use login_throttle::LoginThrottle;
pub use postgres_accounts::PostgresAccounts;
pub use session_lifetimes::SessionLifetimes;
pub use session_token::SessionToken;
pub use workspace_calendar::WorkspaceCalendar;
pub use workspace_zone::{DEFAULT_ZONE, WorkspaceZone};
