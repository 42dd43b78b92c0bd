//! `meta` and `acl`.

use automerge::{ObjType, ROOT, ReadDoc, ScalarValue};

use super::{Violation, expected, person_at};
use crate::{
    access::{Classification, DocRole, OrgId, PersonId},
    document::{At, SCHEMA},
    library::find_template,
    template::Template,
};

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
    if at.get(&meta, "status_at").is_some() && at.int(&meta, "status_at").is_none() {
        out.push(Violation::malformed("meta.status_at", expected::TIMESTAMP));
    }
    if at.get(&meta, "round").is_some() && at.int(&meta, "round").is_none_or(|r| r < 0) {
        out.push(Violation::malformed("meta.round", expected::INTEGER));
    }
    check_tags(at, &meta, out);
    for key in at.keys(&meta) {
        if !META_KEYS.contains(&key.as_str()) {
            out.push(Violation::unknown(format!("meta.{key}")));
        }
    }
    template
}

/// `meta.tags`, where present: a map of at most `TAGS_MAX` tags, each a
/// tag as `tag_of` makes it, to `true`.
fn check_tags<R: ReadDoc>(at: At<'_, R>, meta: &automerge::ObjId, out: &mut Vec<Violation>) {
    if at.get(meta, "tags").is_none() {
        return;
    }
    let Some(tags) = at.map(meta, "tags") else {
        out.push(Violation::malformed("meta.tags", expected::MAP));
        return;
    };
    let keys = at.keys(&tags);
    if keys.len() > crate::document::TAGS_MAX {
        out.push(Violation::malformed("meta.tags", expected::TAGS));
    }
    for key in keys {
        let well_formed = crate::document::tag_of(&key).is_ok_and(|t| t == key)
            && matches!(
                at.scalar(&tags, key.as_str()),
                Some(ScalarValue::Boolean(true))
            );
        if !well_formed {
            out.push(Violation::malformed(
                format!("meta.tags.{key}"),
                expected::TAG,
            ));
        }
    }
}

const META_KEYS: [&str; 14] = [
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
    "subtemplate",
    "status_at",
    "tags",
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
            "departments" => |k| k.parse::<crate::access::DeptId>().is_ok(),
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
