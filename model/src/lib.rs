//! Concord's document model: what a shared document is and what may happen to it.
//!
//! Architecture invariant: this crate does no IO and knows nothing of sockets,
//! browsers or clocks, so the relay (to enforce) and the app (to shape its UI)
//! use the very same rules.

mod document;
mod field;
mod library;
mod locale;
mod template;

pub use document::{
    ActorId, Classification, ConcordDoc, Conflict, ConflictPath, DOC_ROLES, DocError, DocResult,
    Meta, PersonId, RowId, RowView, SCHEMA, Value,
};
pub use field::{ChoiceOption, FieldDef, FieldKind};
pub use library::{find_template, library};
pub use locale::{Locale, Localized};
pub use template::{TableDef, Template, TemplateId};
