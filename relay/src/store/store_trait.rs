use concord_sync::{DocumentId, StorageId};

use super::StoreError;

/// The position of a chunk among its document's chunks: each append gives a
/// document's chunks numbers above every number it had before (compaction
/// included), so its chunks load in increasing `ChunkSeq`. Numbers are per
/// document; two documents may use the same one.
pub type ChunkSeq = i64;

/// One incremental chunk to append: Automerge changes (the bytes of the
/// changes a batch brought, as a room stores them), or a whole `save`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChunk {
    pub doc: DocumentId,
    pub data: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredChunk {
    pub seq: ChunkSeq,
    pub data: Vec<u8>,
}

/// What the store holds for one document: the latest compacted snapshot, if
/// any, and the chunks appended since, in append order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredDoc {
    pub snapshot: Option<Vec<u8>>,
    pub chunks: Vec<StoredChunk>,
}

impl StoredDoc {
    /// What a load read, or `None` when it found neither snapshot nor
    /// chunks: the store never saw the document.
    pub fn found(snapshot: Option<Vec<u8>>, chunks: Vec<StoredChunk>) -> Option<Self> {
        (snapshot.is_some() || !chunks.is_empty()).then_some(Self { snapshot, chunks })
    }
}

/// What a [`Store::compact`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compaction {
    /// The snapshot replaced the covered chunks.
    Written,
    /// Some covered chunk was already gone, folded by another compaction
    /// since this one read the document: nothing was changed.
    Stale,
}

/// Durable document storage. Every method is blocking; the relay calls them
/// from its writer thread, its compactor thread, or `spawn_blocking`.
///
/// Contract: when `append` or `compact` returns `Ok`, what they wrote is on
/// disk and survives a crash; when they fail or the process dies part-way,
/// nothing of the call is visible.
pub trait Store: Send + Sync + 'static {
    /// The document's snapshot and chunks; `None` if the store never saw it.
    fn load(&self, doc: &DocumentId) -> Result<Option<StoredDoc>, StoreError>;

    fn has(&self, doc: &DocumentId) -> Result<bool, StoreError>;

    /// Every stored document, in id order.
    fn list(&self) -> Result<Vec<DocumentId>, StoreError>;

    /// Appends every chunk in one transaction (one sync to disk) and returns
    /// their sequence numbers in the order given; a document's chunks in one
    /// call take increasing numbers in the order given.
    fn append(&self, chunks: &[NewChunk]) -> Result<Vec<ChunkSeq>, StoreError>;

    /// In one transaction, makes `snapshot` the document's snapshot and
    /// deletes the chunks `covered` (the ones the snapshot was built from) —
    /// unless one of them is gone already: then another compaction that read
    /// the document later, or read what this one did, has won, and nothing
    /// changes ([`Compaction::Stale`]).
    fn compact(
        &self,
        doc: &DocumentId,
        snapshot: &[u8],
        covered: &[ChunkSeq],
    ) -> Result<Compaction, StoreError>;

    /// The id this store gives peers (automerge-repo's `storageId`); made
    /// on first use and kept.
    fn storage_id(&self) -> Result<StorageId, StoreError>;

    /// Proves the store answers.
    fn check(&self) -> Result<(), StoreError>;
}
