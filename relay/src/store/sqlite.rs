use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
    sync::{Mutex, MutexGuard},
};

use concord_sync::{DocumentId, StorageId};
use rusqlite::{Connection, OptionalExtension as _, params};

use super::{ChunkSeq, Compaction, NewChunk, Store, StoreError, StoredChunk, StoredDoc};

/// Each entry brings the schema from the version before it to its own index + 1.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE doc_chunks (
        seq    INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id TEXT    NOT NULL,
        data   BLOB    NOT NULL
    );
    CREATE INDEX doc_chunks_by_doc ON doc_chunks (doc_id, seq);",
    // One compacted snapshot per document; its chunks were deleted in the
    // same transaction that wrote it.
    "CREATE TABLE doc_snapshots (
        doc_id TEXT PRIMARY KEY NOT NULL,
        data   BLOB NOT NULL
    ) WITHOUT ROWID;",
    "CREATE TABLE relay_meta (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) WITHOUT ROWID;",
];

const FILE_NAME: &str = "concord.sqlite3";

/// The embedded store: one SQLite file in the data directory, in WAL mode with
/// full syncs, so a committed write survives a crash or power loss.
///
/// Writes and reads use separate connections: in WAL mode a load never waits
/// for the writer's fsync.
pub struct SqliteStore {
    path: PathBuf,
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
}

impl SqliteStore {
    /// Opens (creating if needed) the store in `dir`, bringing its schema up to date.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_owned(),
            source,
        })?;
        let path = dir.join(FILE_NAME);
        let writer = connect(&path)?;
        migrate(&writer, &path)?;
        let reader = connect(&path)?;
        Ok(Self {
            path,
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
        })
    }

    /// Whether `dir` holds a store (without creating one).
    pub fn exists_in(dir: &Path) -> bool {
        dir.join(FILE_NAME).is_file()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn writer(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        self.writer.lock().map_err(|_| StoreError::Poisoned)
    }

    fn reader(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        self.reader.lock().map_err(|_| StoreError::Poisoned)
    }
}

impl Store for SqliteStore {
    fn load(&self, doc: &DocumentId) -> Result<Option<StoredDoc>, StoreError> {
        let mut conn = self.reader()?;
        let key = doc.to_string();
        // One read transaction, so a compaction committing in between cannot
        // make us see the new snapshot without the chunks, or neither.
        let tx = conn.transaction()?;
        let snapshot: Option<Vec<u8>> = tx
            .query_row(
                "SELECT data FROM doc_snapshots WHERE doc_id = ?1",
                [&key],
                |row| row.get(0),
            )
            .optional()?;
        let chunks: Vec<StoredChunk> = {
            let mut statement = tx.prepare_cached(
                "SELECT seq, data FROM doc_chunks WHERE doc_id = ?1 ORDER BY seq",
            )?;
            statement
                .query_map([&key], |row| {
                    Ok(StoredChunk {
                        seq: row.get(0)?,
                        data: row.get(1)?,
                    })
                })?
                .collect::<Result<_, _>>()?
        };
        tx.finish()?;
        Ok(StoredDoc::found(snapshot, chunks))
    }

    fn has(&self, doc: &DocumentId) -> Result<bool, StoreError> {
        let key = doc.to_string();
        let found = self.reader()?.query_row(
            "SELECT EXISTS (SELECT 1 FROM doc_snapshots WHERE doc_id = ?1)
                 OR EXISTS (SELECT 1 FROM doc_chunks WHERE doc_id = ?1)",
            [&key],
            |row| row.get(0),
        )?;
        Ok(found)
    }

    fn list(&self) -> Result<Vec<DocumentId>, StoreError> {
        let conn = self.reader()?;
        let mut statement =
            conn.prepare("SELECT doc_id FROM doc_snapshots UNION SELECT doc_id FROM doc_chunks")?;
        let texts = statement
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut docs = texts
            .into_iter()
            .map(|text| {
                text.parse()
                    .map_err(|source| StoreError::BadDocumentId { text, source })
            })
            .collect::<Result<Vec<DocumentId>, _>>()?;
        // Base58 text sorts differently from the bytes it stands for.
        docs.sort_unstable();
        Ok(docs)
    }

    fn append(&self, chunks: &[NewChunk]) -> Result<Vec<ChunkSeq>, StoreError> {
        let mut conn = self.writer()?;
        let tx = conn.transaction()?;
        let mut seqs = Vec::with_capacity(chunks.len());
        {
            let mut insert =
                tx.prepare_cached("INSERT INTO doc_chunks (doc_id, data) VALUES (?1, ?2)")?;
            for chunk in chunks {
                insert.execute(params![chunk.doc.to_string(), chunk.data])?;
                seqs.push(tx.last_insert_rowid());
            }
        }
        tx.commit()?;
        Ok(seqs)
    }

    fn compact(
        &self,
        doc: &DocumentId,
        snapshot: &[u8],
        covered: &[ChunkSeq],
    ) -> Result<Compaction, StoreError> {
        let key = doc.to_string();
        let covered: BTreeSet<ChunkSeq> = covered.iter().copied().collect();
        let mut conn = self.writer()?;
        let tx = conn.transaction()?;
        {
            let mut delete =
                tx.prepare_cached("DELETE FROM doc_chunks WHERE seq = ?1 AND doc_id = ?2")?;
            for seq in &covered {
                if delete.execute(params![seq, key])? == 0 {
                    // Dropping `tx` rolls back what was deleted so far.
                    return Ok(Compaction::Stale);
                }
            }
        }
        tx.execute(
            "INSERT INTO doc_snapshots (doc_id, data) VALUES (?1, ?2)
             ON CONFLICT (doc_id) DO UPDATE SET data = excluded.data",
            params![key, snapshot],
        )?;
        tx.commit()?;
        Ok(Compaction::Written)
    }

    fn storage_id(&self) -> Result<StorageId, StoreError> {
        let fresh = uuid::Uuid::new_v4().to_string();
        let conn = self.writer()?;
        conn.execute(
            "INSERT OR IGNORE INTO relay_meta (key, value) VALUES ('storage_id', ?1)",
            [&fresh],
        )?;
        let text: String = conn.query_row(
            "SELECT value FROM relay_meta WHERE key = 'storage_id'",
            [],
            |row| row.get(0),
        )?;
        text.parse().map_err(|_| StoreError::BadStorageId(text))
    }

    fn check(&self) -> Result<(), StoreError> {
        self.reader()?
            .query_row("SELECT count(*) FROM doc_chunks", [], |_| Ok(()))?;
        Ok(())
    }
}

fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path).map_err(|source| StoreError::Open {
        path: path.to_owned(),
        source,
    })?;
    let unreadable = |source| StoreError::Unreadable {
        path: path.to_owned(),
        source,
    };
    // A file that is not SQLite is only noticed on the first statement.
    conn.query_row("PRAGMA journal_mode = WAL", [], |row| {
        row.get::<_, String>(0)
    })
    .map_err(unreadable)?;
    // The writer's commit and the compactor's may overlap with a read; wait
    // rather than fail.
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(unreadable)?;
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
        .map_err(unreadable)?;
    Ok(conn)
}

fn migrate(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let unreadable = |source| StoreError::Unreadable {
        path: path.to_owned(),
        source,
    };
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .optional()
        .map_err(unreadable)?
        .unwrap_or(0);
    let known = MIGRATIONS.len() as i64;
    if found > known {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found,
            known,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = index as i64 + 1;
        // Schema and version change in one transaction: a crash leaves either both or neither.
        conn.execute_batch(&format!(
            "BEGIN; {sql}; PRAGMA user_version = {version}; COMMIT;"
        ))
        .map_err(unreadable)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_the_data_directory_and_a_wal_database() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("nested/data");
        let store = SqliteStore::open(&dir).unwrap();
        store.check().unwrap();
        assert!(store.path().is_file());
        let mode: String = store
            .reader()
            .unwrap()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_damaged_document_id_in_the_database_is_a_clear_error() {
        let tmp = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(tmp.path()).unwrap();
        store
            .writer()
            .unwrap()
            .execute(
                "INSERT INTO doc_chunks (doc_id, data) VALUES ('not-an-id', x'00')",
                [],
            )
            .unwrap();
        let error = store.list().unwrap_err();
        assert!(matches!(error, StoreError::BadDocumentId { .. }), "{error}");
    }

    #[test]
    fn a_file_that_is_not_sqlite_is_a_clear_error() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join(FILE_NAME), vec![0x5a; 8192]).unwrap();
        let error = SqliteStore::open(tmp.path())
            .err()
            .expect("garbage is refused");
        assert!(matches!(error, StoreError::Unreadable { .. }), "{error}");
        assert!(error.to_string().contains("move it aside"), "{error}");
    }

    #[test]
    fn a_newer_schema_is_refused_not_downgraded() {
        let tmp = tempfile::tempdir().unwrap();
        SqliteStore::open(tmp.path()).unwrap();
        let conn = Connection::open(tmp.path().join(FILE_NAME)).unwrap();
        conn.execute_batch("PRAGMA user_version = 99").unwrap();
        drop(conn);
        let error = SqliteStore::open(tmp.path())
            .err()
            .expect("newer schema is refused");
        assert!(
            matches!(error, StoreError::TooNew { found: 99, .. }),
            "{error}"
        );
    }

    #[test]
    fn a_data_path_that_is_a_file_is_a_clear_error() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("not-a-dir");
        std::fs::write(&file, b"x").unwrap();
        let error = SqliteStore::open(&file)
            .err()
            .expect("a file is not a directory");
        assert!(matches!(error, StoreError::CreateDir { .. }), "{error}");
    }
}
