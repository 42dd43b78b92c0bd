//! A document's parts as sheets, read as the person who exports reads them:
//! one function for the app (a table as shown, CSV in the browser or .xlsx
//! through the relay) and the relay (the whole document as a workbook).

use super::{Cell, Column, MAX_NAME_CHARS, Sheet};
use crate::{
    ConcordDoc, CustomOption, DocResult, FieldKind, LocalDateTime, Locale, Localized as L,
    PersonId, RowView, TableDef, TimeZone, Value, cell_text_named, views::RowQuery,
};

/// How the person exporting reads a document: their language, the zone
/// times are read in, and the names they know people and departments by
/// (the directory as they see it; an id nobody named reads as itself).
pub struct Naming<'a> {
    pub locale: Locale,
    pub zone: &'a dyn TimeZone,
    pub person: &'a dyn Fn(&str) -> String,
    pub department: &'a dyn Fn(&str) -> String,
}

/// One column of a part: a template's field or the document's own.
pub(super) struct Field {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) kind: FieldKind,
    /// A custom choice field's options (a template's are in its kind).
    pub(super) options: Vec<CustomOption>,
}

/// `table` as `query` shows it to `me` on `today` (its sort and filter,
/// judged on the texts the table shows), a typed cell per field, under a
/// preamble naming the document and how many rows show. None when the
/// template has no such table.
pub fn table_sheet(
    doc: &ConcordDoc,
    table: &str,
    query: &RowQuery,
    me: &PersonId,
    today: &str,
    naming: &Naming,
) -> DocResult<Option<Sheet>> {
    let template = doc.template();
    let Some(def) = template.table(table) else {
        return Ok(None);
    };
    let rows = doc.rows(table)?;
    let shown = |kind: &FieldKind, value: &Value| shown_text(kind, value, naming);
    let kept = query.apply(template.id.0, def, &rows, me, today, &shown);
    let mut sheet = rows_sheet(doc, def, &rows, &kept, naming)?;
    if kept.len() != rows.len() {
        let count = match naming.locale {
            Locale::ZhCn => format!("{} / {} 行", kept.len(), rows.len()),
            Locale::En => format!("{} of {} rows", kept.len(), rows.len()),
        };
        let label = L::new("筛选后", "Filtered").get(naming.locale).to_owned();
        sheet.preamble.push((label, count));
    }
    Ok(Some(sheet))
}

/// The rows of `def` at `kept` (positions in `rows`), in that order.
fn rows_sheet(
    doc: &ConcordDoc,
    def: &TableDef,
    rows: &[RowView],
    kept: &[usize],
    naming: &Naming,
) -> DocResult<Sheet> {
    let fields = table_fields(doc, def, naming.locale)?;
    let t = |l: L| l.get(naming.locale).to_owned();
    Ok(Sheet {
        name: sheet_name(def.label.get(naming.locale), &[]),
        preamble: vec![
            (t(L::new("文档", "Document")), doc.title()?),
            (t(L::new("表格", "Table")), t(def.label)),
        ],
        columns: fields.iter().map(column).collect(),
        rows: kept
            .iter()
            .map(|&i| {
                fields
                    .iter()
                    .map(|f| cell_of(f, rows[i].cells.get(&f.id), naming))
                    .collect()
            })
            .collect(),
    })
}

/// The whole document as a workbook's sheets: the form (a field and its
/// value per line, under the title and template), then every table with
/// all its rows in the document's order.
pub fn document_sheets(doc: &ConcordDoc, naming: &Naming) -> DocResult<Vec<Sheet>> {
    let template = doc.template();
    let locale = naming.locale;
    let t = |l: L| l.get(locale).to_owned();
    let fields = form_fields(doc, locale)?;
    let mut form = Sheet {
        name: sheet_name(L::new("表单", "Form").get(locale), &[]),
        preamble: vec![
            (t(L::new("文档", "Document")), doc.title()?),
            (t(L::new("模板", "Template")), t(template.name)),
        ],
        columns: vec![
            Column {
                title: t(L::new("字段", "Field")),
                width: Some(24.0),
            },
            Column {
                title: t(L::new("内容", "Value")),
                width: Some(48.0),
            },
        ],
        rows: Vec::new(),
    };
    for field in &fields {
        let value = doc.field(&field.id)?;
        form.rows.push(vec![
            Cell::text_within_limit(&field.title),
            cell_of(field, value.as_ref(), naming),
        ]);
    }
    let mut sheets = vec![form];
    for def in template.tables {
        let rows = doc.rows(def.id)?;
        let every: Vec<usize> = (0..rows.len()).collect();
        let mut sheet = rows_sheet(doc, def, &rows, &every, naming)?;
        let taken: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
        sheet.name = sheet_name(def.label.get(locale), &taken);
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// The form's fields: the template's, then the document's own.
pub(super) fn form_fields(doc: &ConcordDoc, locale: Locale) -> DocResult<Vec<Field>> {
    let mut fields: Vec<Field> = doc
        .template()
        .fields
        .iter()
        .map(|f| Field {
            id: f.id.to_owned(),
            title: f.label.get(locale).to_owned(),
            kind: f.kind,
            options: Vec::new(),
        })
        .collect();
    fields.extend(custom_fields(doc, None, locale)?);
    Ok(fields)
}

pub(super) fn table_fields(
    doc: &ConcordDoc,
    def: &TableDef,
    locale: Locale,
) -> DocResult<Vec<Field>> {
    let mut fields: Vec<Field> = def
        .fields
        .iter()
        .map(|f| Field {
            id: f.id.to_owned(),
            title: f.label.get(locale).to_owned(),
            kind: f.kind,
            options: Vec::new(),
        })
        .collect();
    fields.extend(custom_fields(doc, Some(def.id), locale)?);
    Ok(fields)
}

/// The document's own fields of the form (`table` None) or of a table.
pub(super) fn custom_fields(
    doc: &ConcordDoc,
    table: Option<&str>,
    locale: Locale,
) -> DocResult<Vec<Field>> {
    Ok(doc
        .custom_fields()?
        .into_iter()
        .filter(|f| f.table.as_deref() == table)
        .map(|f| Field {
            title: f.label.get(locale).to_owned(),
            kind: f.kind.field_kind(),
            options: f.kind.options().to_vec(),
            id: f.id,
        })
        .collect())
}

fn column(field: &Field) -> Column {
    let width = match field.kind {
        FieldKind::LongText => Some(40.0),
        FieldKind::Text | FieldKind::People | FieldKind::Departments => Some(20.0),
        FieldKind::DateTime => Some(17.0),
        FieldKind::Date | FieldKind::Money => Some(14.0),
        _ => None,
    };
    Column {
        title: field.title.clone(),
        width,
    }
}

/// The text a table shows for a value (what a filter matches): names for
/// people and departments, labels for choices.
pub(super) fn shown_text(kind: &FieldKind, value: &Value, naming: &Naming) -> String {
    cell_text_named(
        kind,
        value,
        naming.locale,
        naming.zone,
        naming.person,
        naming.department,
    )
}

/// A value as a spreadsheet should hold it: numbers, amounts, days,
/// times and checkboxes typed; people, departments and choices by the
/// names the reader knows; text whole (cut only at a cell's limit).
fn cell_of(field: &Field, value: Option<&Value>, naming: &Naming) -> Cell {
    let Some(value) = value else {
        return Cell::Text(String::new());
    };
    let labels = |ids: &[String]| -> Option<String> {
        if field.options.is_empty() {
            return None;
        }
        let named: Vec<&str> = ids
            .iter()
            .map(|id| {
                field
                    .options
                    .iter()
                    .find(|o| &o.id == id)
                    .map_or(id.as_str(), |o| o.label.get(naming.locale))
            })
            .collect();
        Some(named.join(L::new("、", ", ").get(naming.locale)))
    };
    match value {
        Value::Text(text) => Cell::text_within_limit(text),
        Value::Number(n) if n.is_finite() => Cell::Number(*n),
        Value::Rating(r) => Cell::Number(f64::from(*r)),
        Value::Money { minor, currency } => Cell::Money {
            minor: *minor,
            currency: currency.clone(),
        },
        Value::Date(day) => match day.parse() {
            Ok(date) => Cell::Date { date },
            Err(_) => Cell::text_within_limit(day),
        },
        Value::DateTime(ms) => match LocalDateTime::of_instant(*ms, naming.zone) {
            Some(when) => Cell::DateTime {
                datetime: when.to_string(),
            },
            None => Cell::Text(String::new()),
        },
        Value::Checkbox(checked) => Cell::Bool(*checked),
        Value::Choice(id) => {
            labels(std::slice::from_ref(id)).map_or_else(|| shown(field, value, naming), Cell::Text)
        }
        Value::Choices(ids) => labels(ids).map_or_else(|| shown(field, value, naming), Cell::Text),
        _ => shown(field, value, naming),
    }
}

fn shown(field: &Field, value: &Value, naming: &Naming) -> Cell {
    Cell::text_within_limit(&shown_text(&field.kind, value, naming))
}

/// A label as a worksheet's name: without the characters names may not
/// hold, at most `MAX_NAME_CHARS`, and not one already `taken` (ignoring
/// case, as spreadsheets do): then numbered.
fn sheet_name(label: &str, taken: &[&str]) -> String {
    let clean: String = label
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c) && !c.is_control())
        .collect();
    let clean = clean.trim();
    let base = if clean.is_empty() { "Sheet" } else { clean };
    let is_taken = |name: &str| {
        taken
            .iter()
            .any(|t| t.to_lowercase() == name.to_lowercase())
    };
    let cut = |text: &str, room: usize| text.chars().take(room).collect::<String>();
    let first = cut(base, MAX_NAME_CHARS);
    if !is_taken(&first) {
        return first;
    }
    (2..)
        .map(|n| {
            let suffix = format!(" {n}");
            format!(
                "{}{suffix}",
                cut(base, MAX_NAME_CHARS - suffix.chars().count())
            )
        })
        .find(|name| !is_taken(name))
        .unwrap_or(first)
}

#[cfg(test)]
#[path = "table_sheet_tests.rs"]
mod tests;
