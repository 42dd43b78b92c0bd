//! A document as paper shows it: every value as the text a person reads
//! (whole, not cut to a table's glimpse), people and departments by name,
//! the sign-offs and the approval history with who and when. The app prints
//! it (A4, from the browser); written here beside the workbook's sheets so
//! both read a document the same way.

use super::table_sheet::{Field, Naming, form_fields, shown_text, table_fields};
use crate::{
    ConcordDoc, Decision, DocResult, HistoryEdit, HistoryIndex, HistoryScope, LocalDateTime,
    Localized as L, Value,
};

/// The document to print, all of it text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Printout {
    pub title: String,
    pub template: String,
    /// The workflow state's label.
    pub status: String,
    /// Why it was last moved, when the move asked for a reason.
    pub reason: Option<String>,
    pub created_by: String,
    pub created_at: String,
    /// Each form field's label and value.
    pub form: Vec<(String, String)>,
    pub tables: Vec<PrintedTable>,
    /// Every sign-off of every round, oldest first.
    pub signoffs: Vec<PrintedSignoff>,
    /// Every move of the workflow, oldest first, from its making.
    pub moves: Vec<PrintedMove>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PrintedTable {
    pub label: String,
    pub columns: Vec<String>,
    /// The columns left out, empty in every printed row.
    pub empty_columns: Vec<String>,
    /// The first rows, in the document's order, at most as many as asked.
    pub rows: Vec<Vec<String>>,
    /// How many rows are not printed (a table past the limit).
    pub left_out: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrintedSignoff {
    pub by: String,
    /// The step signed, by its label.
    pub step: String,
    /// 同意 / approved, 驳回 / rejected.
    pub decision: String,
    /// The departments the signature speaks for, by name.
    pub departments: String,
    pub note: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrintedMove {
    pub by: String,
    /// The state it left, by its label; empty where the document began.
    pub from: String,
    pub to: String,
    pub at: String,
}

/// `doc` as `naming`'s reader prints it, each table's first `max_rows`
/// rows. The approval history is read from the document's changes into
/// `index` (the screen's, so what was read ahead is not read again).
pub fn printout(
    doc: &mut ConcordDoc,
    index: &mut HistoryIndex,
    naming: &Naming,
    max_rows: usize,
) -> DocResult<Printout> {
    let locale = naming.locale;
    let t = |l: L| l.get(locale).to_owned();
    let template = doc.template();
    let workflow = &template.workflow;
    let state = |id: &str| {
        workflow
            .state(id)
            .map_or_else(|| id.to_owned(), |s| t(s.label))
    };
    let when = |ms: i64| LocalDateTime::text_of(ms, naming.zone);
    let meta = doc.meta()?;
    let mut out = Printout {
        title: meta.title,
        template: t(template.name),
        status: state(&meta.status),
        reason: doc.status_reason()?.filter(|r| !r.is_empty()),
        created_by: (naming.person)(meta.created_by.as_str()),
        created_at: when(meta.created_at),
        ..Printout::default()
    };
    for field in form_fields(doc, locale)? {
        let value = doc.field(&field.id)?;
        out.form.push((
            field.title.clone(),
            value_text(&field, value.as_ref(), naming),
        ));
    }
    for def in template.tables {
        let fields = table_fields(doc, def, locale)?;
        let rows = doc.rows(def.id)?;
        let texts: Vec<Vec<String>> = rows
            .iter()
            .take(max_rows)
            .map(|row| {
                fields
                    .iter()
                    .map(|f| value_text(f, row.cells.get(&f.id), naming))
                    .collect()
            })
            .collect();
        // A column empty in every printed row takes width from the others
        // on paper for nothing: it is named instead. A table without rows
        // keeps its columns.
        let filled: Vec<bool> = (0..fields.len())
            .map(|i| texts.is_empty() || texts.iter().any(|row| !row[i].is_empty()))
            .collect();
        let keep = |i: &usize| filled[*i];
        out.tables.push(PrintedTable {
            label: t(def.label),
            columns: (0..fields.len())
                .filter(keep)
                .map(|i| fields[i].title.clone())
                .collect(),
            empty_columns: (0..fields.len())
                .filter(|i| !keep(i))
                .map(|i| fields[i].title.clone())
                .collect(),
            rows: texts
                .into_iter()
                .map(|row| {
                    row.into_iter()
                        .enumerate()
                        .filter(|(i, _)| keep(i))
                        .map(|(_, text)| text)
                        .collect()
                })
                .collect(),
            left_out: rows.len().saturating_sub(max_rows),
        });
    }
    out.signoffs = doc
        .signoffs()?
        .into_iter()
        .map(|s| PrintedSignoff {
            by: (naming.person)(s.by.as_str()),
            step: workflow
                .transition(&s.transition)
                .map_or_else(|| s.transition.clone(), |step| t(step.label)),
            decision: t(match s.decision {
                Decision::Approve => L::new("同意", "Approved"),
                Decision::Reject => L::new("驳回", "Rejected"),
            }),
            departments: s
                .departments
                .iter()
                .map(|d| (naming.department)(d.as_str()))
                .collect::<Vec<_>>()
                .join(t(L::new("、", ", ")).as_str()),
            note: s.note,
            at: when(s.at),
        })
        .collect();
    // A document begins in the workflow's first state, made by its creator.
    out.moves.push(PrintedMove {
        by: out.created_by.clone(),
        from: String::new(),
        to: state(workflow.initial),
        at: out.created_at.clone(),
    });
    let history = doc.history_in(index, &HistoryScope::Status, 0, usize::MAX);
    let unsigned = t(L::new("未署名", "Unsigned"));
    let moved = history.entries.into_iter().rev().filter_map(|entry| {
        let (before, after) = entry.edits.into_iter().find_map(|(_, edit)| match edit {
            HistoryEdit::Set { before, after } => Some((before, after)),
            _ => None,
        })?;
        let text = |v: Option<Value>| match v {
            Some(Value::Text(id)) => Some(state(&id)),
            _ => None,
        };
        Some(PrintedMove {
            by: entry
                .by
                .map_or_else(|| unsigned.clone(), |p| (naming.person)(p.as_str())),
            from: text(before).unwrap_or_default(),
            to: text(after)?,
            at: when(entry.at),
        })
    });
    out.moves.extend(moved);
    Ok(out)
}

/// A value as paper shows it: text whole, choices of the document's own
/// fields by their labels, the rest as a table shows it (names for people
/// and departments).
fn value_text(field: &Field, value: Option<&Value>, naming: &Naming) -> String {
    let Some(value) = value else {
        return String::new();
    };
    let label = |id: &String| {
        field
            .options
            .iter()
            .find(|o| &o.id == id)
            .map_or(id.as_str(), |o| o.label.get(naming.locale))
            .to_owned()
    };
    match value {
        Value::Text(text) => text.clone(),
        Value::Choice(id) if !field.options.is_empty() => label(id),
        Value::Choices(ids) if !field.options.is_empty() => ids
            .iter()
            .map(label)
            .collect::<Vec<_>>()
            .join(L::new("、", ", ").get(naming.locale)),
        _ => shown_text(&field.kind, value, naming),
    }
}

#[cfg(test)]
#[path = "printout_tests.rs"]
mod tests;
