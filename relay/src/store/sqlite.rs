use std::{
    path::{Path, PathBuf},
    sync::{Mutex, MutexGuard},
};

use concord_sync::DocumentId;
use rusqlite::{Connection, OptionalExtension as _, params};

use super::StoreError;

/// Each entry brings the schema from the version before it to its own index + 1.
const MIGRATIONS: &[&str] = &["CREATE TABLE doc_chunks (
        seq    INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id TEXT    NOT NULL,
        data   BLOB    NOT NULL
    );
    CREATE INDEX doc_chunks_by_doc ON doc_chunks (doc_id, seq);"];

const FILE_NAME: &str = "concord.sqlite3";

/// The embedded store: one SQLite file in the data directory, in WAL mode with
/// full syncs, so a committed write survives a crash or power loss.
pub struct SqliteStore {
    path: PathBuf,
    conn: Mutex<Connection>,
}

impl SqliteStore {
    /// Opens (creating if needed) the store in `dir`, bringing its schema up to date.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_owned(),
            source,
        })?;
        let path = dir.join(FILE_NAME);
        let conn = Connection::open(&path).map_err(|source| StoreError::Open {
            path: path.clone(),
            source,
        })?;
        let unreadable = |source| StoreError::Unreadable {
            path: path.clone(),
            source,
        };
        // A file that is not SQLite is only noticed on the first statement.
        conn.query_row("PRAGMA journal_mode = WAL", [], |row| {
            row.get::<_, String>(0)
        })
        .map_err(unreadable)?;
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
            .map_err(unreadable)?;
        migrate(&conn, &path)?;
        Ok(Self {
            path,
            conn: Mutex::new(conn),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Proves the database answers.
    pub fn check(&self) -> Result<(), StoreError> {
        self.conn()?
            .query_row("SELECT count(*) FROM doc_chunks", [], |_| Ok(()))?;
        Ok(())
    }

    /// Appends a chunk (a change or a snapshot) to a document; durable when this returns.
    pub fn append_chunk(&self, doc: &DocumentId, data: &[u8]) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO doc_chunks (doc_id, data) VALUES (?1, ?2)",
            params![doc.to_string(), data],
        )?;
        Ok(())
    }

    /// A document's chunks in the order they were appended; empty for an unknown document.
    pub fn load_chunks(&self, doc: &DocumentId) -> Result<Vec<Vec<u8>>, StoreError> {
        let conn = self.conn()?;
        let mut statement =
            conn.prepare_cached("SELECT data FROM doc_chunks WHERE doc_id = ?1 ORDER BY seq")?;
        let chunks = statement
            .query_map([doc.to_string()], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(chunks)
    }

    fn conn(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        self.conn.lock().map_err(|_| StoreError::Poisoned)
    }
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

    fn doc(n: u8) -> DocumentId {
        DocumentId::from_bytes([n; 16])
    }

    #[test]
    fn creates_the_data_directory_and_a_wal_database() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("nested/data");
        let store = SqliteStore::open(&dir).unwrap();
        store.check().unwrap();
        assert!(store.path().is_file());
        let mode: String = store
            .conn()
            .unwrap()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn chunks_survive_a_reopen_in_order_and_per_document() {
        let tmp = tempfile::tempdir().unwrap();
        {
            let store = SqliteStore::open(tmp.path()).unwrap();
            store.append_chunk(&doc(1), b"first").unwrap();
            store.append_chunk(&doc(2), b"other").unwrap();
            store.append_chunk(&doc(1), b"second").unwrap();
        }
        let store = SqliteStore::open(tmp.path()).unwrap();
        assert_eq!(
            store.load_chunks(&doc(1)).unwrap(),
            [b"first".to_vec(), b"second".to_vec()]
        );
        assert_eq!(store.load_chunks(&doc(2)).unwrap(), [b"other".to_vec()]);
        assert!(store.load_chunks(&doc(3)).unwrap().is_empty());
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
