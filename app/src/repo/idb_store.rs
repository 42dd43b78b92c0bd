//! Documents kept in this browser's IndexedDB as snapshots plus incremental chunks.

use std::cell::Cell;

use concord_sync::DocumentId;
use idb::{
    Database, DatabaseEvent as _, Factory, KeyRange, ObjectStoreParams, TransactionMode,
    TransactionResult,
};
use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast as _, JsValue};

use super::browser;
use super::{DocEntry, IdbStoreError, Part, PieceKey};

const SNAPSHOTS: &str = "snapshots";
const CHUNKS: &str = "chunks";
/// One `DocEntry` per document, keyed by the document id (version 2 on).
const DOCUMENTS: &str = "documents";
/// 2 added `documents`; upgrades only add what is missing, so any older
/// database keeps its pieces.
const VERSION: u32 = 2;

/// What `load` found: every readable piece, and one error per unreadable one.
#[derive(Debug, Default)]
pub struct Loaded {
    pub pieces: Vec<(PieceKey, Vec<u8>)>,
    pub corrupt: Vec<IdbStoreError>,
}

/// The browser's store of documents. Pieces are never rewritten in place:
/// appends add a chunk, compaction adds a snapshot and deletes only the pieces
/// its snapshot is known to cover. So two tabs writing or compacting at once
/// can duplicate work but never lose a change.
pub struct IdbStore {
    db: Database,
    appended: Cell<u64>,
}

impl IdbStore {
    /// Opens (creating on first use) the database called `name`.
    pub async fn open(name: &str) -> Result<Self, IdbStoreError> {
        Self::open_or_wait(name, || {}).await
    }

    /// As `open`; `blocked` is called if another tab holds an older version
    /// of the database open, and the open then waits until that tab lets go.
    pub async fn open_or_wait(
        name: &str,
        blocked: impl FnOnce() + 'static,
    ) -> Result<Self, IdbStoreError> {
        let factory = Factory::new()?;
        let mut request = factory.open(name, Some(VERSION))?;
        request.on_blocked(move |_| blocked());
        request.on_upgrade_needed(|event| {
            let Ok(db) = event.database() else { return };
            for store in [SNAPSHOTS, CHUNKS, DOCUMENTS] {
                if !db.store_names().iter().any(|s| s == store) {
                    let _ = db.create_object_store(store, ObjectStoreParams::new());
                }
            }
        });
        let mut db = request.await?;
        // A newer version opened in another tab must not wait for this one.
        db.on_version_change(|event| {
            if let Some(db) = event.target().and_then(|t| Database::try_from(t).ok()) {
                db.close();
            }
        });
        Ok(Self {
            db,
            appended: Cell::new(0),
        })
    }

    /// How many appends have become durable since this store was opened.
    pub fn appended(&self) -> u64 {
        self.appended.get()
    }

    /// Adds one chunk of a document; durable when this returns `Ok`.
    pub async fn append(&self, doc: DocumentId, chunk: &[u8]) -> Result<PieceKey, IdbStoreError> {
        self.append_listed(doc, chunk, None).await
    }

    /// As `append`, and in the same transaction records `entry` in the list
    /// of documents, so the list never names a change the store lacks.
    pub async fn append_listed(
        &self,
        doc: DocumentId,
        chunk: &[u8],
        entry: Option<&DocEntry>,
    ) -> Result<PieceKey, IdbStoreError> {
        let tx = self
            .db
            .transaction(&[CHUNKS, DOCUMENTS], TransactionMode::ReadWrite)?;
        let key = PieceKey {
            part: Part::Chunk,
            id: piece_id()?,
        };
        tx.object_store(CHUNKS)?
            .put(&Uint8Array::from(chunk), Some(&js_key(doc, &key.id)))?
            .await?;
        if let Some(entry) = entry {
            tx.object_store(DOCUMENTS)?
                .put(
                    &JsValue::from_str(&entry.to_json()),
                    Some(&JsValue::from_str(&entry.id.to_string())),
                )?
                .await?;
        }
        finish(tx).await?;
        self.appended.set(self.appended.get() + 1);
        Ok(key)
    }

    /// Rewrites `entry`'s line of the list alone: what changed is not the
    /// document but what the relay is known to have of it.
    pub async fn put_entry(&self, entry: &DocEntry) -> Result<(), IdbStoreError> {
        let tx = self
            .db
            .transaction(&[DOCUMENTS], TransactionMode::ReadWrite)?;
        tx.object_store(DOCUMENTS)?
            .put(
                &JsValue::from_str(&entry.to_json()),
                Some(&JsValue::from_str(&entry.id.to_string())),
            )?
            .await?;
        finish(tx).await
    }

    /// Every stored piece of `doc`, snapshots first. A piece that is not bytes
    /// is reported as `Corrupt` and the others still load.
    pub async fn load(&self, doc: DocumentId) -> Result<Loaded, IdbStoreError> {
        let tx = self
            .db
            .transaction(&[SNAPSHOTS, CHUNKS], TransactionMode::ReadOnly)?;
        let mut loaded = Loaded::default();
        for (part, name) in [(Part::Snapshot, SNAPSHOTS), (Part::Chunk, CHUNKS)] {
            let store = tx.object_store(name)?;
            let keys = store
                .get_all_keys(Some(doc_range(doc)?.into()), None)?
                .await?;
            let values = store.get_all(Some(doc_range(doc)?.into()), None)?.await?;
            for (key, value) in keys.into_iter().zip(values) {
                let id = piece_id_of(&key).unwrap_or_default();
                match value.dyn_into::<Uint8Array>() {
                    Ok(bytes) => loaded.pieces.push((PieceKey { part, id }, bytes.to_vec())),
                    Err(_) => loaded.corrupt.push(IdbStoreError::Corrupt {
                        doc,
                        detail: format!("stored piece {id} is not bytes"),
                    }),
                }
            }
        }
        finish(tx).await?;
        Ok(loaded)
    }

    /// Writes `snapshot` and deletes the pieces it covers, in one transaction:
    /// either both happen or neither does.
    pub async fn compact(
        &self,
        doc: DocumentId,
        snapshot: &[u8],
        covered: &[PieceKey],
    ) -> Result<PieceKey, IdbStoreError> {
        let tx = self
            .db
            .transaction(&[SNAPSHOTS, CHUNKS], TransactionMode::ReadWrite)?;
        let key = PieceKey {
            part: Part::Snapshot,
            id: piece_id()?,
        };
        tx.object_store(SNAPSHOTS)?
            .put(&Uint8Array::from(snapshot), Some(&js_key(doc, &key.id)))?
            .await?;
        let (snapshots, chunks) = (tx.object_store(SNAPSHOTS)?, tx.object_store(CHUNKS)?);
        for piece in covered {
            let store = match piece.part {
                Part::Snapshot => &snapshots,
                Part::Chunk => &chunks,
            };
            store.delete(js_key(doc, &piece.id))?.await?;
        }
        finish(tx).await?;
        Ok(key)
    }

    /// Forgets every stored piece of `doc` (before taking the relay's copy instead).
    pub async fn forget(&self, doc: DocumentId) -> Result<(), IdbStoreError> {
        let tx = self
            .db
            .transaction(&[SNAPSHOTS, CHUNKS], TransactionMode::ReadWrite)?;
        for name in [SNAPSHOTS, CHUNKS] {
            tx.object_store(name)?.delete(doc_range(doc)?)?.await?;
        }
        finish(tx).await
    }

    /// Every document listed in this browser, in no particular order;
    /// records that do not read back are left out.
    pub async fn entries(&self) -> Result<Vec<DocEntry>, IdbStoreError> {
        let tx = self
            .db
            .transaction(&[DOCUMENTS], TransactionMode::ReadOnly)?;
        let store = tx.object_store(DOCUMENTS)?;
        let keys = store.get_all_keys(None, None)?.await?;
        let values = store.get_all(None, None)?.await?;
        finish(tx).await?;
        Ok(keys
            .into_iter()
            .zip(values)
            .filter_map(|(key, value)| DocEntry::from_json(&key.as_string()?, &value.as_string()?))
            .collect())
    }

    /// Writes a value under `doc`'s key range as it is, for tests of damaged storage.
    #[doc(hidden)]
    pub async fn put_raw(&self, doc: DocumentId, value: &JsValue) -> Result<(), IdbStoreError> {
        let tx = self.db.transaction(&[CHUNKS], TransactionMode::ReadWrite)?;
        tx.object_store(CHUNKS)?
            .put(value, Some(&js_key(doc, &piece_id()?)))?
            .await?;
        finish(tx).await
    }

    pub fn close(&self) {
        self.db.close();
    }
}

async fn finish(tx: idb::Transaction) -> Result<(), IdbStoreError> {
    let error = tx.error();
    match tx.commit()?.await? {
        TransactionResult::Committed => Ok(()),
        TransactionResult::Aborted => Err(match error {
            Some(e) if e.name() == "QuotaExceededError" => IdbStoreError::QuotaExceeded,
            Some(e) => IdbStoreError::Unavailable(format!("{}: {}", e.name(), e.message())),
            None => IdbStoreError::Unavailable("the transaction was aborted".into()),
        }),
    }
}

fn js_key(doc: DocumentId, id: &str) -> JsValue {
    Array::of2(&JsValue::from_str(&doc.to_string()), &JsValue::from_str(id)).into()
}

/// `[doc]` sorts before every `[doc, string]` and `[doc, []]` after them.
fn doc_range(doc: DocumentId) -> Result<KeyRange, IdbStoreError> {
    let doc = JsValue::from_str(&doc.to_string());
    let lower: JsValue = Array::of1(&doc).into();
    let upper: JsValue = Array::of2(&doc, &Array::new()).into();
    Ok(KeyRange::bound(&lower, &upper, Some(false), Some(false))?)
}

fn piece_id_of(key: &JsValue) -> Option<String> {
    key.dyn_ref::<Array>()?.get(1).as_string()
}

/// Time first (zero-padded so text order is time order), then this tab's
/// count within that millisecond (so pieces one tab writes in the same
/// millisecond keep their order), then random bits so two tabs writing in
/// the same millisecond never collide.
fn piece_id() -> Result<String, IdbStoreError> {
    thread_local! {
        static LAST: std::cell::Cell<(i64, u32)> = const { std::cell::Cell::new((0, 0)) };
    }
    let random: [u8; 8] = browser::random_bytes()
        .map_err(|e| IdbStoreError::Unavailable(format!("no random numbers: {e:?}")))?;
    let now = browser::now_ms();
    let seq = LAST.with(|last| {
        let (at, seq) = last.get();
        let seq = if at == now { seq.saturating_add(1) } else { 0 };
        last.set((now, seq));
        seq
    });
    Ok(format!(
        "{now:015}-{seq:06}-{:016x}",
        u64::from_le_bytes(random)
    ))
}
