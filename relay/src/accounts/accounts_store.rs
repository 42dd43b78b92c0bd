//! The seam between `Accounts` (the rules: who may sign in, who may change
//! the directory) and where its records live: SQLite in the data directory
//! (`AccountsDb`), or PostgreSQL (`PostgresAccounts`) when relays share one
//! workspace. Both answer the same contract tests
//! (`accounts_contract_tests`). Every method blocks; `Accounts` is called
//! off the async threads.

use concord_api::{Department, Invite, Organisation, PersonEntry};
use concord_model::{Day, DayKind, DeptId, PersonId};

use super::{Account, AccountError, WorkspaceCalendar, WorkspaceZone};

/// A session row: whose it is and its times.
pub struct SessionRow {
    pub person: String,
    pub created_ms: i64,
    pub last_seen_ms: i64,
}

/// People, their passwords and sessions, and the actors they sign with.
pub trait PeopleStore {
    fn has_admin(&self) -> Result<bool, AccountError>;
    /// Adds a person; `Taken` if the id is in use (ids compare without case).
    fn insert(&self, account: &Account, password: &str, now_ms: i64) -> Result<(), AccountError>;
    /// The account with this id (without case) and its stored password.
    fn account(&self, id: &str) -> Result<Option<(Account, String)>, AccountError>;
    fn set_disabled(&self, id: &PersonId, disabled: bool) -> Result<(), AccountError>;
    fn insert_session(
        &self,
        digest: &[u8; 32],
        person: &PersonId,
        now_ms: i64,
    ) -> Result<(), AccountError>;
    fn session(&self, digest: &[u8; 32]) -> Result<Option<SessionRow>, AccountError>;
    fn touch_session(&self, digest: &[u8; 32], now_ms: i64) -> Result<(), AccountError>;
    fn delete_session(&self, digest: &[u8; 32]) -> Result<(), AccountError>;
    fn delete_sessions_of(&self, person: &PersonId) -> Result<(), AccountError>;
    /// Deletes sessions that can no longer be used.
    fn prune_sessions(
        &self,
        idle_before_ms: i64,
        created_before_ms: i64,
    ) -> Result<(), AccountError>;
    /// Binds `actor` to `person` unless it is bound; answers whether this
    /// call bound it, and its owner.
    fn claim_actor(
        &self,
        actor: &str,
        person: &PersonId,
        now_ms: i64,
    ) -> Result<(bool, String), AccountError>;
    fn release_actor(&self, actor: &str, person: &PersonId) -> Result<(), AccountError>;
}

/// Departments and who belongs to them, partner organisations, invites.
pub trait DirectoryStore {
    /// A staff member's departments, and of those the ones they head.
    fn memberships(&self, person: &str) -> Result<(Vec<DeptId>, Vec<DeptId>), AccountError>;
    /// Replaces a person's departments; every head is also a member.
    fn set_memberships(
        &self,
        person: &str,
        departments: &[String],
        heads: &[String],
    ) -> Result<(), AccountError>;
    fn department_exists(&self, id: &str) -> Result<bool, AccountError>;
    /// `Taken` if the id is in use.
    fn insert_department(&self, dept: &Department, now_ms: i64) -> Result<(), AccountError>;
    fn departments(&self) -> Result<Vec<Department>, AccountError>;
    /// `Taken` if the id is in use.
    fn insert_org(&self, org: &Organisation, now_ms: i64) -> Result<(), AccountError>;
    fn orgs(&self) -> Result<Vec<Organisation>, AccountError>;
    fn org(&self, id: &str) -> Result<Option<Organisation>, AccountError> {
        Ok(self.orgs()?.into_iter().find(|org| org.id.as_str() == id))
    }
    fn people(&self) -> Result<Vec<PersonEntry>, AccountError>;
    /// Enabled admins.
    fn admin_count(&self) -> Result<i64, AccountError>;
    fn update_person(
        &self,
        id: &str,
        display_name: Option<&str>,
        is_admin: Option<bool>,
        password: Option<&str>,
    ) -> Result<(), AccountError>;
    fn set_superior(&self, id: &str, superior: Option<&str>) -> Result<(), AccountError>;
    fn insert_invite(
        &self,
        invite: &Invite,
        digest: &[u8; 32],
        created_by: &str,
    ) -> Result<(), AccountError>;
    /// Newest first.
    fn invites(&self) -> Result<Vec<Invite>, AccountError>;
    fn invite_by_digest(&self, digest: &[u8; 32]) -> Result<Option<Invite>, AccountError>;
    /// Marks a live invite used by `person`; `false` if it was not live
    /// (used, revoked or expired meanwhile), so one invite makes one account.
    fn use_invite(&self, id: &str, person: &str, now_ms: i64) -> Result<bool, AccountError>;
    fn revoke_invite(&self, id: &str) -> Result<bool, AccountError>;
}

/// The workspace calendar: marked days and the time zone.
pub trait CalendarStore {
    /// The calendar as stored. A stored zone no longer known (renamed in a
    /// newer release) reads as the default, logged.
    fn calendar(&self) -> Result<WorkspaceCalendar, AccountError>;
    /// Marks `day`; `DayAlreadyMarked` if it is marked already (either way).
    fn mark_day(&self, day: Day, kind: DayKind, by: &str, now_ms: i64) -> Result<(), AccountError>;
    /// Takes the mark off `day`; `DayNotMarked` if it had none.
    fn unmark_day(&self, day: Day) -> Result<(), AccountError>;
    fn set_zone(&self, zone: &WorkspaceZone) -> Result<(), AccountError>;
}

/// What each person keeps of their message centre: which messages they
/// have read and which documents they follow. The messages themselves are
/// read from the documents (`concord_model::views::messages`); only these
/// are kept, so they follow the person to every device.
pub trait MessageStore {
    /// The message keys `person` has marked read, with when.
    fn message_reads(&self, person: &PersonId) -> Result<Vec<(String, i64)>, AccountError>;
    /// Marks `keys` read for `person` at `now_ms`; a key marked already
    /// keeps its first time.
    fn mark_messages_read(
        &self,
        person: &PersonId,
        keys: &[String],
        now_ms: i64,
    ) -> Result<(), AccountError>;
    /// The documents `person` follows, each with when they began to.
    fn follows(&self, person: &PersonId) -> Result<Vec<(String, i64)>, AccountError>;
    /// Follows `doc` from `since_ms` (following already: the first time
    /// stands), or with `None` stops following it.
    fn set_follow(
        &self,
        person: &PersonId,
        doc: &str,
        since_ms: Option<i64>,
    ) -> Result<(), AccountError>;
}

/// One stored team sub-template: its definition and whom it is shared
/// with as JSON (`concord_model::DerivedTemplate`, `SharedWith`), so the
/// stores keep what the model defines without a column per field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubtemplateRow {
    pub id: String,
    pub definition: String,
    pub shared_with: String,
    pub made_by: String,
    pub made_ms: i64,
}

/// The team sub-templates people shared. Definitions are never changed in
/// place: a new shape is a new sub-template.
pub trait SubtemplateStore {
    /// `Taken` if the id is in use.
    fn insert_subtemplate(&self, row: &SubtemplateRow) -> Result<(), AccountError>;
    /// Every stored sub-template, newest first.
    fn subtemplates(&self) -> Result<Vec<SubtemplateRow>, AccountError>;
}

/// Everything `Accounts` keeps, and transactions over it.
pub trait AccountsStore:
    PeopleStore + DirectoryStore + CalendarStore + MessageStore + SubtemplateStore + Send
{
    /// Runs `work` as one transaction: all its writes land, or (on `Err`,
    /// which is passed on) none.
    fn atomically(
        &self,
        work: &mut dyn FnMut(&dyn AccountsStore) -> Result<(), AccountError>,
    ) -> Result<(), AccountError>;
}
