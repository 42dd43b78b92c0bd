use super::Grid;
use crate::{ConcordDoc, CustomOption, DocResult, FieldKind, Locale};

/// A field of a table that a column may go into.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportField {
    pub id: String,
    pub zh_cn: String,
    pub en: String,
    pub kind: FieldKind,
    /// A custom choice field's options (a template's are in its kind).
    pub options: Vec<CustomOption>,
    pub required: bool,
    /// The owner cell: left empty, the person importing is named.
    pub filled_if_empty: bool,
}

impl ImportField {
    pub fn label(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhCn => &self.zh_cn,
            Locale::En => &self.en,
        }
    }

    /// Whether a header names this field: its label in either language or
    /// its id, blanks, case and a required mark (`*`) aside.
    fn named_by(&self, header: &str) -> bool {
        let header = header_key(header);
        !header.is_empty()
            && [&self.zh_cn, &self.en, &self.id]
                .iter()
                .any(|name| header_key(name) == header)
    }
}

fn header_key(text: &str) -> String {
    text.trim()
        .trim_end_matches(['*', '＊'])
        .trim()
        .to_lowercase()
}

/// The fields of `table`, the template's and the document's own, in order.
pub fn import_fields(doc: &ConcordDoc, table: &str) -> DocResult<Vec<ImportField>> {
    let template = doc.template();
    let owner_cell = template.workflow.owner_cell(table);
    let mut fields: Vec<ImportField> = template
        .table(table)
        .map(|def| def.fields)
        .unwrap_or_default()
        .iter()
        .map(|f| ImportField {
            id: f.id.to_owned(),
            zh_cn: f.label.zh_cn.to_owned(),
            en: f.label.en.to_owned(),
            kind: f.kind,
            options: Vec::new(),
            required: f.required,
            filled_if_empty: owner_cell == Some(f.id),
        })
        .collect();
    fields.extend(
        doc.custom_fields()?
            .into_iter()
            .filter(|f| f.table.as_deref() == Some(table))
            .map(|f| ImportField {
                kind: f.kind.field_kind(),
                options: f.kind.options().to_vec(),
                zh_cn: f.label.zh_cn,
                en: f.label.en,
                required: f.required,
                filled_if_empty: false,
                id: f.id,
            }),
    );
    Ok(fields)
}

/// How many lines from the top may hold the header (a title or a note
/// above it is common).
const HEADER_SEARCH: usize = 10;

/// The line that names the most fields among the first few; the first
/// line that is not blank when none names any.
pub fn guess_header_row(grid: &Grid, fields: &[ImportField]) -> usize {
    let top = grid.rows.iter().take(HEADER_SEARCH).enumerate();
    let named = |line: &[String]| {
        line.iter()
            .filter(|cell| fields.iter().any(|f| f.named_by(cell)))
            .count()
    };
    let best = top
        .clone()
        .map(|(i, line)| (named(line), i))
        .filter(|(count, _)| *count > 0)
        // The most names; the earliest line among equals.
        .max_by_key(|(count, i)| (*count, std::cmp::Reverse(*i)));
    match best {
        Some((_, i)) => i,
        None => top
            .into_iter()
            .find(|(_, line)| line.iter().any(|c| !c.trim().is_empty()))
            .map_or(0, |(i, _)| i),
    }
}

/// For each column of `header`, the field (an index into `fields`) it
/// names; a field goes into one column at most (the first naming it).
pub fn guess_mapping(header: &[String], fields: &[ImportField]) -> Vec<Option<usize>> {
    let mut taken = vec![false; fields.len()];
    header
        .iter()
        .map(|cell| {
            let found = fields
                .iter()
                .enumerate()
                .position(|(i, f)| !taken[i] && f.named_by(cell))?;
            taken[found] = true;
            Some(found)
        })
        .collect()
}
