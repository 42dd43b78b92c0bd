/// Which object store a stored piece lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Snapshot,
    Chunk,
}

/// One stored piece of a document. Keys are `[document id, piece id]`, so a
/// document's pieces are one key range; a piece id starts with the time it was
/// written, so pieces load roughly in the order they were made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PieceKey {
    pub part: Part,
    pub id: String,
}
