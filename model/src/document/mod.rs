//! A shared document, typed by its template.
//!
//! Layout of the Automerge document (schema 1):
//! ```text
//! meta     {schema: 1, template_id, template_version, title: Text,
//!           classification: "public"|"internal"|"confidential", status,
//!           created_by: person id, created_at: timestamp ms}
//! acl      {members: {person id → "owner"|"editor"|"viewer"}, orgs: {org id → role}}
//! fields   {field id → value}
//! tables   {table id → {row id → {order: key, owner?: person id,
//!                                 cells: {field id → value}}}}
//! comments, signoffs, reads, versions, custom_fields: maps, filled later
//! ```
//! A value is one scalar (text, number, date string, timestamp, id, bool,
//! rating), a list of strings (people, departments, choices, attachments),
//! a map (money {minor, currency}, link {doc, row?}) or, for long text, a Text.
//! Rows are map entries with a sortable `order` key rather than list items,
//! so concurrent inserts, deletes and moves merge cleanly.

mod acl;
mod at;
mod codec;
mod conflict;
mod doc;
mod error;
mod ids;
mod meta;
mod order;
mod rows;
mod value;

#[cfg(test)]
mod convergence;
#[cfg(test)]
mod tests;

pub(crate) use at::At;
pub use automerge::ActorId;
pub(crate) use codec::decode_at;
pub use conflict::{Conflict, ConflictPath};
pub use doc::{ConcordDoc, SCHEMA};
pub use error::{DocError, DocResult};
pub use ids::RowId;
pub use meta::Meta;
pub(crate) use order::is_valid as is_order_key;
pub use rows::RowView;
pub use value::Value;
pub(crate) use value::misfit;
