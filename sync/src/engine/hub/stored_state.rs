use automerge::{Automerge, Change, ChangeHash};

use super::room_io::RoomOutput;

/// Below this many bytes of incremental chunks a room never asks to compact:
/// rewriting a small document on every few changes would cost more than it saves.
pub const DEFAULT_COMPACT_FLOOR: usize = 1 << 20;

/// What a room has had stored of its document, and when to store or compact next.
#[derive(Debug)]
pub(super) struct StoredState {
    /// Heads of what storage holds (or has been told to hold).
    heads: Vec<ChangeHash>,
    snapshot_bytes: usize,
    incremental_bytes: usize,
    /// Bytes of changes accepted since the last store, as they came on the wire.
    pending_bytes: usize,
    /// The changes accepted since the last store, back to back, as a chunk.
    pending: Vec<u8>,
    compact_floor: usize,
}

impl StoredState {
    pub(super) fn new() -> Self {
        Self {
            heads: Vec::new(),
            snapshot_bytes: 0,
            incremental_bytes: 0,
            pending_bytes: 0,
            pending: Vec::new(),
            compact_floor: DEFAULT_COMPACT_FLOOR,
        }
    }

    pub(super) fn set_compact_floor(&mut self, bytes: usize) {
        self.compact_floor = bytes;
    }

    /// Storage already holds `bytes` of chunks whose heads are `heads`.
    pub(super) fn loaded(&mut self, heads: Vec<ChangeHash>, bytes: usize) {
        self.heads = heads;
        self.snapshot_bytes = bytes;
        self.incremental_bytes = 0;
    }

    pub(super) fn heads(&self) -> &[ChangeHash] {
        &self.heads
    }

    /// Bytes the document takes in storage once what is pending is stored.
    pub(super) fn document_bytes(&self) -> usize {
        self.snapshot_bytes + self.incremental_bytes + self.pending_bytes
    }

    /// `changes`, which came as `bytes` on the wire, became part of the
    /// document and wait for the next store. Every change that enters the
    /// document is told here, so the pending chunk is exactly what the
    /// document gained since the last store.
    pub(super) fn accepted(&mut self, bytes: usize, changes: &[Change]) {
        self.pending_bytes += bytes;
        for change in changes {
            self.pending.extend_from_slice(change.raw_bytes());
        }
    }

    /// What to store so that storage holds all of `doc`: the changes since
    /// the last store, or a snapshot once incremental chunks outgrow the last one.
    pub(super) fn store(&mut self, doc: &Automerge) -> Option<RoomOutput> {
        let heads = doc.get_heads();
        if heads == self.heads {
            return None;
        }
        // The changes as they arrived: `save_after` would rebuild them from
        // the document's ops, at a cost that grows with the document.
        let chunk = std::mem::take(&mut self.pending);
        #[cfg(test)]
        {
            let hashes = |bytes: Vec<u8>| -> std::collections::BTreeSet<ChangeHash> {
                let chunks = automerge::sync::ChunkList::from(vec![bytes]);
                let changes = super::change_chunks::changes_in(&chunks).expect("changes");
                changes.iter().map(Change::hash).collect()
            };
            let expected = hashes(doc.save_after(&self.heads));
            assert_eq!(hashes(chunk.clone()), expected, "the pending chunk");
        }
        self.heads = heads;
        self.pending_bytes = 0;
        let incremental = self.incremental_bytes + chunk.len();
        if incremental > self.compact_floor.max(self.snapshot_bytes) {
            let snapshot = doc.save();
            self.snapshot_bytes = snapshot.len();
            self.incremental_bytes = 0;
            Some(RoomOutput::Compact { snapshot })
        } else {
            self.incremental_bytes = incremental;
            Some(RoomOutput::Store { chunk })
        }
    }
}

#[cfg(test)]
mod tests {
    use automerge::{ROOT, transaction::Transactable};

    use super::*;

    /// An edit, told to `stored` as a room would.
    fn edit(doc: &mut Automerge, n: usize, stored: &mut StoredState) {
        let mut tx = doc.transaction();
        tx.put(ROOT, format!("key-{n}"), n as i64).unwrap();
        tx.commit();
        stored.accepted(0, &[doc.get_last_local_change().unwrap()]);
    }

    #[test]
    fn stores_only_what_is_new_and_nothing_when_nothing_is() {
        let mut stored = StoredState::new();
        let mut doc = Automerge::new();
        assert_eq!(stored.store(&doc), None);
        edit(&mut doc, 1, &mut stored);
        let Some(RoomOutput::Store { chunk: first }) = stored.store(&doc) else {
            panic!("expected a store")
        };
        assert_eq!(stored.store(&doc), None);
        edit(&mut doc, 2, &mut stored);
        let Some(RoomOutput::Store { chunk: second }) = stored.store(&doc) else {
            panic!("expected a store")
        };
        let mut reloaded = Automerge::new();
        reloaded.load_incremental(&first).unwrap();
        reloaded.load_incremental(&second).unwrap();
        assert_eq!(reloaded.get_heads(), doc.get_heads());
        assert_eq!(stored.document_bytes(), first.len() + second.len());
    }

    #[test]
    fn compacts_once_increments_outgrow_the_floor_and_the_snapshot() {
        let mut stored = StoredState::new();
        stored.set_compact_floor(300);
        let mut doc = Automerge::new();
        let mut compactions = 0;
        for n in 0..40 {
            edit(&mut doc, n, &mut stored);
            if let Some(RoomOutput::Compact { snapshot }) = stored.store(&doc) {
                compactions += 1;
                assert_eq!(stored.document_bytes(), snapshot.len());
                assert_eq!(
                    Automerge::load(&snapshot).unwrap().get_heads(),
                    doc.get_heads()
                );
            }
        }
        assert!((1..40).contains(&compactions), "{compactions} compactions");
    }

    #[test]
    fn pending_changes_count_towards_the_size_until_stored() {
        let mut stored = StoredState::new();
        stored.loaded(Vec::new(), 1_000);
        stored.accepted(50, &[]);
        assert_eq!(stored.document_bytes(), 1_050);
    }
}
