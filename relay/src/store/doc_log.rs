use std::sync::Arc;

use concord_sync::DocumentId;
use deadpool_postgres::{Pool, Transaction};
use tokio::sync::oneshot;
use tokio_postgres::IsolationLevel;

use super::{
    ChunkSeq, StoreError, StoredChunk, StoredDoc,
    postgres_store::{begin_write, document_id, key},
};
use crate::postgres::{PostgresDb, PostgresError};

/// What a room lacks of a document that other relays wrote: the stored
/// parts to apply (changes back to back, or a snapshot and the chunks after
/// it when compaction folded some of the missing ones), and the sequence
/// number the document has once they are applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Missed {
    pub chunks: Vec<Vec<u8>>,
    pub seq: ChunkSeq,
}

/// The order of each document's writes when relays share one PostgreSQL
/// database, for their rooms: a load with the sequence number it reaches,
/// what was written after a number, the latest numbers of many documents
/// in one query, and a write that holds the document's row lock while the
/// room catches up and judges its batch ([`LockedDoc`]).
///
/// Async: called by room actors; the queries run on the database's runtime.
#[derive(Clone)]
pub struct DocLog {
    db: Arc<PostgresDb>,
}

type Finish = Option<Vec<u8>>;

/// A document's row, locked (`FOR UPDATE`) by this relay: no other relay
/// writes the document until [`LockedDoc::commit`]. `missed` is what other
/// relays wrote after the room's sequence number, read under the lock.
pub struct LockedDoc {
    pub missed: Missed,
    finish: oneshot::Sender<Finish>,
    done: oneshot::Receiver<Result<Option<ChunkSeq>, PostgresError>>,
}

impl DocLog {
    pub(super) fn new(db: Arc<PostgresDb>) -> Self {
        Self { db }
    }

    /// The document as stored and the sequence number that reaches, read
    /// in one snapshot of the database; `(None, 0)` for a document never stored.
    pub async fn load(&self, doc: DocumentId) -> Result<(Option<StoredDoc>, ChunkSeq), StoreError> {
        let pool = self.db.pool();
        let key = key(&doc);
        Ok(self
            .db
            .run_async(async move {
                let mut client = pool.get().await?;
                let tx = begin_read(&mut client).await?;
                let Some(latest) = latest_of(&tx, &key).await? else {
                    return Ok((None, 0));
                };
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
                Ok((StoredDoc::found(snapshot, chunks), latest))
            })
            .await?)
    }

    /// What was written to the document after `held`, without a lock: a
    /// room catching up outside its own writes.
    pub async fn since(&self, doc: DocumentId, held: ChunkSeq) -> Result<Missed, StoreError> {
        let pool = self.db.pool();
        let key = key(&doc);
        Ok(self
            .db
            .run_async(async move {
                let mut client = pool.get().await?;
                let tx = begin_read(&mut client).await?;
                let latest = latest_of(&tx, &key).await?.unwrap_or(0);
                let missed = missed_since(&tx, &key, held, latest).await?;
                tx.commit().await?;
                Ok(missed)
            })
            .await?)
    }

    /// The latest sequence number of each of `docs` that is stored, in one
    /// query: the periodic check of every open room.
    pub async fn latest(
        &self,
        docs: Vec<DocumentId>,
    ) -> Result<Vec<(DocumentId, ChunkSeq)>, StoreError> {
        let pool = self.db.pool();
        let keys: Vec<Vec<u8>> = docs.iter().map(key).collect();
        let rows = self
            .db
            .run_async(async move {
                let client = pool.get().await?;
                let latest = client
                    .prepare_cached(
                        "SELECT doc_id, last_seq FROM documents WHERE doc_id = ANY ($1)",
                    )
                    .await?;
                let rows = client.query(&latest, &[&keys]).await?;
                rows.iter()
                    .map(|row| Ok((row.try_get::<_, Vec<u8>>(0)?, row.try_get(1)?)))
                    .collect::<Result<Vec<(Vec<u8>, ChunkSeq)>, PostgresError>>()
            })
            .await?;
        rows.into_iter()
            .map(|(id, seq)| Ok((document_id(id)?, seq)))
            .collect()
    }

    /// Locks the document's row and reads what others wrote after `held`.
    /// The lock is held until the answer's [`LockedDoc::commit`] (or its drop).
    pub async fn lock(&self, doc: DocumentId, held: ChunkSeq) -> Result<LockedDoc, StoreError> {
        let (locked, on_locked) = oneshot::channel();
        let (finish, on_finish) = oneshot::channel();
        let (finished, done) = oneshot::channel();
        let pool = self.db.pool();
        let key = key(&doc);
        self.db.spawn(async move {
            let _ = finished.send(write_locked(pool, key, held, locked, on_finish).await);
        });
        match on_locked.await {
            Ok(missed) => Ok(LockedDoc {
                missed,
                finish,
                done,
            }),
            // The write ended before the lock: its answer says why.
            Err(_) => Err(match done.await {
                Ok(Err(error)) => error.into(),
                _ => PostgresError::Stopped.into(),
            }),
        }
    }
}

impl LockedDoc {
    /// Appends `chunk` with the document's next sequence number and
    /// commits (`synchronous_commit` on: durable when this returns `Ok`),
    /// or, with no chunk, only lets go of the lock. The number it took.
    pub async fn commit(self, chunk: Option<Vec<u8>>) -> Result<Option<ChunkSeq>, StoreError> {
        if self.finish.send(chunk).is_err() {
            return Err(PostgresError::Stopped.into());
        }
        Ok(self.done.await.unwrap_or(Err(PostgresError::Stopped))?)
    }
}

/// The write [`DocLog::lock`] starts: lock, tell what was missed, wait for
/// the room's chunk, append and commit. A room that goes away rolls it back.
async fn write_locked(
    pool: Pool,
    key: Vec<u8>,
    held: ChunkSeq,
    locked: oneshot::Sender<Missed>,
    finish: oneshot::Receiver<Finish>,
) -> Result<Option<ChunkSeq>, PostgresError> {
    let mut client = pool.get().await?;
    let tx = begin_write(&mut client).await?;
    // Statements prepared once per connection: each costs one round trip
    // here, not two, and a write is on every edit's path.
    let lock = tx
        .prepare_cached("SELECT last_seq FROM documents WHERE doc_id = $1 FOR UPDATE")
        .await?;
    let latest: ChunkSeq = match tx.query_opt(&lock, &[&key]).await? {
        Some(row) => row.try_get(0)?,
        // A new document: its row first (a relay creating it at the same
        // time waits here for the other's commit), then the same lock.
        None => {
            let create = tx
                .prepare_cached(
                    "INSERT INTO documents (doc_id) VALUES ($1) ON CONFLICT (doc_id) DO NOTHING",
                )
                .await?;
            tx.execute(&create, &[&key]).await?;
            tx.query_one(&lock, &[&key]).await?.try_get(0)?
        }
    };
    let missed = missed_since(&tx, &key, held, latest).await?;
    if locked.send(missed).is_err() {
        tx.rollback().await?;
        return Ok(None);
    }
    let Ok(Some(chunk)) = finish.await else {
        tx.rollback().await?;
        return Ok(None);
    };
    let seq = latest + 1;
    let append = tx
        .prepare_cached(
            "WITH appended AS (
                 INSERT INTO doc_chunks (doc_id, seq, data) VALUES ($1, $2, $3)
             )
             UPDATE documents SET last_seq = $2 WHERE doc_id = $1",
        )
        .await?;
    tx.execute(&append, &[&key, &seq, &chunk]).await?;
    tx.commit().await?;
    Ok(Some(seq))
}

/// A read-only transaction on one snapshot: a compaction committing in
/// between cannot show a new snapshot beside the chunks it replaced.
async fn begin_read(
    client: &mut deadpool_postgres::Client,
) -> Result<Transaction<'_>, PostgresError> {
    Ok(client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await?)
}

async fn latest_of(tx: &Transaction<'_>, key: &[u8]) -> Result<Option<ChunkSeq>, PostgresError> {
    let latest = tx
        .prepare_cached("SELECT last_seq FROM documents WHERE doc_id = $1")
        .await?;
    match tx.query_opt(&latest, &[&key]).await? {
        Some(row) => Ok(Some(row.try_get(0)?)),
        None => Ok(None),
    }
}

/// The chunks numbered `held + 1 ..= latest`; when compaction folded some
/// of them into the snapshot, the snapshot and every chunk instead (in one
/// statement, so one view of the database), which Automerge takes as well:
/// it skips what the room already holds.
async fn missed_since(
    tx: &Transaction<'_>,
    key: &[u8],
    held: ChunkSeq,
    latest: ChunkSeq,
) -> Result<Missed, PostgresError> {
    if latest <= held {
        return Ok(Missed {
            chunks: Vec::new(),
            seq: held,
        });
    }
    let after = tx
        .prepare_cached(
            "SELECT data FROM doc_chunks WHERE doc_id = $1 AND seq > $2 AND seq <= $3
             ORDER BY seq",
        )
        .await?;
    let rows = tx.query(&after, &[&key, &held, &latest]).await?;
    // Numbers are unique per document, so as many rows as numbers is all of them.
    let rows = if rows.len() as i64 == latest - held {
        rows
    } else {
        tx.query(
            "SELECT data FROM (
                 SELECT 0::int8 AS seq, data FROM doc_snapshots WHERE doc_id = $1
                 UNION ALL
                 SELECT seq, data FROM doc_chunks WHERE doc_id = $1 AND seq <= $2
             ) AS parts ORDER BY seq",
            &[&key, &latest],
        )
        .await?
    };
    let chunks = rows
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<Vec<Vec<u8>>, _>>()?;
    Ok(Missed {
        chunks,
        seq: latest,
    })
}
