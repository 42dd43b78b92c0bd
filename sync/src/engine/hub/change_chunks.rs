//! The changes a sync message carries, read out of it without applying
//! them: what the policy judges and what is stored, both at the cost of the
//! batch. (Asking the document for changes it holds rebuilds them from its
//! ops, which costs more the bigger the document.)

use std::collections::HashSet;

use automerge::{Automerge, Change, ReadDoc, sync::ChunkList};

/// The first bytes of every storage chunk automerge writes.
const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
/// Magic, checksum and chunk type, before the data's LEB128 length.
const FIXED_HEADER: usize = 9;

/// The changes in `chunks`, where each chunk is one change or several
/// back to back (automerge's two message formats). `None` when a chunk is
/// anything else (a whole document, say) or does not parse: the room then
/// asks the document instead.
pub(super) fn changes_in(chunks: &ChunkList) -> Option<Vec<Change>> {
    let mut changes = Vec::new();
    for chunk in chunks.iter() {
        let mut rest = chunk;
        while !rest.is_empty() {
            let (one, more) = rest.split_at_checked(chunk_len(rest)?)?;
            changes.push(Change::from_bytes(one.to_vec()).ok()?);
            rest = more;
        }
    }
    Some(changes)
}

/// Of `sent`, the changes `doc` lacks, each once, in the order sent:
/// what applying them adds, unless a change already waiting for its
/// dependencies comes in with them (`None` then: the room asks the
/// document what it gained).
pub(super) fn fresh(doc: &Automerge, sent: Vec<Change>) -> Option<Vec<Change>> {
    if !doc.get_missing_deps(&[]).is_empty() {
        return None;
    }
    let mut seen = HashSet::new();
    Some(
        sent.into_iter()
            .filter(|change| {
                let hash = change.hash();
                seen.insert(hash) && doc.get_change_meta_by_hash(&hash).is_none()
            })
            .collect(),
    )
}

/// The length of the storage chunk `bytes` starts with.
fn chunk_len(bytes: &[u8]) -> Option<usize> {
    if bytes.get(..MAGIC.len())? != MAGIC {
        return None;
    }
    let mut rest = bytes.get(FIXED_HEADER..)?;
    let before = rest.len();
    let data = leb128::read::unsigned(&mut rest).ok()?;
    let length_bytes = before - rest.len();
    FIXED_HEADER
        .checked_add(length_bytes)?
        .checked_add(usize::try_from(data).ok()?)
}

#[cfg(test)]
mod tests {
    use automerge::{Automerge, ROOT, transaction::Transactable};

    use super::*;

    fn doc_with(edits: usize) -> Automerge {
        let mut doc = Automerge::new();
        for n in 0..edits {
            let mut tx = doc.transaction();
            tx.put(ROOT, format!("k{n}"), n as i64).unwrap();
            tx.commit();
        }
        doc
    }

    #[test]
    fn changes_one_by_one_or_back_to_back_are_read_out() {
        let doc = doc_with(3);
        let changes = doc.get_changes(&[]);
        let each: Vec<Vec<u8>> = changes.iter().map(|c| c.raw_bytes().to_vec()).collect();
        let joined: Vec<u8> = each.concat();
        for chunks in [ChunkList::from(each), ChunkList::from(vec![joined])] {
            let read = changes_in(&chunks).unwrap();
            let hashes: Vec<_> = read.iter().map(Change::hash).collect();
            assert_eq!(hashes, changes.iter().map(Change::hash).collect::<Vec<_>>());
        }
        assert_eq!(changes_in(&ChunkList::empty()).unwrap().len(), 0);
    }

    #[test]
    fn a_whole_document_or_garbage_is_left_to_the_document() {
        let doc = doc_with(2);
        assert!(changes_in(&ChunkList::from(vec![doc.save()])).is_none());
        let mut cut = doc.get_changes(&[])[0].raw_bytes().to_vec();
        cut.pop();
        assert!(changes_in(&ChunkList::from(vec![cut])).is_none());
        assert!(changes_in(&ChunkList::from(vec![vec![1, 2, 3]])).is_none());
    }
}
