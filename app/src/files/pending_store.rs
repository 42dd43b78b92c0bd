//! Files attached in this browser that the relay does not have yet, in an
//! IndexedDB database of their own (`concord-files`): the document names a
//! file at once, its bytes wait here, through reloads and offline days,
//! until the relay has taken them.

use concord_model::{FileHash, FileRef};
use concord_sync::DocumentId;
use idb::{Database, Factory, ObjectStoreParams, TransactionMode, TransactionResult};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast as _, JsValue};

use crate::repo::IdbStoreError;

const DB_NAME: &str = "concord-files";
const PENDING: &str = "pending";
const VERSION: u32 = 1;

/// One file waiting for the relay: who attached it, to which document.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingFile {
    pub person: String,
    pub doc: DocumentId,
    pub file: FileRef,
}

pub struct PendingStore {
    db: Database,
}

impl PendingStore {
    pub async fn open() -> Result<Self, IdbStoreError> {
        let factory = Factory::new()?;
        let mut request = factory.open(DB_NAME, Some(VERSION))?;
        request.on_upgrade_needed(|event| {
            let Ok(db) = idb::DatabaseEvent::database(&event) else {
                return;
            };
            if !db.store_names().iter().any(|s| s == PENDING) {
                let _ = db.create_object_store(PENDING, ObjectStoreParams::new());
            }
        });
        Ok(Self { db: request.await? })
    }

    /// Keeps the file's bytes; durable when this returns `Ok`.
    pub async fn put(
        &self,
        pending: &PendingFile,
        bytes: &Uint8Array,
    ) -> Result<(), IdbStoreError> {
        let value = Object::new();
        let set = |key: &str, value_of: JsValue| Reflect::set(&value, &key.into(), &value_of);
        let file = &pending.file;
        let written = [
            set("person", pending.person.as_str().into()),
            set("doc", pending.doc.to_string().into()),
            set("sha256", file.sha256.as_str().into()),
            set("name", file.name.as_str().into()),
            set("type", file.media_type.as_str().into()),
            set("size", (file.size as f64).into()),
            set("bytes", bytes.into()),
        ];
        if written.iter().any(Result::is_err) {
            return Err(IdbStoreError::Unavailable(
                "a file could not be laid out".into(),
            ));
        }
        let tx = self
            .db
            .transaction(&[PENDING], TransactionMode::ReadWrite)?;
        tx.object_store(PENDING)?
            .put(&value, Some(&key(pending)))?
            .await?;
        finish(tx).await
    }

    /// Every file waiting, anyone's; a record that does not read is skipped.
    pub async fn all(&self) -> Result<Vec<PendingFile>, IdbStoreError> {
        let tx = self.db.transaction(&[PENDING], TransactionMode::ReadOnly)?;
        let values = tx.object_store(PENDING)?.get_all(None, None)?.await?;
        Ok(values.iter().filter_map(read).collect())
    }

    /// The bytes of a waiting file, if they are still here.
    pub async fn bytes(&self, pending: &PendingFile) -> Result<Option<Uint8Array>, IdbStoreError> {
        let tx = self.db.transaction(&[PENDING], TransactionMode::ReadOnly)?;
        let value = tx.object_store(PENDING)?.get(key(pending))?.await?;
        Ok(value.and_then(|v| {
            Reflect::get(&v, &"bytes".into())
                .ok()?
                .dyn_into::<Uint8Array>()
                .ok()
        }))
    }

    pub async fn remove(&self, pending: &PendingFile) -> Result<(), IdbStoreError> {
        let tx = self
            .db
            .transaction(&[PENDING], TransactionMode::ReadWrite)?;
        tx.object_store(PENDING)?.delete(key(pending))?.await?;
        finish(tx).await
    }
}

fn key(pending: &PendingFile) -> JsValue {
    let parts = Array::new();
    parts.push(&pending.person.as_str().into());
    parts.push(&pending.doc.to_string().into());
    parts.push(&pending.file.sha256.as_str().into());
    parts.into()
}

fn read(value: &JsValue) -> Option<PendingFile> {
    let text = |key: &str| Reflect::get(value, &key.into()).ok()?.as_string();
    let sha256: FileHash = text("sha256")?.parse().ok()?;
    let size = Reflect::get(value, &"size".into()).ok()?.as_f64()?;
    Some(PendingFile {
        person: text("person")?,
        doc: text("doc")?.parse().ok()?,
        file: FileRef::new(sha256, &text("name")?, size as u64, &text("type")?),
    })
}

async fn finish(tx: idb::Transaction) -> Result<(), IdbStoreError> {
    match tx.commit()?.await? {
        TransactionResult::Committed => Ok(()),
        TransactionResult::Aborted => Err(IdbStoreError::Unavailable(
            "keeping a file in this browser was aborted".into(),
        )),
    }
}
