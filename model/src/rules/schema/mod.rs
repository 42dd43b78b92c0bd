//! The shape of each part of a document, checked one part at a time, so
//! `validate` checks them all and `check_change` only those a change touched.

mod entries;
mod fields;
mod meta;

use automerge::{ObjId, ROOT, ReadDoc};

use super::violation::{Violation, expected};
use crate::{access::PersonId, custom_field::CustomField, document::At, template::Template};

pub(crate) use entries::{
    check_comment, check_custom_fields, check_read, check_signoff, check_version, part_keys,
    signoff_row,
};
pub(crate) use fields::{check_field, check_fields, check_row, check_tables, is_empty_text};
pub(crate) use meta::{check_acl, check_meta};

/// The top-level parts of a document; anything else is refused.
pub(crate) const PARTS: [&str; 9] = [
    "meta",
    "acl",
    "fields",
    "tables",
    "comments",
    "signoffs",
    "reads",
    "versions",
    "custom_fields",
];

/// What the schema needs to know to judge a field: its template, the
/// document's own custom fields, and whether required fields are due yet.
pub(crate) struct FieldContext<'t> {
    pub template: &'static Template,
    /// Well-formed custom fields (`document::custom_fields_at`).
    pub custom: &'t [CustomField],
    /// Required fields must be filled once the document has left its
    /// template's initial state (a draft may be saved half written).
    pub past_initial: bool,
}

impl FieldContext<'_> {
    /// The custom field `id` of the form (`table` None) or of that table.
    pub fn custom(&self, table: Option<&str>, id: &str) -> Option<&CustomField> {
        self.custom
            .iter()
            .find(|c| c.id == id && c.table.as_deref() == table)
    }
}

/// The keys of the `custom_fields` part, well formed or not; a document
/// without the part simply has none.
pub(crate) fn custom_field_ids<R: ReadDoc>(at: At<'_, R>) -> Vec<String> {
    at.map(&ROOT, "custom_fields")
        .map(|m| at.keys(&m))
        .unwrap_or_default()
}

/// The root's keys that are not document parts.
pub(crate) fn check_root<R: ReadDoc>(at: At<'_, R>, out: &mut Vec<Violation>) {
    for key in at.keys(&ROOT) {
        if !PARTS.contains(&key.as_str()) {
            out.push(Violation::unknown(key));
            continue;
        }
        if at.map(&ROOT, &key).is_none() && key != "meta" {
            out.push(Violation::malformed(key, expected::MAP));
        }
    }
}

/// The map of one entry of a part, if the entry is there; a present entry
/// that is no map is a violation.
pub(super) fn entry<R: ReadDoc>(
    at: At<'_, R>,
    part: &str,
    id: &str,
    out: &mut Vec<Violation>,
) -> Option<ObjId> {
    let Some(parent) = at.map(&ROOT, part) else {
        out.push(Violation::malformed(part, expected::MAP));
        return None;
    };
    at.get(&parent, id)?;
    let found = at.map(&parent, id);
    if found.is_none() {
        out.push(Violation::malformed(format!("{part}.{id}"), expected::MAP));
    }
    found
}

pub(crate) fn person_at<R: ReadDoc>(at: At<'_, R>, obj: &ObjId, key: &str) -> Option<PersonId> {
    at.str(obj, key)?.parse().ok()
}

pub(super) fn require_person<R: ReadDoc>(
    at: At<'_, R>,
    obj: &ObjId,
    key: &str,
    path: &str,
    out: &mut Vec<Violation>,
) {
    if person_at(at, obj, key).is_none() {
        out.push(Violation::malformed(
            format!("{path}.{key}"),
            expected::PERSON,
        ));
    }
}

pub(super) fn require_int<R: ReadDoc>(
    at: At<'_, R>,
    obj: &ObjId,
    key: &str,
    path: &str,
    out: &mut Vec<Violation>,
) {
    if at.int(obj, key).is_none() {
        out.push(Violation::malformed(
            format!("{path}.{key}"),
            expected::TIMESTAMP,
        ));
    }
}

pub(super) fn require_ids<R: ReadDoc, Id: std::str::FromStr>(
    at: At<'_, R>,
    obj: &ObjId,
    key: &str,
    path: &str,
    what: crate::locale::Localized,
    out: &mut Vec<Violation>,
) {
    let ok = at
        .string_list(obj, key)
        .is_some_and(|ids| ids.iter().all(|i| i.parse::<Id>().is_ok()));
    if !ok {
        out.push(Violation::malformed(format!("{path}.{key}"), what));
    }
}

pub(super) fn unknown_keys<R: ReadDoc>(
    at: At<'_, R>,
    obj: &ObjId,
    path: &str,
    known: &[&str],
    out: &mut Vec<Violation>,
) {
    for key in at.keys(obj) {
        if !known.contains(&key.as_str()) {
            out.push(Violation::unknown(format!("{path}.{key}")));
        }
    }
}
