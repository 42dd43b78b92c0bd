//! A document's stored pieces turned back into one Automerge document.
//! Pure: the pieces come from `IdbStore::load`, and the result goes into
//! the sync engine.

use automerge::{AutoCommit, Automerge, AutomergeError, LoadOptions, OnPartialLoad};
use concord_sync::DocumentId;

use super::{IdbStoreError, Part, PieceKey};

/// What the stored pieces of one document gave.
#[derive(Debug, Default)]
pub struct LoadedPieces {
    /// The document, if any piece loaded.
    pub replica: Option<AutoCommit>,
    /// The pieces whose changes are in `replica`: the only ones a compaction
    /// may delete. A damaged piece is left out and so stays stored.
    pub covered: Vec<PieceKey>,
    /// Bytes of the snapshots, and of the chunks, that were read.
    pub snapshot_bytes: usize,
    pub chunk_bytes: usize,
    /// One `Corrupt` per piece (or group of pieces) that does not load.
    pub damaged: Vec<IdbStoreError>,
}

/// Loads `pieces` (snapshots first, as `IdbStore::load` gives them). The
/// first good piece is loaded; the others are checked one by one and then
/// applied together, as one application: in Automerge 0.12 each
/// application walks the whole document. Damage to one piece never hides
/// the others.
pub fn load_pieces(doc: DocumentId, pieces: Vec<(PieceKey, Vec<u8>)>) -> LoadedPieces {
    let mut loaded = LoadedPieces::default();
    let (mut rest, mut rest_keys) = (Vec::new(), Vec::new());
    for (key, bytes) in pieces {
        match key.part {
            Part::Snapshot => loaded.snapshot_bytes += bytes.len(),
            Part::Chunk => loaded.chunk_bytes += bytes.len(),
        }
        let checked = match loaded.replica {
            None => load_first(&bytes).map(|first| {
                loaded.replica = Some(first);
                loaded.covered.push(key.clone());
            }),
            Some(_) => check_piece(&bytes).map(|()| {
                rest.extend_from_slice(&bytes);
                rest_keys.push(key.clone());
            }),
        };
        if let Err(e) = checked {
            loaded.damaged.push(IdbStoreError::Corrupt {
                doc,
                detail: format!("stored piece {} does not load: {e}", key.id),
            });
        }
    }
    if let Some(replica) = loaded.replica.as_mut()
        && !rest.is_empty()
    {
        match replica.load_incremental(&rest) {
            Ok(_) => loaded.covered.append(&mut rest_keys),
            // Left out of `covered`, they stay stored: no compaction deletes them.
            Err(e) => loaded.damaged.push(IdbStoreError::Corrupt {
                doc,
                detail: format!("stored pieces do not load together: {e}"),
            }),
        }
    }
    loaded
}

/// Checks one stored piece on its own. Automerge's `load_incremental` skips
/// bytes it cannot parse without a word, so each piece is first parsed with
/// partial loads refused; only missing dependencies (on another piece) are
/// allowed.
fn check_piece(piece: &[u8]) -> Result<(), AutomergeError> {
    let strict = LoadOptions::new().on_partial_load(OnPartialLoad::Error);
    match Automerge::load_with_options(piece, strict) {
        Ok(_) | Err(AutomergeError::MissingDeps) => Ok(()),
        Err(e) => Err(e),
    }
}

/// The first stored piece, parsed strictly (see `check_piece`). A piece
/// that needs others first starts an empty document it is applied to.
fn load_first(piece: &[u8]) -> Result<AutoCommit, AutomergeError> {
    let strict = LoadOptions::new().on_partial_load(OnPartialLoad::Error);
    match AutoCommit::load_with_options(piece, strict) {
        Ok(replica) => Ok(replica),
        Err(AutomergeError::MissingDeps) => {
            let mut replica = AutoCommit::new();
            replica.load_incremental(piece)?;
            Ok(replica)
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use automerge::{ReadDoc as _, transaction::Transactable as _};

    use super::*;

    const DOC: DocumentId = DocumentId::from_bytes([7; 16]);

    fn key(part: Part, id: &str) -> PieceKey {
        PieceKey {
            part,
            id: id.to_owned(),
        }
    }

    /// A document stored as a snapshot of its first step and one chunk per
    /// later step, as a tab stores it; and the whole document.
    fn stored_in_steps(steps: i64) -> (Vec<(PieceKey, Vec<u8>)>, AutoCommit) {
        let mut doc = AutoCommit::new();
        doc.put(automerge::ROOT, "step", 0).unwrap();
        let mut pieces = vec![(key(Part::Snapshot, "s0"), doc.save())];
        for step in 1..=steps {
            doc.put(automerge::ROOT, "step", step).unwrap();
            doc.put(automerge::ROOT, format!("key{step}"), step)
                .unwrap();
            pieces.push((
                key(Part::Chunk, &format!("c{step}")),
                doc.save_incremental(),
            ));
        }
        (pieces, doc)
    }

    fn step(replica: &AutoCommit) -> Option<i64> {
        match replica.get(automerge::ROOT, "step").unwrap() {
            Some((automerge::Value::Scalar(s), _)) => s.as_i64(),
            _ => None,
        }
    }

    fn ids(keys: &[PieceKey]) -> Vec<&str> {
        keys.iter().map(|k| k.id.as_str()).collect()
    }

    #[test]
    fn a_snapshot_and_its_chunks_load_into_the_whole_document() {
        let (pieces, mut whole) = stored_in_steps(3);
        let sizes: Vec<usize> = pieces.iter().map(|(_, b)| b.len()).collect();
        let mut loaded = load_pieces(DOC, pieces);
        assert!(loaded.damaged.is_empty(), "{:?}", loaded.damaged);
        assert_eq!(ids(&loaded.covered), ["s0", "c1", "c2", "c3"]);
        assert_eq!(loaded.snapshot_bytes, sizes[0]);
        assert_eq!(loaded.chunk_bytes, sizes[1..].iter().sum::<usize>());
        let replica = loaded.replica.as_mut().unwrap();
        assert_eq!(replica.get_heads(), whole.get_heads());
        assert_eq!(step(replica), Some(3));
    }

    #[test]
    fn nothing_stored_is_no_document() {
        let loaded = load_pieces(DOC, Vec::new());
        assert!(loaded.replica.is_none());
        assert!(loaded.covered.is_empty() && loaded.damaged.is_empty());
    }

    #[test]
    fn corrupt_and_torn_pieces_are_reported_and_left_stored_while_the_rest_loads() {
        let (mut pieces, _) = stored_in_steps(3);
        // The last chunk torn in half, and a piece that is no Automerge at all.
        let torn = &mut pieces[3].1;
        torn.truncate(torn.len() / 2);
        pieces.push((key(Part::Chunk, "junk"), b"not automerge".to_vec()));
        let mut loaded = load_pieces(DOC, pieces);
        assert_eq!(loaded.damaged.len(), 2, "{:?}", loaded.damaged);
        for damage in &loaded.damaged {
            assert!(matches!(damage, IdbStoreError::Corrupt { doc, .. } if *doc == DOC));
        }
        assert_eq!(ids(&loaded.covered), ["s0", "c1", "c2"]);
        assert_eq!(step(loaded.replica.as_mut().unwrap()), Some(2));
    }

    #[test]
    fn a_damaged_snapshot_gives_way_to_the_first_good_piece() {
        let (mut pieces, _) = stored_in_steps(1);
        pieces[0].1 = vec![0x85, 0x6f, 0x4a, 0x83, 1, 2, 3];
        let loaded = load_pieces(DOC, pieces);
        assert_eq!(loaded.damaged.len(), 1);
        // The chunk needs the snapshot's change: it is held, not applied, but
        // it is this document's and stays covered.
        assert_eq!(ids(&loaded.covered), ["c1"]);
        assert!(loaded.replica.is_some());
    }

    #[test]
    fn a_missing_piece_holds_back_what_depends_on_it_until_it_comes() {
        let (mut pieces, mut whole) = stored_in_steps(3);
        let missing = pieces.remove(2);
        let mut loaded = load_pieces(DOC, pieces);
        assert!(loaded.damaged.is_empty(), "{:?}", loaded.damaged);
        assert_eq!(ids(&loaded.covered), ["s0", "c1", "c3"]);
        let replica = loaded.replica.as_mut().unwrap();
        assert_eq!(step(replica), Some(1), "chunk 3 waits for chunk 2");
        // The missing piece arriving (from the relay, say) completes it.
        replica.load_incremental(&missing.1).unwrap();
        assert_eq!(replica.get_heads(), whole.get_heads());
        assert_eq!(step(replica), Some(3));
    }
}
