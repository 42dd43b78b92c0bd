//! A table's rows in order, read when rows move (not at every keystroke in
//! a cell: `DocContext::read_row_places`) and shared by
//! the row list and the row sheet. Only where each row is and who owns it:
//! the cells are read by the rows on screen (`TableRowLine`), so a table of
//! thousands of rows costs a key per row, not every cell.

use std::sync::Arc;

use concord_model::{RowId, RowKey};
use leptos::prelude::*;

use super::DocContext;

/// The rows in order. `generation` moves whenever their order or owners
/// change, so row lines keyed by (generation, id) are rebuilt then (their
/// index may have moved); scrolling alone reuses them, and a line follows
/// its own cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableRows {
    pub generation: u64,
    pub rows: Arc<Vec<RowKey>>,
}

impl TableRows {
    /// Reads `table`'s rows whenever rows may have been added, removed,
    /// moved or re-owned; readers are told only when they were.
    pub fn memo(ctx: DocContext, table: &'static str) -> Memo<TableRows> {
        Memo::new(move |prev: Option<&TableRows>| {
            let fresh = ctx
                .read_row_places(|doc| doc.row_keys(table).unwrap_or_default())
                .unwrap_or_default();
            match prev {
                Some(prev) if *prev.rows == fresh => prev.clone(),
                _ => TableRows {
                    generation: prev.map_or(0, |p| p.generation + 1),
                    rows: Arc::new(fresh),
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
