use leptos::prelude::*;

use super::PieceKey;

/// What this tab keeps about one open document besides the document itself
/// (which the sync engine holds, see `DocReplica`).
pub(super) struct OpenDoc {
    /// The stored pieces this tab knows its replica covers; compaction deletes only these.
    pub(super) pieces: Vec<PieceKey>,
    /// Bytes of the stored snapshot(s) and of the chunks stored after them:
    /// compaction is due when the chunks outweigh the snapshot.
    pub(super) snapshot_bytes: usize,
    pub(super) chunk_bytes: usize,
    /// Chunks handed to the store and not yet durable.
    pub(super) pending_stores: usize,
    /// A store failed: what the next compaction writes in full.
    pub(super) store_failed: bool,
    pub(super) changes_since_open: usize,
    pub(super) unavailable: bool,
    /// Bumped whenever the document changes, however the change came.
    /// Reference counted rather than owned by the reactive owner current
    /// when the document was opened: that may be a dialog or screen that is
    /// gone long before the document is.
    pub(super) revision: ArcRwSignal<u64>,
}

impl OpenDoc {
    pub(super) fn new(pieces: Vec<PieceKey>) -> Self {
        Self {
            pieces,
            snapshot_bytes: 0,
            chunk_bytes: 0,
            pending_stores: 0,
            store_failed: false,
            changes_since_open: 0,
            unavailable: false,
            revision: ArcRwSignal::new(0),
        }
    }

    pub(super) fn bump(&self) {
        self.revision.update(|r| *r += 1);
    }
}
