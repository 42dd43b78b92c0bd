use concord_model::Touched;
use leptos::prelude::*;

use super::StoredPieces;

/// The counters a screen follows to read a document again. `any` moves with
/// every change; the others only with the changes that may alter what the
/// reads scanning every row answer (`concord_model::Touched`), so typing in
/// a 2,000-row tracker does not place its rows anew at each key.
#[derive(Clone, Copy)]
pub struct Revisions {
    pub any: ReadSignal<u64>,
    /// Rows of some table were added, removed, moved or re-owned.
    pub row_places: ReadSignal<u64>,
    /// Some key or list item took a new or a concurrent value: everything
    /// but typing (see `Touched::conflicts_stale`).
    pub keys: ReadSignal<u64>,
    /// Text was typed in some table's cell.
    pub table_texts: ReadSignal<u64>,
}

/// The writable side of `Revisions`. Reference counted rather than owned by
/// the reactive owner current when the document was opened: that may be a
/// dialog or screen that is gone long before the document is.
#[derive(Clone)]
pub(super) struct RevisionCounters {
    any: ArcRwSignal<u64>,
    row_places: ArcRwSignal<u64>,
    keys: ArcRwSignal<u64>,
    table_texts: ArcRwSignal<u64>,
}

impl RevisionCounters {
    fn new() -> Self {
        Self {
            any: ArcRwSignal::new(0),
            row_places: ArcRwSignal::new(0),
            keys: ArcRwSignal::new(0),
            table_texts: ArcRwSignal::new(0),
        }
    }

    /// Owned by the caller (a screen); the counters outlive it.
    pub(super) fn read_only(&self) -> Revisions {
        Revisions {
            any: ReadSignal::from(self.any.read_only()),
            row_places: ReadSignal::from(self.row_places.read_only()),
            keys: ReadSignal::from(self.keys.read_only()),
            table_texts: ReadSignal::from(self.table_texts.read_only()),
        }
    }

    /// Tells the readers of what `touched` says changed.
    pub(super) fn bump(&self, touched: &Touched) {
        let step = |counter: &ArcRwSignal<u64>| counter.update(|r| *r += 1);
        if touched.row_places {
            step(&self.row_places);
        }
        if touched.keys {
            step(&self.keys);
        }
        if touched.table_texts {
            step(&self.table_texts);
        }
        if touched.any {
            step(&self.any);
        }
    }
}

/// What this tab keeps about one open document besides the document itself
/// (which the sync engine holds, see `DocReplica`).
pub(super) struct OpenDoc {
    /// Its stored pieces, and whether compaction is due.
    pub(super) stored: StoredPieces,
    pub(super) changes_since_open: usize,
    pub(super) unavailable: bool,
    /// Moved whenever the document changes, however the change came.
    pub(super) revisions: RevisionCounters,
}

impl OpenDoc {
    pub(super) fn new(stored: StoredPieces) -> Self {
        Self {
            stored,
            changes_since_open: 0,
            unavailable: false,
            revisions: RevisionCounters::new(),
        }
    }
}
