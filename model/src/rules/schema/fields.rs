//! Form fields, tables and rows: known to the template, fitting their kind.

use automerge::{ObjId, ROOT, ReadDoc};

use super::{FieldContext, Violation, expected, person_at};
use crate::document::{At, FieldSpec, decode_at, is_order_key};

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
    // Fields never written are checked for being required.
    let template = ctx.template.fields.iter().map(|f| f.id);
    let custom = ctx.custom.iter().filter(|c| c.table.is_none());
    for id in template.chain(custom.map(|c| c.id.as_str())) {
        if !stored.iter().any(|s| s == id) {
            check_field(at, ctx, id, out);
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
    let required = |required| Required {
        required,
        now: ctx.past_initial,
    };
    match (ctx.template.field(id), ctx.custom(None, id)) {
        (Some(def), _) => check_value(at, &fields, &def.into(), required(def.required), &path, out),
        (None, Some(c)) => check_value(
            at,
            &fields,
            &FieldSpec::custom(c),
            required(c.required),
            &path,
            out,
        ),
        (None, None) => out.push(Violation::unknown(path)),
    }
}

/// Whether a field must be filled, and whether that is due yet.
#[derive(Clone, Copy)]
struct Required {
    required: bool,
    now: bool,
}

/// Every stored value of `obj[spec.id]` (all of them, when concurrent
/// writes left several) must fit the field, template or custom alike.
fn check_value<R: ReadDoc>(
    at: At<'_, R>,
    obj: &ObjId,
    spec: &FieldSpec,
    required: Required,
    path: &str,
    out: &mut Vec<Violation>,
) {
    let values = at.get_all(obj, &*spec.id);
    let mut filled = false;
    for (stored, id) in &values {
        match decode_at(at, &spec.kind, stored, id) {
            None => out.push(Violation::Misfit {
                path: path.to_owned(),
                reason: "wrong kind".into(),
            }),
            Some(value) => {
                if let Some(reason) = spec.misfit(&value) {
                    out.push(Violation::Misfit {
                        path: path.to_owned(),
                        reason: reason.into(),
                    });
                }
                filled |= !value.is_blank();
            }
        }
    }
    if required.required && required.now && !filled {
        out.push(Violation::RequiredMissing {
            path: path.to_owned(),
        });
    }
}

/// Whether `obj[id]` holds an empty Text: what `ConcordDoc::create` and
/// `add_custom_field` put in long-text fields so replicas type into one object.
pub(crate) fn is_empty_text<R: ReadDoc>(at: At<'_, R>, obj: &ObjId, id: &str) -> bool {
    match at.get(obj, id) {
        Some((automerge::Value::Object(automerge::ObjType::Text), text)) => at.length(&text) == 0,
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
    let custom: Vec<_> = ctx
        .custom
        .iter()
        .filter(|c| c.table.as_deref() == Some(table))
        .collect();
    for key in at.keys(&cells) {
        let known = def.fields.iter().any(|f| f.id == key) || custom.iter().any(|c| c.id == key);
        if !known {
            out.push(Violation::unknown(format!("{path}.cells.{key}")));
        }
    }
    let required = |required| Required {
        required,
        now: ctx.past_initial,
    };
    for field in def.fields {
        let cell = format!("{path}.cells.{}", field.id);
        check_value(
            at,
            &cells,
            &field.into(),
            required(field.required),
            &cell,
            out,
        );
    }
    for field in custom {
        let cell = format!("{path}.cells.{}", field.id);
        let spec = FieldSpec::custom(field);
        check_value(at, &cells, &spec, required(field.required), &cell, out);
    }
}
