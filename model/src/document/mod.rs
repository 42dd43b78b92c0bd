//! A shared document, typed by its template.
//!
//! Layout of the Automerge document (schema 1):
//! ```text
//! meta     {schema: 1, template_id, template_version, title: Text,
//!           classification: "public"|"internal"|"confidential",
//!           status: a state of the template's workflow (starts at its initial),
//!           created_by: person id, created_at: timestamp ms,
//!           direct_superior?: person id (recorded by the initiator as they submit),
//!           round?: int, +1 with every status move (absent = 0),
//!           status_reason?: str|Text, written with a move whose step needs a reason,
//!           subtemplate?: {id, version, name: {zh-CN, en}, hidden: [field ids]}}
//! acl      {members: {person id → "owner"|"editor"|"viewer"}, orgs: {org id → role},
//!           departments: {dept id → role} (absent in documents made before
//!           department grants; the first grant makes it)}
//! fields   {field id → value}   (template fields and custom field ids)
//! tables   {table id → {row id → {order: key, owner?: person id,
//!                                 cells: {field id → value}}}}
//! comments {comment id → {author: person id, at: ms,
//!           target: "doc"|"field/<field id>"|"row/<table id>/<row id>",
//!           body: Text, mentions?: [person ids]}}
//! signoffs {signoff id → {by: person id, transition: transition id,
//!           departments: [dept ids], decision: "approve"|"reject",
//!           note?: str|Text, at: ms, round?: int (the round signed in),
//!           row?: "<table id>/<row id>" (steps a row's owner takes)}}
//! reads    {person id → {at: ms}}
//! versions {version id → {name, note?, heads: [hex change hashes], by, at}}
//! custom_fields {field id → {label: {zh-CN, en}, kind: "text"|"long_text"|…,
//!           options?: [{id, label: {zh-CN, en}}], max?: rating maximum,
//!           required: bool, table?: table id, position?: int (order)}}
//! ```
//! Nothing else belongs at the root or in these maps: `rules::validate`
//! lists what does not fit, and `rules::check_change` refuses it.
//! Every part exists from `create`, so replicas never race to create one.
//! Ids of rows, comments, sign-offs and versions are 16 random bytes in hex;
//! `ms` is a Timestamp (an Int from other clients is read too).
//! A value is one scalar (text, number, date string, timestamp, id, bool,
//! rating), a list of strings (people, departments, choices, attachments),
//! a map (money {minor, currency}, link {doc, row?}) or, for long text, a Text.
//! Rows are map entries with a sortable `order` key rather than list items,
//! so concurrent inserts, deletes and moves merge cleanly.

mod acl;
mod approval;
mod at;
mod authors;
mod codec;
mod comments;
mod conflict;
mod custom_field_edits;
mod custom_fields;
mod doc;
mod error;
mod field_spec;
mod files;
mod history;
mod ids;
mod meta;
mod new_rows;
mod one_row;
mod order;
mod read;
mod reads;
pub use reads::READ_WITHIN_MINUTES;
mod rows;
mod signoffs;
mod subtemplate;
mod tags;
mod task_steps;
mod touched;
mod value;
mod version_compare;
mod versions;

#[cfg(test)]
mod convergence;
#[cfg(test)]
pub(crate) mod tests;

pub use approval::{ApprovedVersion, Parties};
pub(crate) use at::At;
pub use automerge::ActorId;
pub(crate) use codec::decode_at;
pub use comments::{Comment, CommentTarget, mentions_in};
pub use conflict::{Conflict, ConflictPath};
pub use custom_field_edits::FieldMove;
pub(crate) use custom_fields::custom_fields_at;
pub use doc::{ConcordDoc, NotOurs, SCHEMA};
pub use error::{DocError, DocResult};
pub(crate) use field_spec::FieldSpec;
pub use history::{
    HISTORY_PAGE, HISTORY_PAGE_BUDGET, HistoryEdit, HistoryEntry, HistoryIndex, HistoryPage,
    HistoryPlace, HistoryScope, check_signed_names,
};
pub use ids::{CommentId, RowId, SignoffId, VersionId};
pub use meta::Meta;
pub(crate) use one_row::{OneRow, last_written_in, row_at, row_ids, table_specs, written_in};
pub(crate) use order::is_valid as is_order_key;
pub use rows::{RowKey, RowView};
pub use signoffs::{Decision, NewSignoff, SignoffRecord};
pub use tags::{TAG_MAX, TAGS_MAX, TagError, tag_of};
pub(crate) use task_steps::task_row_of;
pub use task_steps::{StatusMove, TaskAct};
pub use touched::Touched;
pub use value::Value;
#[cfg(test)]
pub(crate) use value::misfit;
pub(crate) use value::misfit_with;
pub(crate) use version_compare::checked_version_name;
pub use version_compare::{VERSION_NAME_MAX, next_version_names};
pub use versions::Version;
