//! The shape of each part of a document, checked one part at a time, so
//! `validate` checks them all and `check_change` only those a change touched.

use automerge::{ObjId, ObjType, ROOT, ReadDoc, ScalarValue};

use super::violation::{Violation, expected};
use crate::{
    access::{Classification, DeptId, DocRole, OrgId, PersonId},
    document::{At, SCHEMA, Value, decode_at, is_order_key, misfit},
    field::FieldDef,
    library::find_template,
    template::Template,
};

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
    pub custom: &'t [String],
    /// Required fields must be filled once the document has left its
    /// template's initial state (a draft may be saved half written).
    pub past_initial: bool,
}

/// The ids of the document's custom fields. Another part of the model owns
/// their definitions; here they only make their ids known, and a document
/// without a `custom_fields` map simply has none.
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

/// Checks `meta` and answers the template it names, if it is usable.
pub(crate) fn check_meta<R: ReadDoc>(
    at: At<'_, R>,
    out: &mut Vec<Violation>,
) -> Option<&'static Template> {
    let Some(meta) = at.map(&ROOT, "meta") else {
        out.push(Violation::missing("meta"));
        return None;
    };
    match at.scalar(&meta, "schema") {
        Some(ScalarValue::Int(SCHEMA)) | Some(ScalarValue::Uint(1)) => {}
        Some(other) => out.push(Violation::UnsupportedSchema {
            found: other.to_string(),
        }),
        None => out.push(Violation::missing("meta.schema")),
    }
    let template = match at.str(&meta, "template_id") {
        Some(id) => {
            let found = find_template(&id);
            if found.is_none() {
                out.push(Violation::UnknownTemplate { id });
            }
            found
        }
        None => {
            out.push(Violation::malformed("meta.template_id", expected::STRING));
            None
        }
    };
    if at.int(&meta, "template_version").is_none() {
        out.push(Violation::malformed(
            "meta.template_version",
            expected::INTEGER,
        ));
    }
    if at.object(&meta, "title", ObjType::Text).is_none() {
        out.push(Violation::malformed("meta.title", expected::TEXT));
    }
    if at
        .str(&meta, "classification")
        .and_then(|c| Classification::parse(&c))
        .is_none()
    {
        out.push(Violation::malformed(
            "meta.classification",
            expected::CLASSIFICATION,
        ));
    }
    match at.str(&meta, "status") {
        Some(state) => {
            if let Some(t) = template
                && t.workflow.state(&state).is_none()
            {
                out.push(Violation::UnknownState { state });
            }
        }
        None => out.push(Violation::malformed("meta.status", expected::STRING)),
    }
    if person_at(at, &meta, "created_by").is_none() {
        out.push(Violation::malformed("meta.created_by", expected::PERSON));
    }
    if at.int(&meta, "created_at").is_none() {
        out.push(Violation::malformed("meta.created_at", expected::TIMESTAMP));
    }
    if at.get(&meta, "direct_superior").is_some()
        && person_at(at, &meta, "direct_superior").is_none()
    {
        out.push(Violation::malformed(
            "meta.direct_superior",
            expected::PERSON,
        ));
    }
    if at.get(&meta, "status_reason").is_some()
        && at.string_or_text(&meta, "status_reason").is_none()
    {
        out.push(Violation::malformed("meta.status_reason", expected::TEXT));
    }
    if at.get(&meta, "round").is_some() && at.int(&meta, "round").is_none_or(|r| r < 0) {
        out.push(Violation::malformed("meta.round", expected::INTEGER));
    }
    for key in at.keys(&meta) {
        if !META_KEYS.contains(&key.as_str()) {
            out.push(Violation::unknown(format!("meta.{key}")));
        }
    }
    template
}

const META_KEYS: [&str; 11] = [
    "schema",
    "template_id",
    "template_version",
    "title",
    "classification",
    "status",
    "created_by",
    "created_at",
    "direct_superior",
    "status_reason",
    "round",
];

pub(crate) fn check_acl<R: ReadDoc>(at: At<'_, R>, out: &mut Vec<Violation>) {
    let Some(acl) = at.map(&ROOT, "acl") else {
        out.push(Violation::malformed("acl", expected::MAP));
        return;
    };
    for key in at.keys(&acl) {
        let path = format!("acl.{key}");
        let Some(grants) = at.map(&acl, &key) else {
            out.push(Violation::malformed(path, expected::MAP));
            continue;
        };
        let valid_id: fn(&str) -> bool = match key.as_str() {
            "members" => |k| k.parse::<PersonId>().is_ok(),
            "orgs" => |k| k.parse::<OrgId>().is_ok(),
            _ => {
                out.push(Violation::unknown(path));
                continue;
            }
        };
        for id in at.keys(&grants) {
            let entry = format!("{path}.{id}");
            if !valid_id(&id) {
                out.push(Violation::malformed(entry, expected::ID));
            } else if at
                .str(&grants, &id)
                .and_then(|r| DocRole::parse(&r))
                .is_none()
            {
                out.push(Violation::malformed(entry, expected::ROLE));
            }
        }
    }
    for part in ["members", "orgs"] {
        if at.get(&acl, part).is_none() {
            out.push(Violation::missing(format!("acl.{part}")));
        }
    }
}

/// Every form field: known, fitting, and present when required.
pub(crate) fn check_fields<R: ReadDoc>(
    at: At<'_, R>,
    ctx: &FieldContext<'_>,
    out: &mut Vec<Violation>,
) {
    let Some(fields) = at.map(&ROOT, "fields") else {
        out.push(Violation::malformed("fields", expected::MAP));
        return;
    };
    let stored = at.keys(&fields);
    for id in &stored {
        check_field(at, ctx, id, out);
    }
    for def in ctx.template.fields {
        if !stored.iter().any(|s| s == def.id) {
            check_field(at, ctx, def.id, out);
        }
    }
}

/// One form field, as it is at `at`.
pub(crate) fn check_field<R: ReadDoc>(
    at: At<'_, R>,
    ctx: &FieldContext<'_>,
    id: &str,
    out: &mut Vec<Violation>,
) {
    let path = format!("fields.{id}");
    let Some(fields) = at.map(&ROOT, "fields") else {
        out.push(Violation::malformed("fields", expected::MAP));
        return;
    };
    match ctx.template.field(id) {
        Some(def) => check_value(at, &fields, def, ctx.past_initial, &path, out),
        // Custom fields' definitions belong to another part of the model;
        // their values are checked there.
        None if ctx.custom.iter().any(|c| c == id) => {}
        None => out.push(Violation::unknown(path)),
    }
}

/// Every stored value of `obj[def.id]` (all of them, when concurrent
/// writes left several) must fit the field.
fn check_value<R: ReadDoc>(
    at: At<'_, R>,
    obj: &ObjId,
    def: &FieldDef,
    required_now: bool,
    path: &str,
    out: &mut Vec<Violation>,
) {
    let values = at.get_all(obj, def.id);
    let mut filled = false;
    for (stored, id) in &values {
        match decode_at(at, &def.kind, stored, id) {
            None => out.push(Violation::Misfit {
                path: path.to_owned(),
                reason: "wrong kind",
            }),
            Some(value) => {
                if let Some(reason) = misfit(&def.kind, &value) {
                    out.push(Violation::Misfit {
                        path: path.to_owned(),
                        reason,
                    });
                }
                filled |= !is_blank(&value);
            }
        }
    }
    if def.required && required_now && !filled {
        out.push(Violation::RequiredMissing {
            path: path.to_owned(),
        });
    }
}

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Text(s) => s.trim().is_empty(),
        Value::People(v) | Value::Departments(v) | Value::Choices(v) | Value::Attachments(v) => {
            v.is_empty()
        }
        _ => false,
    }
}

/// Every table and row.
pub(crate) fn check_tables<R: ReadDoc>(
    at: At<'_, R>,
    ctx: &FieldContext<'_>,
    out: &mut Vec<Violation>,
) {
    let Some(tables) = at.map(&ROOT, "tables") else {
        out.push(Violation::malformed("tables", expected::MAP));
        return;
    };
    for table in at.keys(&tables) {
        if ctx.template.table(&table).is_none() {
            out.push(Violation::unknown(format!("tables.{table}")));
            continue;
        }
        let Some(rows) = at.map(&tables, &table) else {
            out.push(Violation::malformed(
                format!("tables.{table}"),
                expected::MAP,
            ));
            continue;
        };
        for row in at.keys(&rows) {
            check_row(at, ctx, &table, &row, out);
        }
    }
}

/// One row of a known table, if it is there.
pub(crate) fn check_row<R: ReadDoc>(
    at: At<'_, R>,
    ctx: &FieldContext<'_>,
    table: &str,
    row: &str,
    out: &mut Vec<Violation>,
) {
    let path = format!("tables.{table}.{row}");
    let Some(def) = ctx.template.table(table) else {
        out.push(Violation::unknown(format!("tables.{table}")));
        return;
    };
    let Some(rows) = at.map(&ROOT, "tables").and_then(|t| at.map(&t, table)) else {
        out.push(Violation::malformed(
            format!("tables.{table}"),
            expected::MAP,
        ));
        return;
    };
    if at.get(&rows, row).is_none() {
        return;
    }
    let Some(row_obj) = at.map(&rows, row) else {
        out.push(Violation::malformed(path, expected::MAP));
        return;
    };
    if at.str(&row_obj, "order").is_none_or(|k| !is_order_key(&k)) {
        out.push(Violation::malformed(
            format!("{path}.order"),
            expected::ORDER_KEY,
        ));
    }
    if at.get(&row_obj, "owner").is_some() && person_at(at, &row_obj, "owner").is_none() {
        out.push(Violation::malformed(
            format!("{path}.owner"),
            expected::PERSON,
        ));
    }
    for key in at.keys(&row_obj) {
        if !["order", "owner", "cells"].contains(&key.as_str()) {
            out.push(Violation::unknown(format!("{path}.{key}")));
        }
    }
    let Some(cells) = at.map(&row_obj, "cells") else {
        out.push(Violation::malformed(format!("{path}.cells"), expected::MAP));
        return;
    };
    for key in at.keys(&cells) {
        if !def.fields.iter().any(|f| f.id == key) {
            out.push(Violation::unknown(format!("{path}.cells.{key}")));
        }
    }
    for field in def.fields {
        let cell = format!("{path}.cells.{}", field.id);
        check_value(at, &cells, field, ctx.past_initial, &cell, out);
    }
}

/// One comment: {author, at, target, body, mentions}.
pub(crate) fn check_comment<R: ReadDoc>(
    at: At<'_, R>,
    template: &Template,
    id: &str,
    out: &mut Vec<Violation>,
) {
    let path = format!("comments.{id}");
    let Some(c) = entry(at, "comments", id, out) else {
        return;
    };
    require_person(at, &c, "author", &path, out);
    require_int(at, &c, "at", &path, out);
    let target_ok = at.str(&c, "target").is_some_and(|t| {
        let parts: Vec<&str> = t.split('/').collect();
        match parts.as_slice() {
            ["doc"] => true,
            ["field", f] => !f.is_empty(),
            ["row", table, row] => template.table(table).is_some() && !row.is_empty(),
            _ => false,
        }
    });
    if !target_ok {
        out.push(Violation::malformed(
            format!("{path}.target"),
            expected::TARGET,
        ));
    }
    if at.string_or_text(&c, "body").is_none() {
        out.push(Violation::malformed(format!("{path}.body"), expected::TEXT));
    }
    if at.get(&c, "mentions").is_some() {
        require_ids::<R, PersonId>(at, &c, "mentions", &path, expected::PEOPLE, out);
    }
    unknown_keys(
        at,
        &c,
        &path,
        &["author", "at", "target", "body", "mentions"],
        out,
    );
}

/// One read confirmation: the key is the reader, the value {at}.
pub(crate) fn check_read<R: ReadDoc>(at: At<'_, R>, person: &str, out: &mut Vec<Violation>) {
    let path = format!("reads.{person}");
    if person.parse::<PersonId>().is_err() {
        out.push(Violation::malformed(path.clone(), expected::PERSON));
    }
    let Some(r) = entry(at, "reads", person, out) else {
        return;
    };
    require_int(at, &r, "at", &path, out);
    unknown_keys(at, &r, &path, &["at"], out);
}

/// One signature: {by, transition, departments, decision, note, at, round?, row?}.
pub(crate) fn check_signoff<R: ReadDoc>(
    at: At<'_, R>,
    template: &Template,
    id: &str,
    out: &mut Vec<Violation>,
) {
    let path = format!("signoffs.{id}");
    let Some(s) = entry(at, "signoffs", id, out) else {
        return;
    };
    require_person(at, &s, "by", &path, out);
    require_int(at, &s, "at", &path, out);
    match at.str(&s, "transition") {
        Some(t) if template.workflow.transition(&t).is_some() => {}
        _ => out.push(Violation::malformed(
            format!("{path}.transition"),
            expected::STRING,
        )),
    }
    require_ids::<R, DeptId>(at, &s, "departments", &path, expected::DEPARTMENTS, out);
    if !matches!(
        at.str(&s, "decision").as_deref(),
        Some("approve" | "reject")
    ) {
        out.push(Violation::malformed(
            format!("{path}.decision"),
            expected::DECISION,
        ));
    }
    if at.get(&s, "note").is_some() && at.string_or_text(&s, "note").is_none() {
        out.push(Violation::malformed(format!("{path}.note"), expected::TEXT));
    }
    if at.get(&s, "round").is_some() && at.int(&s, "round").is_none() {
        out.push(Violation::malformed(
            format!("{path}.round"),
            expected::INTEGER,
        ));
    }
    if at.get(&s, "row").is_some() && signoff_row(at, &s).is_none() {
        out.push(Violation::malformed(
            format!("{path}.row"),
            expected::ROW_REF,
        ));
    }
    let known = [
        "by",
        "transition",
        "departments",
        "decision",
        "note",
        "at",
        "round",
        "row",
    ];
    unknown_keys(at, &s, &path, &known, out);
}

/// A signoff's `row` ("<table>/<row>"), for steps a row's owner takes.
pub(crate) fn signoff_row<R: ReadDoc>(at: At<'_, R>, signoff: &ObjId) -> Option<(String, String)> {
    let row = at.str(signoff, "row")?;
    let (table, row) = row.split_once('/')?;
    (!table.is_empty() && !row.is_empty()).then(|| (table.to_owned(), row.to_owned()))
}

/// One named version: {name, note, heads, by, at}.
pub(crate) fn check_version<R: ReadDoc>(at: At<'_, R>, id: &str, out: &mut Vec<Violation>) {
    let path = format!("versions.{id}");
    let Some(v) = entry(at, "versions", id, out) else {
        return;
    };
    if at.str(&v, "name").is_none_or(|n| n.trim().is_empty()) {
        out.push(Violation::malformed(
            format!("{path}.name"),
            expected::STRING,
        ));
    }
    if at.get(&v, "note").is_some() && at.string_or_text(&v, "note").is_none() {
        out.push(Violation::malformed(format!("{path}.note"), expected::TEXT));
    }
    let is_hash = |h: &String| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit());
    if at
        .string_list(&v, "heads")
        .is_none_or(|hs| !hs.iter().all(is_hash))
    {
        out.push(Violation::malformed(
            format!("{path}.heads"),
            expected::HEADS,
        ));
    }
    require_person(at, &v, "by", &path, out);
    require_int(at, &v, "at", &path, out);
    unknown_keys(at, &v, &path, &["name", "note", "heads", "by", "at"], out);
}

/// Custom fields: their definitions are another part's business; here the
/// part must be a map keyed by ids that do not shadow template fields.
pub(crate) fn check_custom_fields<R: ReadDoc>(
    at: At<'_, R>,
    template: &Template,
    out: &mut Vec<Violation>,
) {
    for id in custom_field_ids(at) {
        let blank = id.is_empty() || id.chars().any(char::is_whitespace);
        if blank || template.field(&id).is_some() {
            out.push(Violation::malformed(
                format!("custom_fields.{id}"),
                expected::ID,
            ));
        }
    }
}

/// The entries of a part keyed by id, for `validate`.
pub(crate) fn part_keys<R: ReadDoc>(at: At<'_, R>, part: &str) -> Vec<String> {
    at.map(&ROOT, part).map(|m| at.keys(&m)).unwrap_or_default()
}

/// The map of one entry of a part, if the entry is there; a present entry
/// that is no map is a violation.
fn entry<R: ReadDoc>(
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

fn require_person<R: ReadDoc>(
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

fn require_int<R: ReadDoc>(
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

fn require_ids<R: ReadDoc, Id: std::str::FromStr>(
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

fn unknown_keys<R: ReadDoc>(
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
