//! A shared document, typed by its template.
//!
//! Layout of the Automerge document (schema 1):
//! ```text
//! meta     {schema: 1, template_id, template_version, title: Text,
//!           classification: "public"|"internal"|"confidential", status,
//!           created_by: person id, created_at: timestamp ms,
//!           subtemplate?: {id, version, name: {zh-CN, en}, hidden: [field ids]}}
//! acl      {members: {person id → "owner"|"editor"|"viewer"}, orgs: {org id → role}}
//! fields   {field id → value}                 (template and custom form fields)
//! tables   {table id → {row id → {order: key, owner?: person id,
//!                                 cells: {field id → value}}}}
//! comments {comment id → {author: person id, at: ms, body: Text,
//!           target: "doc" | "field/<field id>" | "row/<table id>/<row id>",
//!           mentions: [person ids]}}
//! signoffs {signoff id → {by: person id, transition: transition id,
//!           departments: [dept ids], decision: "approve"|"reject", note, at: ms}}
//! reads    {person id → {at: ms}}
//! versions {version id → {name, note, heads: [hex change hashes], by, at: ms}}
//! custom_fields {field id → {label: {zh-CN, en}, kind: "text"|"long_text"|…,
//!           options?: [{id, label: {zh-CN, en}}], max?: rating maximum,
//!           required: bool, table?: table id}}
//! ```
//! Every part exists from `create`, so replicas never race to create one.
//! Ids of rows, comments, sign-offs and versions are 16 random bytes in hex;
//! `ms` is a Timestamp (an Int from other clients is read too).
//! A value is one scalar (text, number, date string, timestamp, id, bool,
//! rating), a list of strings (people, departments, choices, attachments),
//! a map (money {minor, currency}, link {doc, row?}) or, for long text, a Text.
//! Rows are map entries with a sortable `order` key rather than list items,
//! so concurrent inserts, deletes and moves merge cleanly.

mod acl;
mod codec;
mod comments;
mod conflict;
mod custom_fields;
mod doc;
mod error;
mod field_spec;
mod ids;
mod meta;
mod order;
mod read;
mod reads;
mod rows;
mod signoffs;
mod subtemplate;
mod value;
mod versions;

#[cfg(test)]
mod convergence;
#[cfg(test)]
pub(crate) mod tests;

pub use automerge::ActorId;
pub use comments::{Comment, CommentTarget, mentions_in};
pub use conflict::{Conflict, ConflictPath};
pub use doc::{ConcordDoc, SCHEMA};
pub use error::{DocError, DocResult};
pub use ids::{CommentId, RowId, SignoffId, VersionId};
pub use meta::Meta;
pub use rows::RowView;
pub use signoffs::{Decision, NewSignoff, SignoffRecord};
pub use value::Value;
pub(crate) use value::{is_date, misfit_with};
pub use versions::Version;
