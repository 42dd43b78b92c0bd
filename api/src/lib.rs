//! Concord's HTTP API as data (relay/API.md): every JSON body the relay
//! answers and the app reads, and every body the app sends, written once.
//! The relay serialises these types and the app deserialises the very same
//! ones, so a renamed or retyped field is a compile error on both sides,
//! not a value that silently reads as empty.
//!
//! Ids are typed (`PersonId`, `DeptId`, `OrgId` from `concord-model`,
//! `DocumentId` from `concord-sync`): an answer carrying an id that does not
//! parse does not read at all. Bodies the app sends keep what a person typed
//! as text, because the relay answers a malformed name with its own code
//! (`bad-name`, `unknown-department`), which a typed field would pre-empt.
//!
//! Refusals of edits travel in the sync protocol, not over HTTP; how a
//! `concord-model` `Refusal` becomes the `concord-sync` `RefusalNotice` an
//! `error` frame carries, and back, is written here too (`notice_of`,
//! `refusal_of`), for the same reason as the rest.
//!
//! It lives apart from `concord-model` because listings carry
//! `concord-sync`'s `DocumentId` and refusals join `concord-model`'s
//! `Refusal` to `concord-sync`'s error frame, and the two core crates stay
//! apart (`concord-sync` knows nothing of documents' rules, `concord-model`
//! nothing of the wire). Plain serde data: no IO.

mod admin;
mod calendar;
mod dashboard;
mod directory;
mod documents;
mod failure;
mod files;
mod import;
mod invites;
mod me;
mod message_centre;
mod name_book;
pub mod paths;
mod people;
mod refusal;
mod search;
mod sign_in;
mod subtemplates;
mod task_centre;

pub use admin::{CreatedInvite, NewDepartment, NewInvite, NewOrg, NewStaff, PersonChange};
pub use calendar::{DayMark, MarkDay, WorkCalendar, ZoneChange};
pub use dashboard::{DashboardAnswer, DashboardQuery};
pub use directory::{
    Department, Directory, Invite, InviteId, InviteState, OrgKind, Organisation, PersonEntry,
};
pub use documents::DocumentListing;
pub use failure::{ErrorCode, Failure};
pub use files::StoredFile;
pub use import::{ImportGrid, ImportQuery};
pub use invites::{AcceptInvite, InviteInfo, InviteToken};
pub use me::Me;
pub use message_centre::{Follows, MAX_MARKS, MarkRead, MessageCentre, MessageItem};
pub use name_book::NameBook;
pub use people::{People, VisiblePerson};
pub use refusal::{notice_of, refusal_of, refusal_text};
pub use search::{FoundDocument, FoundHit, MAX_FOUND, SearchAnswer, SearchQuery};
pub use sign_in::{LoginForm, SetupForm, SetupState};
pub use subtemplates::{NewSubtemplate, TeamSubtemplate, TeamSubtemplates};
pub use task_centre::{TaskCentre, TaskCentreItem};
