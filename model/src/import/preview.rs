use std::collections::{BTreeMap, HashSet};

use super::{CellProblem, Grid, ImportField, Mark, Problem};
use crate::{FieldKind, ParseContext, RowView, TimeZone, Value, parse_list, parse_value};

/// How the person importing finds people and departments by the names
/// they read (or by sign-in name and id): `None` for no one, or for a name
/// several share.
pub struct Names<'a> {
    pub person: &'a dyn Fn(&str) -> Option<String>,
    pub department: &'a dyn Fn(&str) -> Option<String>,
}

/// What became of a line of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowState {
    /// Every cell reads: it goes in.
    Ready,
    /// Some cell does not read: it stays out until the file is fixed.
    Problems,
    /// The table already has a row with these very values (the file was
    /// imported before): it stays out.
    AlreadyThere,
}

/// One line of the file below the header, read into its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    /// The line in the grid (from 0; the sheet's own number is one more).
    pub line: usize,
    /// The values read, by field id.
    pub cells: Vec<(String, Value)>,
    pub problems: Vec<CellProblem>,
    pub state: RowState,
}

/// Every line of a file read as the rows it would add, before anything is
/// written. Blank lines are left out.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPreview {
    pub header_row: usize,
    pub rows: Vec<ImportRow>,
}

impl ImportPreview {
    /// Reads the lines below `header_row`, each column into the field
    /// `mapping` gives it (an index into `fields`; `None`: left out).
    /// `required_due`: new rows must bring their required cells (the
    /// document has left its first state); `existing`: the table's rows,
    /// so that a line already imported is not added twice.
    #[allow(clippy::too_many_arguments)]
    pub fn read(
        grid: &Grid,
        header_row: usize,
        mapping: &[Option<usize>],
        fields: &[ImportField],
        names: &Names,
        zone: &dyn TimeZone,
        required_due: bool,
        existing: &[RowView],
    ) -> Self {
        let marks: BTreeMap<(usize, usize), &Mark> = grid
            .marks
            .iter()
            .map(|m| ((m.row, m.column), &m.mark))
            .collect();
        let mapped: Vec<(usize, &ImportField)> = mapping
            .iter()
            .enumerate()
            .filter_map(|(column, f)| Some((column, fields.get((*f)?)?)))
            .collect();
        let seen = existing_keys(existing, &mapped);
        let mut rows = Vec::new();
        for line in header_row + 1..grid.rows.len() {
            let blank = mapped
                .iter()
                .all(|(column, _)| grid.text(line, *column).trim().is_empty());
            if blank {
                continue;
            }
            let mut row = ImportRow {
                line,
                cells: Vec::new(),
                problems: Vec::new(),
                state: RowState::Ready,
            };
            for &(column, field) in &mapped {
                let problem = |problem| CellProblem {
                    column: Some(column),
                    field: field.id.clone(),
                    problem,
                };
                match marks.get(&(line, column)) {
                    Some(Mark::NoCachedValue) => {
                        row.problems.push(problem(Problem::NoCachedValue));
                        continue;
                    }
                    Some(Mark::ErrorValue) => {
                        row.problems.push(problem(Problem::ErrorValue));
                        continue;
                    }
                    _ => {}
                }
                match read_cell(field, grid.text(line, column), names, zone) {
                    Err(p) => row.problems.push(problem(p)),
                    Ok(value) => {
                        let empty = value.as_ref().is_none_or(Value::is_blank);
                        if empty && field.required && required_due && !field.filled_if_empty {
                            row.problems.push(problem(Problem::Required));
                        }
                        if let Some(value) = value.filter(|v| !v.is_blank()) {
                            row.cells.push((field.id.clone(), value));
                        }
                    }
                }
            }
            if required_due {
                for field in fields.iter().filter(|f| f.required && !f.filled_if_empty) {
                    if !mapped.iter().any(|(_, f)| f.id == field.id) {
                        row.problems.push(CellProblem {
                            column: None,
                            field: field.id.clone(),
                            problem: Problem::Required,
                        });
                    }
                }
            }
            row.state = if !row.problems.is_empty() {
                RowState::Problems
            } else if seen.contains(&row_key(&row.cells)) {
                RowState::AlreadyThere
            } else {
                RowState::Ready
            };
            rows.push(row);
        }
        Self { header_row, rows }
    }

    pub fn count(&self, state: RowState) -> usize {
        self.rows.iter().filter(|r| r.state == state).count()
    }

    /// The cells of every ready row, in the file's order.
    pub fn ready_rows(&self) -> Vec<Vec<(String, Value)>> {
        self.rows
            .iter()
            .filter(|r| r.state == RowState::Ready)
            .map(|r| r.cells.clone())
            .collect()
    }
}

/// A cell's text as its field's value: people and departments by name.
fn read_cell(
    field: &ImportField,
    text: &str,
    names: &Names,
    zone: &dyn TimeZone,
) -> Result<Option<Value>, Problem> {
    let text = text.trim();
    let person =
        |name: &str| (names.person)(name).ok_or_else(|| Problem::UnknownPerson(name.to_owned()));
    let department = |name: &str| {
        (names.department)(name).ok_or_else(|| Problem::UnknownDepartment(name.to_owned()))
    };
    let every = |read: &dyn Fn(&str) -> Result<String, Problem>| -> Result<Vec<String>, Problem> {
        let mut ids: Vec<String> = Vec::new();
        for item in parse_list(text) {
            let id = read(&item)?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    };
    if text.is_empty() && matches!(field.kind, FieldKind::Person | FieldKind::Department) {
        return Ok(None);
    }
    match field.kind {
        FieldKind::Person => person(text).map(|id| Some(Value::Person(id))),
        FieldKind::Department => department(text).map(|id| Some(Value::Department(id))),
        FieldKind::People => every(&person).map(|ids| Some(Value::People(ids))),
        FieldKind::Departments => every(&department).map(|ids| Some(Value::Departments(ids))),
        kind => {
            let ctx = ParseContext::new(zone).with_custom_options(&field.options);
            parse_value(&kind, text, &ctx).map_err(Problem::Unreadable)
        }
    }
}

/// A row's values in the mapped fields, as one comparable text.
fn row_key(cells: &[(String, Value)]) -> String {
    let mut sorted: Vec<&(String, Value)> = cells.iter().filter(|(_, v)| !v.is_blank()).collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    format!("{sorted:?}")
}

fn existing_keys(existing: &[RowView], mapped: &[(usize, &ImportField)]) -> HashSet<String> {
    existing
        .iter()
        .map(|row| {
            let cells: Vec<(String, Value)> = mapped
                .iter()
                .filter_map(|(_, f)| Some((f.id.clone(), row.cells.get(&f.id)?.clone())))
                .collect();
            row_key(&cells)
        })
        .collect()
}
