//! A table's rows, read once per document revision and shared by the row
//! list and the row sheet.

use std::sync::Arc;

use concord_model::{RowId, RowView};
use leptos::prelude::*;

use super::DocContext;

/// The rows in order. `generation` moves whenever they differ, so row views
/// keyed by (generation, id) are rebuilt exactly when their content may have
/// changed, and scrolling alone reuses them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableRows {
    pub generation: u64,
    pub rows: Arc<Vec<RowView>>,
}

impl TableRows {
    /// Reads `table`'s rows on every document revision; readers are told
    /// only when the rows themselves changed.
    pub fn memo(ctx: DocContext, table: &'static str) -> Memo<TableRows> {
        Memo::new(move |prev: Option<&TableRows>| {
            let fresh = ctx
                .read(|doc| doc.rows(table).unwrap_or_default())
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
