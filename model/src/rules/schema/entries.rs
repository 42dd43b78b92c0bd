//! Entries keyed by id: comments, read confirmations, signatures, versions,
//! custom field definitions.

use automerge::{ObjId, ROOT, ReadDoc};

use super::{
    Violation, custom_field_ids, entry, expected, require_ids, require_int, require_person,
    unknown_keys,
};
use crate::{
    access::{DeptId, PersonId},
    custom_field::CUSTOM_FIELDS_MAX,
    document::{At, custom_fields_at},
    template::Template,
};

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
    if at
        .str(&v, "name")
        .is_none_or(|n| crate::document::checked_version_name(&n).is_err())
    {
        out.push(Violation::malformed(
            format!("{path}.name"),
            expected::VERSION_NAME,
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

/// Custom field definitions: each readable (`document::custom_fields_at`,
/// the reader the typed API uses), with an id that is not blank and does
/// not shadow a template field or name a table the template lacks; each
/// sound (`CustomField::problem`: labels, options, bounds), and at most
/// `CUSTOM_FIELDS_MAX` of them.
pub(crate) fn check_custom_fields<R: ReadDoc>(
    at: At<'_, R>,
    template: &'static Template,
    out: &mut Vec<Violation>,
) {
    let readable = custom_fields_at(at, template);
    let ids = custom_field_ids(at);
    if ids.len() > CUSTOM_FIELDS_MAX {
        out.push(Violation::malformed(
            "custom_fields",
            expected::CUSTOM_FIELDS,
        ));
    }
    for id in ids {
        let blank = id.is_empty() || id.chars().any(char::is_whitespace);
        match readable.iter().find(|f| f.id == id) {
            Some(field) if !blank && field.problem().is_none() => {}
            Some(_) => out.push(Violation::malformed(
                format!("custom_fields.{id}"),
                expected::CUSTOM_FIELD,
            )),
            None => out.push(Violation::malformed(
                format!("custom_fields.{id}"),
                expected::ID,
            )),
        }
    }
}

/// The entries of a part keyed by id, for `validate`.
pub(crate) fn part_keys<R: ReadDoc>(at: At<'_, R>, part: &str) -> Vec<String> {
    at.map(&ROOT, part).map(|m| at.keys(&m)).unwrap_or_default()
}
