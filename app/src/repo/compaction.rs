//! What this tab knows is stored of one document, and when to compact it.

use super::{Part, PieceKey};

/// A document is compacted once the changes stored since its snapshot take
/// more bytes than the snapshot (at least this many): compaction saves the
/// whole document, which in a long history takes long enough to be felt if
/// it came every few keystrokes; this way its cost stays in proportion.
const COMPACT_AFTER_BYTES: usize = 64 * 1024;
/// Or once this many pieces piled up, whatever their size: each is a read at open.
const COMPACT_AFTER_PIECES: usize = 1024;

/// The stored pieces of one open document as this tab knows them.
#[derive(Debug, Default)]
pub struct StoredPieces {
    /// The pieces this tab knows its replica covers; compaction deletes only these.
    pieces: Vec<PieceKey>,
    /// Bytes of the stored snapshot(s) and of the chunks stored after them:
    /// compaction is due when the chunks outweigh the snapshot.
    snapshot_bytes: usize,
    chunk_bytes: usize,
    /// Chunks handed to the store and not yet durable.
    pending: usize,
    /// A store failed: what the next compaction writes in full.
    failed: bool,
}

impl StoredPieces {
    /// The pieces a document was loaded from.
    pub fn loaded(pieces: Vec<PieceKey>, snapshot_bytes: usize, chunk_bytes: usize) -> Self {
        Self {
            pieces,
            snapshot_bytes,
            chunk_bytes,
            ..Self::default()
        }
    }

    /// A chunk was handed to the store.
    pub fn store_begun(&mut self) {
        self.pending += 1;
    }

    /// The chunk of `bytes` handed to the store is durable as `key`.
    pub fn stored(&mut self, key: PieceKey, bytes: usize) {
        self.pending = self.pending.saturating_sub(1);
        self.pieces.push(key);
        self.chunk_bytes += bytes;
    }

    /// A chunk handed to the store was not stored. The engine thinks it is;
    /// the next compaction writes the whole document instead.
    pub fn store_failed(&mut self) {
        self.pending = self.pending.saturating_sub(1);
        self.failed = true;
    }

    /// Every change made or received here is stored.
    pub fn saved_on_device(&self) -> bool {
        self.pending == 0 && !self.failed && !self.pieces.is_empty()
    }

    /// Whether to compact now: a store failed; the pieces piled up or the
    /// chunks outweigh the snapshot; or there is no snapshot yet. A snapshot
    /// loads several times faster than the same changes stored as they came
    /// (which Automerge must apply one by one), so a document that arrived
    /// whole from the relay opens quickly from the next time on.
    pub fn compaction_due(&self) -> bool {
        self.failed
            || self.pieces.len() > COMPACT_AFTER_PIECES
            || self.chunk_bytes > self.snapshot_bytes.max(COMPACT_AFTER_BYTES)
            || (self.pending == 0
                && !self.pieces.is_empty()
                && !self.pieces.iter().any(|p| p.part == Part::Snapshot))
    }

    /// What a compaction starting now may delete.
    pub fn covered(&self) -> Vec<PieceKey> {
        self.pieces.clone()
    }

    /// A snapshot of `snapshot_bytes`, stored as `snapshot`, replaced the
    /// `covered` pieces. Chunks stored while it was written are kept.
    pub fn compacted(&mut self, covered: &[PieceKey], snapshot: PieceKey, snapshot_bytes: usize) {
        self.pieces.retain(|p| !covered.contains(p));
        self.pieces.push(snapshot);
        self.failed = false;
        self.snapshot_bytes = snapshot_bytes;
        self.chunk_bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(id: &str) -> PieceKey {
        PieceKey {
            part: Part::Chunk,
            id: id.to_owned(),
        }
    }

    fn snapshot(id: &str) -> PieceKey {
        PieceKey {
            part: Part::Snapshot,
            id: id.to_owned(),
        }
    }

    #[test]
    fn a_document_without_a_snapshot_is_compacted_once_its_stores_are_done() {
        let mut stored = StoredPieces::default();
        assert!(!stored.compaction_due(), "nothing stored yet");
        stored.store_begun();
        stored.store_begun();
        stored.stored(chunk("a"), 10);
        assert!(!stored.compaction_due(), "a store is still pending");
        assert!(!stored.saved_on_device());
        stored.stored(chunk("b"), 10);
        assert!(stored.saved_on_device());
        assert!(stored.compaction_due());
        stored.compacted(&stored.covered(), snapshot("s"), 20);
        assert!(!stored.compaction_due());
        assert!(stored.saved_on_device());
    }

    #[test]
    fn chunks_are_compacted_once_they_outweigh_the_snapshot() {
        let big = 4 * COMPACT_AFTER_BYTES;
        let mut stored = StoredPieces::loaded(vec![snapshot("s")], big, 0);
        stored.store_begun();
        stored.stored(chunk("a"), COMPACT_AFTER_BYTES + 1);
        assert!(!stored.compaction_due(), "a large snapshot outweighs it");
        stored.store_begun();
        stored.stored(chunk("b"), big);
        assert!(stored.compaction_due());

        let mut small = StoredPieces::loaded(vec![snapshot("s")], 100, 0);
        small.store_begun();
        small.stored(chunk("a"), 200);
        assert!(!small.compaction_due(), "below the floor of 64 KiB");
    }

    #[test]
    fn many_pieces_or_a_failed_store_make_compaction_due() {
        let pieces: Vec<PieceKey> = std::iter::once(snapshot("s"))
            .chain((0..COMPACT_AFTER_PIECES).map(|i| chunk(&i.to_string())))
            .collect();
        assert!(StoredPieces::loaded(pieces, 1 << 20, 1).compaction_due());

        let mut stored = StoredPieces::loaded(vec![snapshot("s")], 100, 0);
        stored.store_begun();
        stored.store_failed();
        assert!(stored.compaction_due());
        assert!(!stored.saved_on_device());
        stored.compacted(&stored.covered(), snapshot("t"), 100);
        assert!(stored.saved_on_device() && !stored.compaction_due());
    }

    #[test]
    fn a_compaction_deletes_only_what_it_covered() {
        let mut stored = StoredPieces::loaded(vec![chunk("a")], 0, 5);
        let covered = stored.covered();
        // A chunk stored while the snapshot was being written.
        stored.store_begun();
        stored.stored(chunk("b"), 5);
        stored.compacted(&covered, snapshot("s"), 5);
        assert_eq!(stored.covered(), [chunk("b"), snapshot("s")]);
    }
}
