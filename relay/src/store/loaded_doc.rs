use automerge::{
    AutoCommit, Automerge, AutomergeError, ChangeHash, LoadOptions, OnPartialLoad, VerificationMode,
};

use super::{ChunkSeq, StoredDoc};

/// A part of a stored document that could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DamagedPart {
    Snapshot,
    Chunk(ChunkSeq),
}

/// A stored document turned back into Automerge. Damage to one part never
/// hides the others: every readable part is loaded, and each unreadable one
/// is named in `damaged` so the relay can log it and compaction keeps it.
#[derive(Debug)]
pub struct LoadedDoc {
    pub doc: Automerge,
    /// The chunks whose changes are in `doc` (a later snapshot may cover them).
    pub loaded: Vec<ChunkSeq>,
    pub damaged: Vec<(DamagedPart, AutomergeError)>,
}

impl LoadedDoc {
    pub fn from_stored(stored: &StoredDoc) -> Self {
        // The usual case: every part is sound, and one strict load of them
        // all, back to back, proves it.
        let mut whole = stored.snapshot.clone().unwrap_or_default();
        for chunk in &stored.chunks {
            whole.extend_from_slice(&chunk.data);
        }
        let strict = LoadOptions::new().on_partial_load(OnPartialLoad::Error);
        if let Ok(doc) = Automerge::load_with_options(&whole, strict) {
            return Self {
                doc,
                loaded: stored.chunks.iter().map(|chunk| chunk.seq).collect(),
                damaged: Vec::new(),
            };
        }
        Self::part_by_part(stored)
    }

    /// The stored document's heads, and the document to read (`None` if
    /// it will not load), for views kept by heads (`DocDigests`,
    /// `KeptByHeads`). One strict load of its parts back to back, as
    /// `from_stored` tries first: loading it there and saving it to load
    /// again cost twice the load, a third of a 2,000-row tracker's digest.
    /// Only a damaged part takes that way, which skips what cannot be read.
    pub fn to_read(stored: &StoredDoc) -> (Vec<ChangeHash>, Option<AutoCommit>) {
        let mut whole = stored.snapshot.clone().unwrap_or_default();
        for chunk in &stored.chunks {
            whole.extend_from_slice(&chunk.data);
        }
        let strict = LoadOptions::new().on_partial_load(OnPartialLoad::Error);
        match AutoCommit::load_with_options(&whole, strict) {
            Ok(mut doc) => (doc.get_heads(), Some(doc)),
            Err(_) => {
                let loaded = Self::from_stored(stored).doc;
                (loaded.get_heads(), AutoCommit::load(&loaded.save()).ok())
            }
        }
    }

    /// Loads each part on its own, to find which are damaged.
    fn part_by_part(stored: &StoredDoc) -> Self {
        let mut doc = Automerge::new();
        let mut damaged = Vec::new();
        if let Some(snapshot) = &stored.snapshot {
            match checked(snapshot).and_then(|()| doc.load_incremental(snapshot)) {
                Ok(_) => {}
                Err(error) => damaged.push((DamagedPart::Snapshot, error)),
            }
        }
        let mut loaded = Vec::with_capacity(stored.chunks.len());
        for chunk in &stored.chunks {
            match checked(&chunk.data).and_then(|()| doc.load_incremental(&chunk.data)) {
                Ok(_) => loaded.push(chunk.seq),
                Err(error) => damaged.push((DamagedPart::Chunk(chunk.seq), error)),
            }
        }
        Self {
            doc,
            loaded,
            damaged,
        }
    }
}

/// `load_incremental` skips what it cannot parse without saying so; a strict
/// load on its own tells a damaged part from a good one. A chunk's changes
/// depend on earlier chunks, so missing dependencies are no damage.
fn checked(bytes: &[u8]) -> Result<(), AutomergeError> {
    match Automerge::load_with_options(
        bytes,
        LoadOptions::new()
            .on_partial_load(OnPartialLoad::Error)
            .verification_mode(VerificationMode::DontCheck),
    ) {
        Ok(_) | Err(AutomergeError::MissingDeps) => Ok(()),
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use automerge::{ReadDoc as _, transaction::Transactable as _};

    use super::*;
    use crate::store::StoredChunk;

    /// A document edited in three steps, stored as a snapshot of the first
    /// and one chunk per later step.
    fn stored_in_steps() -> (StoredDoc, Automerge) {
        let mut doc = automerge::AutoCommit::new();
        doc.put(automerge::ROOT, "step", 1).unwrap();
        let snapshot = doc.save();
        let mut chunks = Vec::new();
        for step in 2..=3 {
            doc.put(automerge::ROOT, "step", step).unwrap();
            doc.put(automerge::ROOT, format!("key{step}"), step)
                .unwrap();
            chunks.push(StoredChunk {
                seq: step,
                data: doc.save_incremental(),
            });
        }
        (
            StoredDoc {
                snapshot: Some(snapshot),
                chunks,
            },
            doc.document().clone(),
        )
    }

    #[test]
    fn snapshot_and_chunks_load_into_the_whole_document() {
        let (stored, whole) = stored_in_steps();
        let loaded = LoadedDoc::from_stored(&stored);
        assert!(loaded.damaged.is_empty(), "{:?}", loaded.damaged);
        assert_eq!(loaded.loaded, [2, 3]);
        assert_eq!(loaded.doc.get_heads(), whole.get_heads());
    }

    #[test]
    fn a_torn_chunk_is_reported_and_the_rest_loads() {
        let (mut stored, _) = stored_in_steps();
        let torn = &mut stored.chunks[0].data;
        torn.truncate(torn.len() / 2);
        stored.chunks.push(StoredChunk {
            seq: 9,
            data: b"not automerge at all".to_vec(),
        });
        let loaded = LoadedDoc::from_stored(&stored);
        let damaged: Vec<_> = loaded.damaged.iter().map(|(part, _)| *part).collect();
        assert_eq!(damaged, [DamagedPart::Chunk(2), DamagedPart::Chunk(9)]);
        assert_eq!(loaded.loaded, [3]);
        // The snapshot's value is there; chunk 3 depends on the torn chunk 2,
        // so Automerge holds it back rather than applying it out of order.
        let step = loaded.doc.get(automerge::ROOT, "step").unwrap();
        assert!(step.is_some());
        assert!(!loaded.damaged[0].1.to_string().is_empty());
    }

    #[test]
    fn a_damaged_snapshot_is_reported_and_independent_chunks_load() {
        let mut other = automerge::AutoCommit::new();
        other.put(automerge::ROOT, "independent", true).unwrap();
        let stored = StoredDoc {
            snapshot: Some(vec![0x85, 0x6f, 0x4a, 0x83, 1, 2, 3]),
            chunks: vec![StoredChunk {
                seq: 1,
                data: other.save_incremental(),
            }],
        };
        let loaded = LoadedDoc::from_stored(&stored);
        assert_eq!(loaded.damaged.len(), 1);
        assert_eq!(loaded.damaged[0].0, DamagedPart::Snapshot);
        assert_eq!(loaded.loaded, [1]);
        assert!(
            loaded
                .doc
                .get(automerge::ROOT, "independent")
                .unwrap()
                .is_some()
        );
    }
}
