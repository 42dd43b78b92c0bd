//! Two states of a document side by side (a named version and another, or
//! the document as it is now), and restoring a version: one new change
//! that writes the old values back, judged and kept in the history like
//! any other edit. What is compared and restored is what people fill in:
//! the title, the form's fields, the tables' rows and cells. The workflow's
//! state, sign-offs, comments, members and versions are records of what
//! happened and are never rewound.

use std::collections::BTreeMap;

use automerge::{ObjType, ROOT, transaction::Transactable};

use super::{
    doc::{ConcordDoc, map_in},
    error::{DocError, DocResult},
    history::{HistoryEdit, HistoryPlace},
    ids::{RowId, VersionId},
    rows::RowView,
    value::Value,
};

/// The longest version name kept (in characters): a name is a label.
pub const VERSION_NAME_MAX: usize = 80;

/// The names a new version may take after the newest: the next minor one
/// (V1.1 after V1.0) and the next major one (V2.0); V1.0 first.
pub fn next_version_names(newest: Option<&str>) -> (String, String) {
    let parsed = newest.and_then(|name| {
        let (major, minor) = name.trim().trim_start_matches(['V', 'v']).split_once('.')?;
        Some((major.parse::<u32>().ok()?, minor.parse::<u32>().ok()?))
    });
    match parsed {
        Some((major, minor)) => (
            format!("V{major}.{}", minor.saturating_add(1)),
            format!("V{}.0", major.saturating_add(1)),
        ),
        None => ("V1.0".to_owned(), "V1.0".to_owned()),
    }
}

impl ConcordDoc {
    /// Where `self` differs from `old`: each place with its value in `old`
    /// (`before`) and in `self` (`after`), rows only one of them has, in
    /// the template's order (title, fields, then each table's rows).
    pub fn differences_from(&self, old: &ConcordDoc) -> Vec<(HistoryPlace, HistoryEdit)> {
        let mut out = Vec::new();
        let (was, is) = (old.title().ok(), self.title().ok());
        if was != is {
            out.push((
                HistoryPlace::Title,
                HistoryEdit::Set {
                    before: was.map(Value::Text),
                    after: is.map(Value::Text),
                },
            ));
        }
        let mut fields: Vec<String> = Vec::new();
        for doc in [old, self] {
            for spec in doc.form_specs().unwrap_or_default() {
                if !fields.iter().any(|f| *f == spec.id) {
                    fields.push(spec.id.to_string());
                }
            }
        }
        for field in fields {
            let before = old.field(&field).ok().flatten();
            let after = self.field(&field).ok().flatten();
            if before != after {
                out.push((
                    HistoryPlace::Field(field),
                    HistoryEdit::Set { before, after },
                ));
            }
        }
        for table in self.template.tables {
            let was = rows_by_id(old, table.id);
            let is = rows_by_id(self, table.id);
            let ids: Vec<&RowId> = is
                .keys()
                .chain(was.keys().filter(|id| !is.contains_key(id)))
                .collect();
            for id in ids {
                let row = || HistoryPlace::Row {
                    table: table.id.to_owned(),
                    row: id.clone(),
                };
                let (before, after) = match (was.get(id), is.get(id)) {
                    (None, Some(_)) => {
                        out.push((row(), HistoryEdit::RowAdded));
                        continue;
                    }
                    (Some(_), None) => {
                        out.push((row(), HistoryEdit::RowRemoved));
                        continue;
                    }
                    (Some(before), Some(after)) => (before, after),
                    (None, None) => continue,
                };
                let mut keys: Vec<&String> = after.cells.keys().collect();
                keys.extend(
                    before
                        .cells
                        .keys()
                        .filter(|k| !after.cells.contains_key(*k)),
                );
                for field in keys {
                    let (b, a) = (before.cells.get(field), after.cells.get(field));
                    if b != a {
                        out.push((
                            HistoryPlace::Cell {
                                table: table.id.to_owned(),
                                row: id.clone(),
                                field: field.clone(),
                            },
                            HistoryEdit::Set {
                                before: b.cloned(),
                                after: a.cloned(),
                            },
                        ));
                    }
                }
            }
        }
        out
    }

    /// Brings back the title, fields and rows of version `id` as a new
    /// change (uncommitted: the caller commits it as its author).
    pub fn restore_version(&mut self, id: &VersionId) -> DocResult<()> {
        let old = self.at_version(id)?;
        let rows_then: BTreeMap<(String, RowId), RowView> = self
            .template
            .tables
            .iter()
            .flat_map(|t| {
                rows_by_id(&old, t.id)
                    .into_iter()
                    .map(move |(id, row)| ((t.id.to_owned(), id), row))
            })
            .collect();
        for (place, edit) in self.differences_from(&old) {
            match (place, edit) {
                (
                    HistoryPlace::Title,
                    HistoryEdit::Set {
                        before: Some(Value::Text(title)),
                        ..
                    },
                ) => self.set_title(&title)?,
                (HistoryPlace::Field(field), HistoryEdit::Set { before, .. }) => match before {
                    Some(value) => self.set_field(&field, value)?,
                    None => {
                        let fields = map_in(&self.doc, &ROOT, "fields")?;
                        self.clear_key(&fields, &field)?;
                    }
                },
                (HistoryPlace::Cell { table, row, field }, HistoryEdit::Set { before, .. }) => {
                    match before {
                        Some(value) => self.set_cell(&table, &row, &field, value)?,
                        None => self.clear_cell(&table, &row, &field)?,
                    }
                }
                (HistoryPlace::Row { table, row }, HistoryEdit::RowAdded) => {
                    self.delete_row(&table, &row)?;
                }
                (HistoryPlace::Row { table, row }, HistoryEdit::RowRemoved) => {
                    if let Some(then) = rows_then.get(&(table.clone(), row.clone())) {
                        self.put_row(&table, then)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A row as it was, under its own id and order: a restored row is the
    /// same row, so links to it work again.
    fn put_row(&mut self, table_id: &str, row: &RowView) -> DocResult<()> {
        let specs = self.cell_specs(table_id)?;
        let table = self.table_obj(table_id)?;
        let obj = self
            .doc
            .put_object(&table, row.id.0.as_str(), ObjType::Map)?;
        self.doc.put(&obj, "order", row.order.as_str())?;
        if let Some(owner) = &row.owner
            && self.template.workflow.owner_cell(table_id).is_none()
        {
            self.doc.put(&obj, "owner", owner.as_str())?;
        }
        let cells = self.doc.put_object(&obj, "cells", ObjType::Map)?;
        for spec in &specs {
            if spec.kind == crate::field::FieldKind::LongText {
                self.doc
                    .put_object(&cells, spec.id.as_ref(), ObjType::Text)?;
            }
            if let Some(value) = row.cells.get(spec.id.as_ref()) {
                self.put_value(&cells, spec, value, false)?;
            }
        }
        Ok(())
    }

    fn clear_key(&mut self, obj: &super::doc::ObjId, key: &str) -> DocResult<()> {
        self.doc.delete(obj, key)?;
        Ok(())
    }
}

fn rows_by_id(doc: &ConcordDoc, table: &str) -> BTreeMap<RowId, RowView> {
    doc.rows(table)
        .unwrap_or_default()
        .into_iter()
        .map(|row| (row.id.clone(), row))
        .collect()
}

/// A version name as kept: trimmed, not empty, not longer than a label.
pub(crate) fn checked_version_name(name: &str) -> DocResult<&str> {
    let name = name.trim();
    if name.is_empty() {
        return Err(DocError::EmptyVersionName);
    }
    if name.chars().count() > VERSION_NAME_MAX {
        return Err(DocError::VersionNameTooLong {
            max: VERSION_NAME_MAX,
        });
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tests::{TestRng, new_doc};
    use crate::document::{HistoryScope, tests::alice};
    use crate::library::find_template;

    #[test]
    fn the_next_names_are_minor_and_major() {
        let names = |n: Option<&str>| next_version_names(n);
        assert_eq!(names(None), ("V1.0".into(), "V1.0".into()));
        assert_eq!(names(Some("V1.0")), ("V1.1".into(), "V2.0".into()));
        assert_eq!(names(Some("v2.9")), ("V2.10".into(), "V3.0".into()));
        assert_eq!(names(Some("终稿 🎉")), ("V1.0".into(), "V1.0".into()));
    }

    #[test]
    fn a_version_name_is_a_label() {
        let mut doc = new_doc(find_template("task-tracker").unwrap());
        let mut rng = TestRng(3);
        let long = "版".repeat(VERSION_NAME_MAX + 1);
        assert!(matches!(
            doc.add_version(&long, "", &alice(), 1_000, &mut rng),
            Err(DocError::VersionNameTooLong { .. })
        ));
        assert!(matches!(
            doc.add_version("  ", "", &alice(), 1_000, &mut rng),
            Err(DocError::EmptyVersionName)
        ));
        let odd = "V1.0 '; DROP TABLE--🎉 \u{202e}עברית";
        doc.add_version(odd, "note", &alice(), 1_000, &mut rng)
            .unwrap();
        assert_eq!(doc.versions().unwrap()[0].name, odd.trim());
        assert!(crate::rules::validate(&doc).is_empty());
    }

    #[test]
    fn restoring_a_version_writes_its_values_back_as_one_new_change() {
        let mut doc = new_doc(find_template("task-tracker").unwrap());
        doc.commit(1_000, Some("alice"));
        let mut rng = TestRng(9);
        doc.set_field("project", Value::Text("一期".into()))
            .unwrap();
        doc.splice_text("notes", 0, 0, "讨论验收").unwrap();
        let kept = doc.add_row("tasks", None, &mut rng).unwrap();
        doc.set_cell("tasks", &kept, "task", Value::Text("写方案".into()))
            .unwrap();
        let gone = doc.add_row("tasks", Some(&kept), &mut rng).unwrap();
        doc.set_cell("tasks", &gone, "task", Value::Text("订会场".into()))
            .unwrap();
        doc.splice_cell_text("tasks", &gone, "progress", 0, 0, "已联系")
            .unwrap();
        doc.commit(2_000, Some("alice"));
        let v1 = doc
            .add_version("V1.0", "立项", &alice(), 3_000, &mut rng)
            .unwrap();
        let then = doc.at_version(&v1).unwrap();

        doc.set_field("project", Value::Text("二期".into()))
            .unwrap();
        doc.splice_text("notes", 2, 2, "排期").unwrap();
        doc.set_cell("tasks", &kept, "task", Value::Text("改方案".into()))
            .unwrap();
        doc.delete_row("tasks", &gone).unwrap();
        let added = doc.add_row("tasks", None, &mut rng).unwrap();
        doc.commit(4_000, Some("bob"));

        let differences = doc.differences_from(&then);
        let places: Vec<&HistoryPlace> = differences.iter().map(|(p, _)| p).collect();
        assert!(places.contains(&&HistoryPlace::Field("project".into())));
        assert!(places.contains(&&HistoryPlace::Field("notes".into())));
        assert!(differences.contains(&(
            HistoryPlace::Row {
                table: "tasks".into(),
                row: gone.clone()
            },
            HistoryEdit::RowRemoved
        )));
        assert!(differences.contains(&(
            HistoryPlace::Row {
                table: "tasks".into(),
                row: added.clone()
            },
            HistoryEdit::RowAdded
        )));
        assert_eq!(differences.len(), 5, "{differences:?}");

        let before = doc.history(&HistoryScope::Document, 0, 0).total;
        doc.restore_version(&v1).unwrap();
        doc.commit(5_000, Some("carol"));
        assert_eq!(doc.differences_from(&then), []);
        assert_eq!(
            doc.cell("tasks", &gone, "progress").unwrap(),
            Some(Value::Text("已联系".into())),
            "the removed row is back, under its own id"
        );
        assert_eq!(doc.rows("tasks").unwrap().len(), 2);
        let history = doc.history(&HistoryScope::Document, 0, 1);
        assert_eq!(history.total, before + 1, "one new change");
        assert_eq!(history.entries[0].by, Some("carol".parse().unwrap()));
        assert!(crate::rules::validate(&doc).is_empty());
    }
}
