//! A table as one person asks to see it: sorted by a column, filtered to
//! their rows, the overdue ones, one status, or rows containing some text.
//! The app keeps each person's query per table on their device; the order
//! and the rows that pass are decided here, by the fields' kinds (a date
//! column sorts by day, a choice by its options' order, money by amount).

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::task_shape::task_shapes;
use crate::{
    access::PersonId,
    document::{RowView, Value},
    field::FieldKind,
    template::TableDef,
};

/// The longest text filter kept (in characters): a filter is a few words.
pub const FILTER_TEXT_MAX: usize = 200;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowQuery {
    pub sort: Option<RowSort>,
    /// Rows I own or am named in.
    #[serde(default)]
    pub mine: bool,
    /// Rows past their due day and not done (tables of tasks only).
    #[serde(default)]
    pub overdue: bool,
    /// One option of the table's status column.
    #[serde(default)]
    pub status: Option<String>,
    /// Rows with a cell whose shown text contains this, ignoring case.
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowSort {
    pub field: String,
    #[serde(default)]
    pub descending: bool,
}

/// What a table offers to filter by, from its template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filterable {
    /// The status column, if the table has one.
    pub status: Option<&'static str>,
    /// Whether rows have a due day and a done state ("overdue").
    pub overdue: bool,
}

impl Filterable {
    pub fn of(template: &str, table: &TableDef) -> Self {
        let shape = task_shapes(template).find(|s| s.table == table.id);
        let status = shape.and_then(|s| s.status.map(|(f, _)| f)).or_else(|| {
            table
                .fields
                .iter()
                .find(|f| f.id == "status" && matches!(f.kind, FieldKind::SingleChoice(_)))
                .map(|f| f.id)
        });
        Self {
            status,
            overdue: shape.is_some_and(|s| s.status.is_some()),
        }
    }
}

impl RowQuery {
    /// Whether every row shows, in the document's order.
    pub fn is_empty(&self) -> bool {
        self.sort.is_none()
            && !self.mine
            && !self.overdue
            && self.status.is_none()
            && self.text.trim().is_empty()
    }

    /// The text filter as kept: trimmed, at most `FILTER_TEXT_MAX` characters.
    pub fn set_text(&mut self, typed: &str) {
        self.text = typed.chars().take(FILTER_TEXT_MAX).collect();
    }

    /// The positions in `rows` (the document's order) of the rows that
    /// pass, in the order asked; rows without a value in the sorted column
    /// come last either way, and ties keep the document's order. `shown`
    /// gives a value's text as the table shows it (people by name).
    pub fn apply(
        &self,
        template: &str,
        table: &TableDef,
        rows: &[RowView],
        me: &PersonId,
        today: &str,
        shown: &dyn Fn(&FieldKind, &Value) -> String,
    ) -> Vec<usize> {
        let shape = task_shapes(template).find(|s| s.table == table.id);
        let filterable = Filterable::of(template, table);
        let needle = self.text.trim().to_lowercase();
        let mut kept: Vec<usize> = (0..rows.len())
            .filter(|&i| {
                let row = &rows[i];
                if self.mine && !names(row, me) {
                    return false;
                }
                if self.overdue {
                    let Some(shape) = shape else { return false };
                    if !is_overdue(row, shape.due, shape.status, today) {
                        return false;
                    }
                }
                if let (Some(wanted), Some(field)) = (&self.status, filterable.status)
                    && !matches!(row.cells.get(field), Some(Value::Choice(c)) if c == wanted)
                {
                    return false;
                }
                needle.is_empty()
                    || table.fields.iter().any(|f| {
                        row.cells
                            .get(f.id)
                            .is_some_and(|v| shown(&f.kind, v).to_lowercase().contains(&needle))
                    })
            })
            .collect();
        if let Some(sort) = &self.sort
            && let Some(def) = table.fields.iter().find(|f| f.id == sort.field)
        {
            let keys: Vec<Option<SortKey>> = rows
                .iter()
                .map(|row| {
                    row.cells
                        .get(def.id)
                        .map(|v| SortKey::of(&def.kind, v, shown))
                })
                .collect();
            kept.sort_by(|&a, &b| match (&keys[a], &keys[b]) {
                (Some(x), Some(y)) => {
                    let order = x.cmp(y);
                    if sort.descending {
                        order.reverse()
                    } else {
                        order
                    }
                }
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            });
        }
        kept
    }
}

/// Whether the row is `me`'s: its owner, or named in one of its cells.
fn names(row: &RowView, me: &PersonId) -> bool {
    row.owner.as_ref() == Some(me)
        || row.cells.values().any(|v| match v {
            Value::Person(p) => p == me.as_str(),
            Value::People(ps) => ps.iter().any(|p| p == me.as_str()),
            _ => false,
        })
}

fn is_overdue(row: &RowView, due: &str, status: Option<(&str, &[&str])>, today: &str) -> bool {
    let Some(Value::Date(day)) = row.cells.get(due) else {
        return false;
    };
    let done = status.is_some_and(|(field, done)| {
        matches!(row.cells.get(field), Some(Value::Choice(c)) if done.contains(&c.as_str()))
    });
    !done && day.as_str() < today
}

/// A value as it sorts: numbers by size, days and times in time, choices
/// by their options' order, the rest by the text shown.
#[derive(Debug, PartialEq)]
enum SortKey {
    Number(f64),
    Text(String),
}

impl Eq for SortKey {}

impl PartialOrd for SortKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SortKey {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (SortKey::Number(a), SortKey::Number(b)) => a.total_cmp(b),
            (SortKey::Text(a), SortKey::Text(b)) => a.cmp(b),
            (SortKey::Number(_), SortKey::Text(_)) => Ordering::Less,
            (SortKey::Text(_), SortKey::Number(_)) => Ordering::Greater,
        }
    }
}

impl SortKey {
    fn of(kind: &FieldKind, value: &Value, shown: &dyn Fn(&FieldKind, &Value) -> String) -> Self {
        match (kind, value) {
            (_, Value::Number(n)) => SortKey::Number(*n),
            (_, Value::Money { minor, .. }) => SortKey::Number(*minor as f64),
            (_, Value::DateTime(ms)) => SortKey::Number(*ms as f64),
            (_, Value::Rating(r)) => SortKey::Number(f64::from(*r)),
            (_, Value::Checkbox(b)) => SortKey::Number(f64::from(u8::from(*b))),
            (_, Value::Date(day)) => SortKey::Text(day.clone()),
            (FieldKind::SingleChoice(options), Value::Choice(c)) => SortKey::Number(
                options
                    .iter()
                    .position(|o| o.id == c)
                    .unwrap_or(options.len()) as f64,
            ),
            _ => SortKey::Text(shown(kind, value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{document::RowId, library::find_template};

    fn row(id: &str, owner: &str, cells: &[(&str, Value)]) -> RowView {
        RowView {
            id: RowId(id.into()),
            order: id.into(),
            owner: owner.parse().ok(),
            cells: cells
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        }
    }

    fn shown(_: &FieldKind, v: &Value) -> String {
        match v {
            Value::Text(s) | Value::Person(s) => s.clone(),
            other => format!("{other:?}"),
        }
    }

    fn tracker() -> (&'static str, &'static TableDef) {
        let t = find_template("task-tracker").unwrap();
        (t.id.0, t.table("tasks").unwrap())
    }

    fn rows() -> Vec<RowView> {
        let choice = |c: &str| Value::Choice(c.into());
        let day = |d: &str| Value::Date(d.into());
        vec![
            row(
                "a",
                "ann",
                &[
                    ("task", Value::Text("写方案".into())),
                    ("deadline", day("2026-12-01")),
                    ("status", choice("done")),
                    ("priority", choice("low")),
                ],
            ),
            row(
                "b",
                "bob",
                &[
                    ("task", Value::Text("订会场".into())),
                    ("deadline", day("2026-11-30")),
                    ("status", choice("in_progress")),
                    ("priority", choice("high")),
                ],
            ),
            row(
                "c",
                "ann",
                &[
                    ("task", Value::Text("验收准备".into())),
                    ("deadline", day("2026-12-09")),
                    ("priority", choice("medium")),
                ],
            ),
            row(
                "d",
                "bob",
                &[
                    ("task", Value::Text("Email 验收组".into())),
                    ("collaborators", Value::People(vec!["ann".into()])),
                ],
            ),
        ]
    }

    fn ids(query: &RowQuery) -> Vec<&'static str> {
        let (template, table) = tracker();
        let all = rows();
        let me: PersonId = "ann".parse().unwrap();
        query
            .apply(template, table, &all, &me, "2026-12-05", &shown)
            .into_iter()
            .map(|i| ["a", "b", "c", "d"][i])
            .collect()
    }

    #[test]
    fn sorts_by_the_kind_of_the_column_with_empty_cells_last() {
        let by = |field: &str, descending| RowQuery {
            sort: Some(RowSort {
                field: field.into(),
                descending,
            }),
            ..RowQuery::default()
        };
        assert_eq!(ids(&by("deadline", false)), ["b", "a", "c", "d"]);
        assert_eq!(ids(&by("deadline", true)), ["c", "a", "b", "d"]);
        // Priority by its options' order (high, medium, low), not by name.
        assert_eq!(ids(&by("priority", false)), ["b", "c", "a", "d"]);
        assert!(RowQuery::default().is_empty());
        assert_eq!(ids(&RowQuery::default()), ["a", "b", "c", "d"]);
    }

    #[test]
    fn filters_mine_overdue_status_and_text() {
        let q = |f: &dyn Fn(&mut RowQuery)| {
            let mut query = RowQuery::default();
            f(&mut query);
            query
        };
        assert_eq!(
            ids(&q(&|r| r.mine = true)),
            ["a", "c", "d"],
            "owned or named"
        );
        assert_eq!(
            ids(&q(&|r| r.overdue = true)),
            ["b"],
            "past due and not done"
        );
        assert_eq!(ids(&q(&|r| r.status = Some("done".into()))), ["a"]);
        assert_eq!(ids(&q(&|r| r.set_text("验收"))), ["c", "d"]);
        assert_eq!(ids(&q(&|r| r.set_text("email"))), ["d"], "ignoring case");
        // Hostile filters match nothing and break nothing.
        for typed in [
            "'; DROP TABLE rows; --",
            "🎉🎉",
            "\u{202e}עברית",
            &"长".repeat(10_000),
        ] {
            let query = q(&|r| r.set_text(typed));
            assert!(query.text.chars().count() <= FILTER_TEXT_MAX);
            assert_eq!(ids(&query), Vec::<&str>::new());
        }
        let both = q(&|r| {
            r.mine = true;
            r.set_text("验收");
        });
        assert_eq!(ids(&both), ["c", "d"]);
    }
}
