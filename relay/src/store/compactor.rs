use std::{collections::BTreeSet, sync::Arc, sync::mpsc, thread};

use concord_sync::DocumentId;

use super::{DamagedPart, LoadedDoc, Store, group_commit::WeakCommit};
use crate::store::GroupCommit;

/// Folds a document's chunks into one Automerge snapshot, in the background.
///
/// It reads on the store's read connection, merges and saves the document off
/// the writer's thread, then asks the writer to swap the chunks it read for the
/// snapshot in one transaction. Chunks appended meanwhile are not touched, and
/// a chunk that cannot be read is kept, never folded away.
pub struct Compactor;

impl Compactor {
    /// Starts the thread; it stops when the writer (which holds the hint
    /// sender) stops.
    pub fn spawn(
        store: Arc<dyn Store>,
        commit: &GroupCommit,
        hints: mpsc::Receiver<DocumentId>,
    ) -> std::io::Result<thread::JoinHandle<()>> {
        let commit = commit.downgrade();
        thread::Builder::new()
            .name("store-compactor".into())
            .spawn(move || {
                while let Ok(first) = hints.recv() {
                    // Hints for one document pile up while it is compacted; one pass serves them all.
                    let docs: BTreeSet<_> =
                        std::iter::once(first).chain(hints.try_iter()).collect();
                    for doc in docs {
                        compact_one(store.as_ref(), &commit, doc);
                    }
                }
            })
    }
}

fn compact_one(store: &dyn Store, commit: &WeakCommit, doc: DocumentId) {
    let stored = match store.load(&doc) {
        Ok(Some(stored)) => stored,
        Ok(None) => return,
        Err(error) => {
            tracing::error!(%error, %doc, "compaction could not read the document");
            return;
        }
    };
    let loaded = LoadedDoc::from_stored(&stored);
    for (part, error) in &loaded.damaged {
        tracing::error!(%doc, ?part, %error, "a stored part of the document is damaged; it is kept as is");
    }
    // A damaged snapshot would be overwritten by the new one; keep it for a person to look at.
    if loaded
        .damaged
        .iter()
        .any(|(part, _)| *part == DamagedPart::Snapshot)
        || loaded.loaded.is_empty()
    {
        return;
    }
    let snapshot = loaded.doc.save();
    if let Err(error) = commit.compact_blocking(doc, snapshot, loaded.loaded) {
        tracing::warn!(%error, %doc, "compaction not written");
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use automerge::transaction::Transactable as _;

    use super::*;
    use crate::store::SqliteStore;

    fn doc_id() -> DocumentId {
        DocumentId::from_bytes([4; 16])
    }

    fn start(dir: &std::path::Path, compact_after: usize) -> (Arc<dyn Store>, GroupCommit) {
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open(dir).unwrap());
        let (hint, hints) = mpsc::channel();
        let (commit, _) = GroupCommit::spawn(store.clone(), compact_after, hint).unwrap();
        Compactor::spawn(store.clone(), &commit, hints).unwrap();
        (store, commit)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn many_writers_share_transactions_and_every_ack_is_durable() {
        let tmp = tempfile::tempdir().unwrap();
        let (store, commit) = start(tmp.path(), usize::MAX);
        let writers: Vec<_> = (0..200u8)
            .map(|n| {
                let commit = commit.clone();
                tokio::spawn(async move {
                    commit
                        .append(DocumentId::from_bytes([n; 16]), vec![n])
                        .await
                })
            })
            .collect();
        for writer in writers {
            writer.await.unwrap().unwrap();
        }
        let stats = commit.stats();
        let transactions = stats
            .transactions
            .load(std::sync::atomic::Ordering::Relaxed);
        assert_eq!(stats.chunks.load(std::sync::atomic::Ordering::Relaxed), 200);
        assert!(
            transactions < 200,
            "{transactions} transactions for 200 chunks"
        );
        println!("group commit: 200 concurrent appends in {transactions} transactions");
        drop(commit);
        let reopened = SqliteStore::open(tmp.path()).unwrap();
        for n in 0..200u8 {
            let stored = reopened.load(&DocumentId::from_bytes([n; 16])).unwrap();
            assert_eq!(stored.unwrap().chunks[0].data, [n]);
        }
        drop(store);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn past_the_threshold_chunks_become_a_snapshot_of_the_same_document() {
        let tmp = tempfile::tempdir().unwrap();
        let (store, commit) = start(tmp.path(), 8);
        let mut doc = automerge::AutoCommit::new();
        for n in 0..20i64 {
            doc.put(automerge::ROOT, format!("k{n}"), n).unwrap();
            commit
                .append(doc_id(), doc.save_incremental())
                .await
                .unwrap();
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        let stored = loop {
            let stored = store.load(&doc_id()).unwrap().unwrap();
            if stored.snapshot.is_some() && stored.chunks.len() < 20 - 8 {
                break stored;
            }
            assert!(
                Instant::now() < deadline,
                "never compacted: {} chunks",
                stored.chunks.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let loaded = LoadedDoc::from_stored(&stored);
        assert!(loaded.damaged.is_empty());
        assert_eq!(loaded.doc.get_heads(), doc.get_heads());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_damaged_chunk_is_kept_through_compaction() {
        let tmp = tempfile::tempdir().unwrap();
        let (store, commit) = start(tmp.path(), 3);
        let mut doc = automerge::AutoCommit::new();
        commit
            .append(doc_id(), b"damaged bytes".to_vec())
            .await
            .unwrap();
        for n in 0..5i64 {
            doc.put(automerge::ROOT, "n", n).unwrap();
            commit
                .append(doc_id(), doc.save_incremental())
                .await
                .unwrap();
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let stored = store.load(&doc_id()).unwrap().unwrap();
            if stored.snapshot.is_some() {
                assert!(stored.chunks.iter().any(|c| c.data == b"damaged bytes"));
                let loaded = LoadedDoc::from_stored(&stored);
                assert_eq!(loaded.damaged.len(), 1);
                break;
            }
            assert!(Instant::now() < deadline, "never compacted");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
