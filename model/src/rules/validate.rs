use automerge::{ROOT, ReadDoc};

use super::{schema, violation::Violation};
use crate::document::{At, ConcordDoc, custom_fields_at};

/// Every way the document breaks its schema or its template, in document
/// order; empty when it is well formed. Reads only; never panics, whatever
/// the document holds.
pub fn validate(doc: &ConcordDoc) -> Vec<Violation> {
    validate_at(doc.at_now())
}

/// `validate` for a document seen at some heads.
pub(crate) fn validate_at<R: ReadDoc>(at: At<'_, R>) -> Vec<Violation> {
    let mut out = Vec::new();
    schema::check_root(at, &mut out);
    let template = schema::check_meta(at, &mut out);
    schema::check_acl(at, &mut out);
    let Some(template) = template else {
        return out;
    };
    let custom = custom_fields_at(at, template);
    let status = at.map(&ROOT, "meta").and_then(|m| at.str(&m, "status"));
    let ctx = schema::FieldContext {
        template,
        custom: &custom,
        past_initial: status.is_some_and(|s| s != template.workflow.initial),
    };
    schema::check_fields(at, &ctx, &mut out);
    schema::check_tables(at, &ctx, &mut out);
    schema::check_custom_fields(at, template, &mut out);
    for id in schema::part_keys(at, "comments") {
        schema::check_comment(at, template, &id, &mut out);
    }
    for id in schema::part_keys(at, "reads") {
        schema::check_read(at, &id, &mut out);
    }
    for id in schema::part_keys(at, "signoffs") {
        schema::check_signoff(at, template, &id, &mut out);
    }
    for id in schema::part_keys(at, "versions") {
        schema::check_version(at, &id, &mut out);
    }
    out
}
