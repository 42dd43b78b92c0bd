//! A table's rows in order, read when rows move (not at every keystroke in
//! a cell: `DocContext::read_row_places`) and shared by
//! the row list and the row sheet. Only where each row is and who owns it:
//! the cells are read by the rows on screen (`TableRowLine`), so a table of
//! thousands of rows costs a key per row, not every cell. A person's sort
//! or filter (`RowQuery`) needs every row's cells: then they are read when
//! any cell changes.

use std::{collections::HashMap, sync::Arc};

use concord_model::{ConcordDoc, RowId, RowKey, views::RowQuery};
use leptos::prelude::*;

use super::DocContext;
use crate::{components::Names, i18n::I18n};

/// The rows in order. `generation` moves whenever their order or owners
/// change, so row lines keyed by (generation, id) are rebuilt then (their
/// index may have moved); scrolling alone reuses them, and a line follows
/// its own cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableRows {
    pub generation: u64,
    pub rows: Arc<Vec<RowKey>>,
    /// How many rows the table has, shown or not.
    pub total: usize,
}

impl TableRows {
    /// Reads `table`'s rows whenever rows may have been added, removed,
    /// moved or re-owned (and, while `query` sorts or filters, whenever a
    /// cell changes); readers are told only when the answer changed.
    pub fn memo(ctx: DocContext, table: &'static str, query: Signal<RowQuery>) -> Memo<TableRows> {
        let names = Names::expect();
        let i18n = I18n::expect();
        Memo::new(move |prev: Option<&TableRows>| {
            let query = query.get();
            let (fresh, total) = if query.is_empty() {
                let keys = ctx
                    .read_row_places(|doc| doc.row_keys(table).unwrap_or_default())
                    .unwrap_or_default();
                let total = keys.len();
                (keys, total)
            } else {
                let book = names.book().get();
                let locale = i18n.locale();
                let me = ctx.me().id;
                let today = crate::browser_zone::today()
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                ctx.read_row_places(|_| ());
                ctx.read_row_cells(|doc| {
                    let shown = |kind: &concord_model::FieldKind, value: &concord_model::Value| {
                        book.cell_text(kind, value, locale)
                    };
                    asked(doc, table, &query, &me, &today, &shown)
                })
                .unwrap_or_default()
            };
            match prev {
                Some(prev) if *prev.rows == fresh && prev.total == total => prev.clone(),
                _ => TableRows {
                    generation: prev.map_or(0, |p| p.generation + 1),
                    rows: Arc::new(fresh),
                    total,
                },
            }
        })
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn index_of(&self, id: &RowId) -> Option<usize> {
        self.rows.iter().position(|r| &r.id == id)
    }
}

/// The rows `query` lets through, in its order, and how many rows there are.
fn asked(
    doc: &ConcordDoc,
    table: &str,
    query: &RowQuery,
    me: &concord_model::PersonId,
    today: &str,
    shown: &dyn Fn(&concord_model::FieldKind, &concord_model::Value) -> String,
) -> (Vec<RowKey>, usize) {
    let template = doc.template();
    let Some(def) = template.table(table) else {
        return (Vec::new(), 0);
    };
    let mut keys: HashMap<RowId, RowKey> = doc
        .row_keys(table)
        .unwrap_or_default()
        .into_iter()
        .map(|k| (k.id.clone(), k))
        .collect();
    let views = doc.rows(table).unwrap_or_default();
    let total = views.len();
    let kept = query
        .apply(template.id.0, def, &views, me, today, shown)
        .into_iter()
        .filter_map(|i| keys.remove(&views[i].id))
        .collect();
    (kept, total)
}
