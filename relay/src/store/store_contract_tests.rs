//! What every [`Store`] promises, checked on each backend: SQLite always,
//! PostgreSQL on a server of the tests' own when its programs are installed
//! (`cargo xtask test` installs them; otherwise these print why they skip).

use std::sync::Arc;

use concord_sync::DocumentId;

use super::{Compaction, NewChunk, PostgresStore, SqliteStore, Store, StoredDoc};

/// Where a backend keeps its data; `open` is what a (re)starting relay does.
trait Backend {
    fn open(&self) -> Arc<dyn Store>;
}

struct Sqlite(tempfile::TempDir);

impl Backend for Sqlite {
    fn open(&self) -> Arc<dyn Store> {
        Arc::new(SqliteStore::open(self.0.path()).unwrap())
    }
}

struct Postgres(String);

impl Backend for Postgres {
    fn open(&self) -> Arc<dyn Store> {
        Arc::new(PostgresStore::open(&self.0).unwrap())
    }
}

/// Each case once per backend: `sqlite::case` and `postgres::case`.
macro_rules! contract {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $case() {
                super::$case(&super::Sqlite(tempfile::tempdir().unwrap()));
            })*
        }
        mod postgres {
            $(#[test]
            fn $case() {
                if let Some(url) = concord_local_postgres::LocalPostgres::database_for_test() {
                    super::$case(&super::Postgres(url));
                }
            })*
        }
    };
}

contract!(
    chunks_survive_a_reopen_in_order_and_per_document,
    documents_are_listed_in_id_order,
    sequence_numbers_rise_per_document_across_compactions,
    compaction_replaces_only_the_covered_chunks_of_its_document,
    a_stale_compaction_changes_nothing,
    the_storage_id_is_made_once_and_kept,
    writers_on_many_threads_all_land_in_their_order,
);

fn doc(n: u8) -> DocumentId {
    DocumentId::from_bytes([n; 16])
}

fn chunk(n: u8, data: &[u8]) -> NewChunk {
    NewChunk {
        doc: doc(n),
        data: data.to_vec(),
    }
}

fn data(stored: &StoredDoc) -> Vec<&[u8]> {
    stored.chunks.iter().map(|c| c.data.as_slice()).collect()
}

fn chunks_survive_a_reopen_in_order_and_per_document(backend: &dyn Backend) {
    {
        let store = backend.open();
        store.check().unwrap();
        store
            .append(&[chunk(1, b"first"), chunk(2, b"other")])
            .unwrap();
        store.append(&[chunk(1, b"second")]).unwrap();
    }
    let store = backend.open();
    let one = store.load(&doc(1)).unwrap().unwrap();
    assert_eq!(one.snapshot, None);
    assert_eq!(data(&one), [b"first".as_slice(), b"second"]);
    assert_eq!(data(&store.load(&doc(2)).unwrap().unwrap()), [b"other"]);
    assert_eq!(store.load(&doc(3)).unwrap(), None);
    assert!(store.has(&doc(1)).unwrap());
    assert!(!store.has(&doc(3)).unwrap());
}

fn documents_are_listed_in_id_order(backend: &dyn Backend) {
    let store = backend.open();
    assert_eq!(store.list().unwrap(), []);
    // Base58 text sorts these differently from their bytes.
    let ids = [
        DocumentId::from_bytes([0xff; 16]),
        DocumentId::from_bytes([0; 16]),
        DocumentId::from_bytes([0x3a; 16]),
        DocumentId::from_bytes([0x39; 16]),
    ];
    for id in ids {
        store
            .append(&[NewChunk {
                doc: id,
                data: b"x".to_vec(),
            }])
            .unwrap();
    }
    let mut sorted = ids;
    sorted.sort();
    assert_eq!(store.list().unwrap(), sorted);
}

fn sequence_numbers_rise_per_document_across_compactions(backend: &dyn Backend) {
    let store = backend.open();
    let first = store
        .append(&[chunk(1, b"a"), chunk(2, b"x"), chunk(1, b"b")])
        .unwrap();
    assert_eq!(first.len(), 3);
    assert!(first[0] < first[2], "{first:?}");
    assert_eq!(
        store
            .compact(&doc(1), b"snap-ab", &[first[0], first[2]])
            .unwrap(),
        Compaction::Written
    );
    let later = store.append(&[chunk(1, b"c")]).unwrap();
    assert!(later[0] > first[2], "{first:?} then {later:?}");
    let one = store.load(&doc(1)).unwrap().unwrap();
    assert_eq!(one.chunks.len(), 1);
    assert_eq!(one.chunks[0].seq, later[0]);
}

fn compaction_replaces_only_the_covered_chunks_of_its_document(backend: &dyn Backend) {
    let store = backend.open();
    let seqs = store
        .append(&[chunk(1, b"a"), chunk(1, b"b"), chunk(2, b"x")])
        .unwrap();
    // Appended after the compactor read the document: not covered.
    store.append(&[chunk(1, b"c")]).unwrap();
    store.compact(&doc(1), b"snap-ab", &seqs[..2]).unwrap();
    let one = store.load(&doc(1)).unwrap().unwrap();
    assert_eq!(one.snapshot.as_deref(), Some(b"snap-ab".as_slice()));
    assert_eq!(data(&one), [b"c"]);
    let two = store.load(&doc(2)).unwrap().unwrap();
    assert_eq!(two.snapshot, None);
    assert_eq!(data(&two), [b"x"]);
    // Document 2's chunk is not document 1's, whatever its number.
    assert_eq!(
        store.compact(&doc(1), b"snap-abx", &[seqs[2]]).unwrap(),
        Compaction::Stale
    );
    assert_eq!(data(&store.load(&doc(2)).unwrap().unwrap()), [b"x"]);
    assert_eq!(store.list().unwrap(), [doc(1), doc(2)]);
}

fn a_stale_compaction_changes_nothing(backend: &dyn Backend) {
    let store = backend.open();
    let seqs = store.append(&[chunk(1, b"a"), chunk(1, b"b")]).unwrap();
    // Two compactors read the document; the one that read more commits first.
    assert_eq!(
        store.compact(&doc(1), b"snap-ab", &seqs).unwrap(),
        Compaction::Written
    );
    assert_eq!(
        store.compact(&doc(1), b"snap-a", &seqs[..1]).unwrap(),
        Compaction::Stale
    );
    let one = store.load(&doc(1)).unwrap().unwrap();
    assert_eq!(one.snapshot.as_deref(), Some(b"snap-ab".as_slice()));
    assert!(one.chunks.is_empty());

    // Only some of its chunks gone: it deletes none of the others either.
    let seqs = store
        .append(&[chunk(1, b"c"), chunk(1, b"d"), chunk(1, b"e")])
        .unwrap();
    assert_eq!(
        store.compact(&doc(1), b"snap-abd", &seqs[1..2]).unwrap(),
        Compaction::Written
    );
    assert_eq!(
        store.compact(&doc(1), b"snap-abcde", &seqs).unwrap(),
        Compaction::Stale
    );
    let one = store.load(&doc(1)).unwrap().unwrap();
    assert_eq!(one.snapshot.as_deref(), Some(b"snap-abd".as_slice()));
    assert_eq!(data(&one), [b"c".as_slice(), b"e"]);
}

fn the_storage_id_is_made_once_and_kept(backend: &dyn Backend) {
    let first = backend.open().storage_id().unwrap();
    let store = backend.open();
    assert_eq!(store.storage_id().unwrap(), first);
    assert_eq!(store.storage_id().unwrap(), first);
}

fn writers_on_many_threads_all_land_in_their_order(backend: &dyn Backend) {
    const THREADS: u8 = 4;
    const BATCHES: u8 = 40;
    let store = backend.open();
    std::thread::scope(|scope| {
        for thread in 0..THREADS {
            let store = store.clone();
            scope.spawn(move || {
                for n in 0..BATCHES {
                    // Every batch writes both documents, in an order that differs by thread.
                    let (a, b) = if (thread + n) % 2 == 0 {
                        (1, 2)
                    } else {
                        (2, 1)
                    };
                    store
                        .append(&[chunk(a, &[thread, n]), chunk(b, &[thread, n])])
                        .unwrap();
                }
            });
        }
    });
    for id in [1, 2] {
        let stored = store.load(&doc(id)).unwrap().unwrap();
        assert_eq!(
            stored.chunks.len(),
            usize::from(THREADS) * usize::from(BATCHES)
        );
        assert!(stored.chunks.windows(2).all(|w| w[0].seq < w[1].seq));
        for thread in 0..THREADS {
            let order: Vec<u8> = stored
                .chunks
                .iter()
                .filter(|c| c.data[0] == thread)
                .map(|c| c.data[1])
                .collect();
            assert_eq!(order, (0..BATCHES).collect::<Vec<_>>(), "thread {thread}");
        }
    }
}
