use automerge::ChangeHash;
use concord_sync::DocumentId;

use super::{LoadedDoc, NewChunk, Store, StoreError};

/// Why a migration stopped.
#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "document {doc} does not match its source after copying: the target holds \
         changes the source lacks, or lost some; nothing after it was copied"
    )]
    Mismatch { doc: DocumentId },
}

/// What a migration did, document by document.
#[derive(Debug, Default)]
pub struct DocumentMigration {
    /// Copied, and read back from the target with the source's heads.
    pub copied: Vec<DocumentId>,
    /// Already in the target with the source's heads (an earlier run).
    pub already_there: Vec<DocumentId>,
    /// Not copied: some stored part of them cannot be read, and copying the
    /// rest would lose it. The source keeps them as they are.
    pub damaged: Vec<(DocumentId, String)>,
}

impl DocumentMigration {
    /// Copies every document of `from` into `to`, each as one whole
    /// Automerge save, and checks each by reading it back: the target must
    /// load it with exactly the source's heads. Running it again copies only
    /// what changed since.
    pub fn run(from: &dyn Store, to: &dyn Store) -> Result<Self, MigrationError> {
        let mut migration = Self::default();
        for doc in from.list()? {
            let Some(stored) = from.load(&doc)? else {
                continue;
            };
            let source = LoadedDoc::from_stored(&stored);
            if !source.damaged.is_empty() {
                let parts = source
                    .damaged
                    .iter()
                    .map(|(part, error)| format!("{part:?}: {error}"))
                    .collect::<Vec<_>>()
                    .join("; ");
                migration.damaged.push((doc, parts));
                continue;
            }
            let heads = source.doc.get_heads();
            if target_heads(to, &doc)? == Some(heads.clone()) {
                migration.already_there.push(doc);
                continue;
            }
            to.append(&[NewChunk {
                doc,
                data: source.doc.save(),
            }])?;
            if target_heads(to, &doc)? != Some(heads) {
                return Err(MigrationError::Mismatch { doc });
            }
            migration.copied.push(doc);
        }
        Ok(migration)
    }
}

/// The heads of `doc` as `store` loads it; `None` if absent or damaged there.
fn target_heads(
    store: &dyn Store,
    doc: &DocumentId,
) -> Result<Option<Vec<ChangeHash>>, StoreError> {
    let Some(stored) = store.load(doc)? else {
        return Ok(None);
    };
    let loaded = LoadedDoc::from_stored(&stored);
    Ok(loaded.damaged.is_empty().then(|| loaded.doc.get_heads()))
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable as _;

    use super::*;
    use crate::store::SqliteStore;

    fn doc(n: u8) -> DocumentId {
        DocumentId::from_bytes([n; 16])
    }

    /// A document of `edits` changes, stored as one chunk per change.
    fn write(store: &dyn Store, id: DocumentId, edits: i64) -> automerge::AutoCommit {
        let mut doc = automerge::AutoCommit::new();
        for n in 0..edits {
            doc.put(automerge::ROOT, format!("k{n}"), n).unwrap();
            store
                .append(&[NewChunk {
                    doc: id,
                    data: doc.save_incremental(),
                }])
                .unwrap();
        }
        doc
    }

    fn heads_in(store: &dyn Store, id: &DocumentId) -> Vec<ChangeHash> {
        target_heads(store, id).unwrap().expect("stored and sound")
    }

    #[test]
    fn every_document_arrives_with_its_heads_and_a_second_run_copies_nothing() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let from = SqliteStore::open(a.path()).unwrap();
        let to = SqliteStore::open(b.path()).unwrap();
        let mut one = write(&from, doc(1), 5);
        write(&from, doc(2), 3);
        // A compacted document: snapshot plus a later chunk.
        let stored = from.load(&doc(1)).unwrap().unwrap();
        let seqs: Vec<_> = stored.chunks.iter().map(|c| c.seq).collect();
        from.compact(&doc(1), &one.save(), &seqs).unwrap();
        one.put(automerge::ROOT, "after", "compaction").unwrap();
        from.append(&[NewChunk {
            doc: doc(1),
            data: one.save_incremental(),
        }])
        .unwrap();

        let first = DocumentMigration::run(&from, &to).unwrap();
        assert_eq!(first.copied, [doc(1), doc(2)]);
        assert!(first.already_there.is_empty() && first.damaged.is_empty());
        assert_eq!(to.list().unwrap(), from.list().unwrap());
        for id in [doc(1), doc(2)] {
            assert_eq!(heads_in(&to, &id), heads_in(&from, &id));
        }
        assert_eq!(heads_in(&to, &doc(1)), one.get_heads());

        let again = DocumentMigration::run(&from, &to).unwrap();
        assert!(again.copied.is_empty());
        assert_eq!(again.already_there, [doc(1), doc(2)]);
    }

    #[test]
    fn a_damaged_document_is_named_and_left_out_while_the_rest_is_copied() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let from = SqliteStore::open(a.path()).unwrap();
        let to = SqliteStore::open(b.path()).unwrap();
        write(&from, doc(1), 2);
        write(&from, doc(2), 2);
        from.append(&[NewChunk {
            doc: doc(1),
            data: b"torn bytes".to_vec(),
        }])
        .unwrap();
        let migration = DocumentMigration::run(&from, &to).unwrap();
        assert_eq!(migration.copied, [doc(2)]);
        assert_eq!(migration.damaged.len(), 1);
        assert_eq!(migration.damaged[0].0, doc(1));
        assert!(!to.has(&doc(1)).unwrap());
    }

    #[test]
    fn a_target_holding_changes_the_source_lacks_stops_the_migration() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let from = SqliteStore::open(a.path()).unwrap();
        let to = SqliteStore::open(b.path()).unwrap();
        write(&from, doc(1), 2);
        write(&to, doc(1), 3);
        let error = DocumentMigration::run(&from, &to).unwrap_err();
        assert!(
            matches!(error, MigrationError::Mismatch { doc: d } if d == doc(1)),
            "{error}"
        );
    }
}
