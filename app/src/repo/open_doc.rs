use automerge::ChangeHash;
use concord_model::ConcordDoc;
use leptos::prelude::*;

use super::PieceKey;

/// One document open in this tab.
///
/// The typed [`ConcordDoc`] is what the app reads and edits; the sync
/// `Client` keeps its own replica for the protocol. Both are kept equal by
/// passing changes across after every edit (see `Repo`).
pub(super) struct OpenDoc {
    /// `None` while the document is being fetched from the relay.
    pub(super) doc: Option<ConcordDoc>,
    /// The stored pieces this tab knows its replica covers; compaction deletes only these.
    pub(super) pieces: Vec<PieceKey>,
    /// Chunks handed to the store and not yet durable.
    pub(super) pending_stores: usize,
    /// A store failed: what the next compaction writes in full.
    pub(super) store_failed: bool,
    pub(super) relay_heads: Option<Vec<ChangeHash>>,
    pub(super) changes_since_open: usize,
    pub(super) unavailable: bool,
    /// Bumped whenever the document changes, however the change came.
    /// Reference counted rather than owned by the reactive owner current
    /// when the document was opened: that may be a dialog or screen that is
    /// gone long before the document is.
    pub(super) revision: ArcRwSignal<u64>,
}

impl OpenDoc {
    pub(super) fn new(doc: Option<ConcordDoc>, pieces: Vec<PieceKey>) -> Self {
        Self {
            doc,
            pieces,
            pending_stores: 0,
            store_failed: false,
            relay_heads: None,
            changes_since_open: 0,
            unavailable: false,
            revision: ArcRwSignal::new(0),
        }
    }

    pub(super) fn bump(&self) {
        self.revision.update(|r| *r += 1);
    }
}
