use std::{
    collections::{BTreeSet, HashMap},
    sync::Arc,
};

use concord_sync::{DocumentId, StorageId};
use deadpool_postgres::Pool;
use tokio_postgres::IsolationLevel;

use super::{ChunkSeq, Compaction, DocLog, NewChunk, Store, StoreError, StoredChunk, StoredDoc};
use crate::postgres::{PostgresDb, PostgresError};

/// Documents in PostgreSQL, for relays that share one workspace.
///
/// Each document has a row in `documents`; a write locks the rows of the
/// documents it touches (`FOR UPDATE`, in id order, so two relays writing
/// the same documents cannot deadlock), takes the next sequence numbers of
/// each, inserts the chunks and commits with `synchronous_commit` on. The
/// caller hears `Ok` only after that commit: an acknowledgement still means
/// the change is durable.
pub struct PostgresStore {
    db: Arc<PostgresDb>,
}

impl PostgresStore {
    /// Connects to the database at `url`, bringing its schema up to date.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        Ok(Self {
            db: Arc::new(PostgresDb::open(url)?),
        })
    }

    /// The documents' write order, for rooms of relays that share this
    /// database (see [`DocLog`]).
    pub fn doc_log(&self) -> DocLog {
        DocLog::new(self.db.clone())
    }

    /// The database itself, for what else the relay keeps there (accounts).
    pub fn database(&self) -> Arc<PostgresDb> {
        self.db.clone()
    }

    /// The server and database, without the password.
    pub fn server(&self) -> &str {
        self.db.server()
    }

    fn run<T, F>(&self, work: impl FnOnce(Pool) -> F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: Future<Output = Result<T, PostgresError>> + Send + 'static,
    {
        Ok(self.db.run(work(self.db.pool()))?)
    }
}

impl Store for PostgresStore {
    fn load(&self, doc: &DocumentId) -> Result<Option<StoredDoc>, StoreError> {
        let key = key(doc);
        self.run(|pool| async move {
            let mut client = pool.get().await?;
            // One snapshot of the database: a compaction committing in between
            // cannot show us the new snapshot beside the chunks it replaced.
            let tx = client
                .build_transaction()
                .isolation_level(IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .await?;
            let snapshot: Option<Vec<u8>> = match tx
                .query_opt("SELECT data FROM doc_snapshots WHERE doc_id = $1", &[&key])
                .await?
            {
                Some(row) => Some(row.try_get(0)?),
                None => None,
            };
            let chunks = tx
                .query(
                    "SELECT seq, data FROM doc_chunks WHERE doc_id = $1 ORDER BY seq",
                    &[&key],
                )
                .await?
                .iter()
                .map(|row| {
                    Ok(StoredChunk {
                        seq: row.try_get(0)?,
                        data: row.try_get(1)?,
                    })
                })
                .collect::<Result<Vec<_>, tokio_postgres::Error>>()?;
            tx.commit().await?;
            Ok(StoredDoc::found(snapshot, chunks))
        })
    }

    fn has(&self, doc: &DocumentId) -> Result<bool, StoreError> {
        let key = key(doc);
        self.run(|pool| async move {
            let client = pool.get().await?;
            let row = client
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM documents WHERE doc_id = $1)",
                    &[&key],
                )
                .await?;
            Ok(row.try_get(0)?)
        })
    }

    fn list(&self) -> Result<Vec<DocumentId>, StoreError> {
        let keys = self.run(|pool| async move {
            let client = pool.get().await?;
            client
                .query("SELECT doc_id FROM documents ORDER BY doc_id", &[])
                .await?
                .iter()
                .map(|row| row.try_get::<_, Vec<u8>>(0))
                .collect::<Result<Vec<_>, _>>()
                .map_err(PostgresError::from)
        })?;
        keys.into_iter().map(document_id).collect()
    }

    fn append(&self, chunks: &[NewChunk]) -> Result<Vec<ChunkSeq>, StoreError> {
        if chunks.is_empty() {
            return Ok(Vec::new());
        }
        let chunks = chunks.to_vec();
        self.run(|pool| async move {
            let mut client = pool.get().await?;
            let tx = begin_write(&mut client).await?;
            // Byte order, as PostgreSQL sorts bytea: every writer locks in the same order.
            let docs: BTreeSet<DocumentId> = chunks.iter().map(|chunk| chunk.doc).collect();
            let keys: Vec<Vec<u8>> = docs.iter().map(key).collect();
            // Prepared once per connection: one round trip each, not two.
            let create = tx
                .prepare_cached(
                    "INSERT INTO documents (doc_id)
                     SELECT id FROM unnest($1::bytea[]) AS ids (id) ORDER BY id
                     ON CONFLICT (doc_id) DO NOTHING",
                )
                .await?;
            tx.execute(&create, &[&keys]).await?;
            let lock = tx
                .prepare_cached(
                    "SELECT doc_id, last_seq FROM documents WHERE doc_id = ANY ($1)
                     ORDER BY doc_id FOR UPDATE",
                )
                .await?;
            let locked = tx.query(&lock, &[&keys]).await?;
            let mut last_seq = HashMap::with_capacity(locked.len());
            for row in &locked {
                let id: Vec<u8> = row.try_get(0)?;
                let seq: i64 = row.try_get(1)?;
                last_seq.insert(id, seq);
            }
            let mut seqs = Vec::with_capacity(chunks.len());
            let mut chunk_keys = Vec::with_capacity(chunks.len());
            let mut datas = Vec::with_capacity(chunks.len());
            for chunk in chunks {
                let chunk_key = key(&chunk.doc);
                let Some(last) = last_seq.get_mut(&chunk_key) else {
                    return Err(PostgresError::Query(format!(
                        "document {} has no row after it was inserted",
                        chunk.doc
                    )));
                };
                *last += 1;
                seqs.push(*last);
                chunk_keys.push(chunk_key);
                datas.push(chunk.data);
            }
            let (doc_keys, lasts): (Vec<Vec<u8>>, Vec<i64>) = last_seq.into_iter().unzip();
            let append = tx
                .prepare_cached(
                    "WITH appended AS (
                         INSERT INTO doc_chunks (doc_id, seq, data)
                         SELECT * FROM unnest($1::bytea[], $2::int8[], $3::bytea[])
                     )
                     UPDATE documents AS d SET last_seq = u.last_seq
                     FROM unnest($4::bytea[], $5::int8[]) AS u (doc_id, last_seq)
                     WHERE d.doc_id = u.doc_id",
                )
                .await?;
            tx.execute(&append, &[&chunk_keys, &seqs, &datas, &doc_keys, &lasts])
                .await?;
            tx.commit().await?;
            Ok(seqs)
        })
    }

    fn compact(
        &self,
        doc: &DocumentId,
        snapshot: &[u8],
        covered: &[ChunkSeq],
    ) -> Result<Compaction, StoreError> {
        let key = key(doc);
        let snapshot = snapshot.to_vec();
        let covered: Vec<ChunkSeq> = covered
            .iter()
            .copied()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        self.run(|pool| async move {
            let mut client = pool.get().await?;
            let tx = begin_write(&mut client).await?;
            let deleted = tx
                .execute(
                    "DELETE FROM doc_chunks WHERE doc_id = $1 AND seq = ANY ($2)",
                    &[&key, &covered],
                )
                .await?;
            // Another compaction (perhaps another relay's) folded some of them
            // first; its snapshot stands and this one, built from fewer
            // changes or from the same, is dropped.
            if deleted != covered.len() as u64 {
                tx.rollback().await?;
                return Ok(Compaction::Stale);
            }
            tx.execute(
                "INSERT INTO doc_snapshots (doc_id, data) VALUES ($1, $2)
                 ON CONFLICT (doc_id) DO UPDATE SET data = excluded.data",
                &[&key, &snapshot],
            )
            .await?;
            tx.commit().await?;
            Ok(Compaction::Written)
        })
    }

    fn storage_id(&self) -> Result<StorageId, StoreError> {
        let fresh = uuid::Uuid::new_v4().to_string();
        let text = self.run(|pool| async move {
            let client = pool.get().await?;
            client
                .execute(
                    "INSERT INTO relay_meta (key, value) VALUES ('storage_id', $1)
                     ON CONFLICT (key) DO NOTHING",
                    &[&fresh],
                )
                .await?;
            let row = client
                .query_one("SELECT value FROM relay_meta WHERE key = 'storage_id'", &[])
                .await?;
            Ok(row.try_get::<_, String>(0)?)
        })?;
        text.parse().map_err(|_| StoreError::BadStorageId(text))
    }

    fn check(&self) -> Result<(), StoreError> {
        self.run(|pool| async move {
            pool.get().await?.query_one("SELECT 1", &[]).await?;
            Ok(())
        })
    }
}

/// Writes run at read committed: the row locks, not snapshots, order them.
pub(super) async fn begin_write(
    client: &mut deadpool_postgres::Client,
) -> Result<deadpool_postgres::Transaction<'_>, PostgresError> {
    Ok(client
        .build_transaction()
        .isolation_level(IsolationLevel::ReadCommitted)
        .start()
        .await?)
}

pub(super) fn key(doc: &DocumentId) -> Vec<u8> {
    doc.as_bytes().to_vec()
}

pub(super) fn document_id(key: Vec<u8>) -> Result<DocumentId, StoreError> {
    let bytes: [u8; 16] = key
        .as_slice()
        .try_into()
        .map_err(|_| StoreError::BadDocumentKey(key.len()))?;
    Ok(DocumentId::from_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use concord_local_postgres::LocalPostgres;

    use super::*;
    use crate::postgres::SCHEMA_VERSION;

    fn doc(n: u8) -> DocumentId {
        DocumentId::from_bytes([n; 16])
    }

    /// Runs one statement on its own connection, as an operator would.
    fn execute(url: &str, sql: String) {
        let db = PostgresDb::open(url).unwrap();
        db.run({
            let pool = db.pool();
            async move {
                pool.get().await?.batch_execute(&sql).await?;
                Ok(())
            }
        })
        .unwrap();
    }

    fn show(store: &PostgresStore, setting: &'static str) -> String {
        store
            .run(|pool| async move {
                let row = pool
                    .get()
                    .await?
                    .query_one(&format!("SHOW {setting}"), &[])
                    .await?;
                Ok(row.try_get::<_, String>(0)?)
            })
            .unwrap()
    }

    #[test]
    fn two_relays_writing_the_same_documents_in_opposite_orders_never_deadlock() {
        let Some(url) = LocalPostgres::database_for_test() else {
            return;
        };
        const BATCHES: i64 = 60;
        let relays = [
            PostgresStore::open(&url).unwrap(),
            PostgresStore::open(&url).unwrap(),
        ];
        std::thread::scope(|scope| {
            for (n, relay) in relays.iter().enumerate() {
                for thread in 0..2 {
                    scope.spawn(move || {
                        let (a, b) = if (n + thread) % 2 == 0 {
                            (1, 2)
                        } else {
                            (2, 1)
                        };
                        for _ in 0..BATCHES {
                            let batch = [
                                NewChunk {
                                    doc: doc(a),
                                    data: vec![a],
                                },
                                NewChunk {
                                    doc: doc(b),
                                    data: vec![b],
                                },
                            ];
                            relay.append(&batch).unwrap();
                        }
                    });
                }
            }
        });
        // Every number taken once, none skipped: the row lock orders the writers.
        for id in [1, 2] {
            let seqs: Vec<ChunkSeq> = relays[1]
                .load(&doc(id))
                .unwrap()
                .unwrap()
                .chunks
                .iter()
                .map(|chunk| chunk.seq)
                .collect();
            assert_eq!(seqs, (1..=4 * BATCHES).collect::<Vec<_>>());
        }
    }

    #[test]
    fn every_session_commits_synchronously_whatever_the_server_default() {
        let Some(url) = LocalPostgres::database_for_test() else {
            return;
        };
        let database = url.rsplit('/').next().unwrap().to_owned();
        execute(
            &url,
            format!("ALTER DATABASE {database} SET synchronous_commit = off"),
        );
        let store = PostgresStore::open(&url).unwrap();
        assert_eq!(show(&store, "synchronous_commit"), "on");
    }

    #[test]
    fn relays_starting_together_migrate_once() {
        let Some(url) = LocalPostgres::database_for_test() else {
            return;
        };
        let stores: Vec<_> = std::thread::scope(|scope| {
            let starting: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| PostgresStore::open(&url)))
                .collect();
            starting
                .into_iter()
                .map(|start| start.join().unwrap().unwrap())
                .collect()
        });
        let ids: Vec<_> = stores.iter().map(|s| s.storage_id().unwrap()).collect();
        assert!(ids.windows(2).all(|w| w[0] == w[1]));
    }

    #[test]
    fn a_newer_schema_is_refused_not_downgraded() {
        let Some(url) = LocalPostgres::database_for_test() else {
            return;
        };
        PostgresStore::open(&url).unwrap();
        execute(&url, "UPDATE schema_version SET version = 99".into());
        let error = PostgresStore::open(&url)
            .err()
            .expect("a newer schema is refused");
        let text = error.to_string();
        assert!(
            matches!(
                error,
                StoreError::Postgres(PostgresError::TooNew { found: 99, known, .. })
                    if known == SCHEMA_VERSION
            ),
            "{text}"
        );
        assert!(text.contains("run a newer relay"), "{text}");
    }
}
