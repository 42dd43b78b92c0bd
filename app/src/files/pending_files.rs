//! The files this browser attached that the relay does not have yet: their
//! bytes wait in `PendingStore`, and go up (`PUT` to the relay) as soon as
//! the relay is reachable, again on every reconnect, until it has them.
//! Each person's files go with their own session only.

use std::{rc::Rc, time::Duration};

use concord_api::{ErrorCode, paths};
use concord_model::{FileHash, FileRef};
use concord_sync::DocumentId;
use js_sys::Uint8Array;
use leptos::prelude::*;

use super::{
    file_bytes::{ReadFailure, read_and_hash},
    pending_store::{PendingFile, PendingStore},
};
use crate::{api::CallError, repo::RepoSlot, session::Session};

/// One file waiting here.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub pending: PendingFile,
    /// The bytes as an object URL, for a picture's preview while waiting.
    pub preview: Option<String>,
    /// Why the relay would not take it: it stays here (nothing is lost)
    /// until the person removes the attachment.
    pub refused: Option<CallError>,
}

/// Why a file could not be attached.
#[derive(Debug, Clone, PartialEq)]
pub enum AttachFailure {
    Read(ReadFailure),
    /// This browser could not keep the bytes (no room, no IndexedDB).
    NotKept(String),
}

/// Shared through context from the app's start.
#[derive(Clone, Copy)]
pub struct PendingFiles {
    waiting: RwSignal<Vec<Waiting>>,
    store: StoredValue<Option<Rc<PendingStore>>, LocalStorage>,
    opened: RwSignal<Option<Result<(), String>>>,
    /// An upload round is running; `again`: start another when it ends.
    uploading: StoredValue<bool>,
    again: StoredValue<bool>,
    /// Before the next try after a failure that may pass (offline, the
    /// document not on the relay yet), doubling up to a minute.
    retry_ms: StoredValue<u64>,
}

const FIRST_RETRY_MS: u64 = 2_000;
const LAST_RETRY_MS: u64 = 60_000;

impl PendingFiles {
    pub fn provide() -> Self {
        let files = Self {
            waiting: RwSignal::new(Vec::new()),
            store: StoredValue::new_local(None),
            opened: RwSignal::new(None),
            uploading: StoredValue::new(false),
            again: StoredValue::new(false),
            retry_ms: StoredValue::new(FIRST_RETRY_MS),
        };
        provide_context(files);
        wasm_bindgen_futures::spawn_local(async move {
            let opened = match PendingStore::open().await {
                Ok(store) => {
                    files.store.set_value(Some(Rc::new(store)));
                    Ok(())
                }
                Err(e) => Err(e.to_string()),
            };
            files.opened.set(Some(opened));
        });
        let session = Session::expect();
        // The signed-in person's waiting files, read again when they change.
        Effect::new(move || {
            let person = session.person().map(|p| p.id.to_string());
            if files.opened.with(|o| matches!(o, Some(Ok(())))) {
                wasm_bindgen_futures::spawn_local(files.load(person));
            }
        });
        // Back in touch with the relay: whatever waits goes up.
        let slot = RepoSlot::expect();
        Effect::new(move || {
            let online = slot.repo().is_some_and(|repo| repo.online().get());
            if online {
                files.retry_ms.set_value(FIRST_RETRY_MS);
                files.upload();
            }
        });
        files
    }

    /// The files waiting here, where the app's shell provides them (a
    /// document shown without it, as in its tests, has none).
    pub fn here() -> Option<Self> {
        use_context()
    }

    /// The file `sha256` of `doc` if it waits here (tracked).
    pub fn waiting(&self, doc: DocumentId, sha256: &FileHash) -> Option<Waiting> {
        self.waiting.with(|all| {
            all.iter()
                .find(|w| w.pending.doc == doc && &w.pending.file.sha256 == sha256)
                .cloned()
        })
    }

    /// Keeps the file here and starts its upload; the reference to write
    /// into the document.
    pub async fn attach(
        &self,
        doc: DocumentId,
        person: &str,
        file: &web_sys::File,
    ) -> Result<FileRef, AttachFailure> {
        let (bytes, hash) = read_and_hash(file).await.map_err(AttachFailure::Read)?;
        let file = FileRef::new(hash, &file.name(), u64::from(bytes.length()), &file.type_());
        let pending = PendingFile {
            person: person.to_owned(),
            doc,
            file: file.clone(),
        };
        let store = self
            .store
            .get_value()
            .ok_or_else(|| AttachFailure::NotKept(self.unopened()))?;
        store
            .put(&pending, &bytes)
            .await
            .map_err(|e| AttachFailure::NotKept(e.to_string()))?;
        let waiting = Waiting {
            preview: preview_of(&pending.file, &bytes),
            pending,
            refused: None,
        };
        self.waiting.update(|all| {
            if !all.iter().any(|w| w.pending == waiting.pending) {
                all.push(waiting);
            }
        });
        self.upload();
        Ok(file)
    }

    /// The document no longer names the file: its bytes need not go up.
    pub fn forget(&self, doc: DocumentId, sha256: &FileHash) {
        let Some(waiting) = self.waiting(doc, sha256) else {
            return;
        };
        let files = *self;
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(store) = files.store.get_value() {
                let _ = store.remove(&waiting.pending).await;
            }
            files.done(&waiting.pending);
        });
    }

    fn unopened(&self) -> String {
        match self.opened.get_untracked() {
            Some(Err(e)) => e,
            _ => "the browser's file store is still opening".to_owned(),
        }
    }

    async fn load(self, person: Option<String>) {
        let Some(store) = self.store.get_value() else {
            return;
        };
        let mut mine = Vec::new();
        for pending in store.all().await.unwrap_or_default() {
            if Some(&pending.person) != person.as_ref() {
                continue;
            }
            let bytes = store.bytes(&pending).await.ok().flatten();
            let preview = bytes.and_then(|b| preview_of(&pending.file, &b));
            mine.push(Waiting {
                pending,
                preview,
                refused: None,
            });
        }
        for gone in self.waiting.get_untracked() {
            revoke(&gone.preview);
        }
        self.waiting.set(mine);
        self.upload();
    }

    /// Sends every waiting file the relay has not refused, one at a time.
    fn upload(self) {
        if self.uploading.get_value() {
            self.again.set_value(true);
            return;
        }
        if self
            .waiting
            .with_untracked(|w| w.iter().all(|w| w.refused.is_some()))
        {
            return;
        }
        self.uploading.set_value(true);
        wasm_bindgen_futures::spawn_local(async move {
            let mut retry = false;
            loop {
                self.again.set_value(false);
                let todo: Vec<PendingFile> = self.waiting.with_untracked(|all| {
                    all.iter()
                        .filter(|w| w.refused.is_none())
                        .map(|w| w.pending.clone())
                        .collect()
                });
                for pending in todo {
                    match self.send(&pending).await {
                        Ok(()) => {
                            if let Some(store) = self.store.get_value() {
                                let _ = store.remove(&pending).await;
                            }
                            self.done(&pending);
                        }
                        Err(e) if passes(&e) => retry = true,
                        Err(e) => self.waiting.update(|all| {
                            if let Some(w) = all.iter_mut().find(|w| w.pending == pending) {
                                w.refused = Some(e);
                            }
                        }),
                    }
                }
                if !self.again.get_value() {
                    break;
                }
            }
            self.uploading.set_value(false);
            if retry {
                let wait = self.retry_ms.get_value();
                self.retry_ms.set_value((wait * 2).min(LAST_RETRY_MS));
                set_timeout(move || self.upload(), Duration::from_millis(wait));
            } else {
                self.retry_ms.set_value(FIRST_RETRY_MS);
            }
        });
    }

    async fn send(&self, pending: &PendingFile) -> Result<(), CallError> {
        let Some(store) = self.store.get_value() else {
            return Err(CallError::Unreachable(self.unopened()));
        };
        let Some(bytes) = store
            .bytes(pending)
            .await
            .map_err(|e| CallError::Unreachable(e.to_string()))?
        else {
            // Gone from this browser (another tab sent it): nothing to send.
            return Ok(());
        };
        let path = paths::document_file(&pending.doc.to_string(), pending.file.sha256.as_str());
        crate::api::put_bytes(&path, &bytes).await
    }

    fn done(&self, pending: &PendingFile) {
        self.waiting.update(|all| {
            all.retain(|w| {
                let gone = &w.pending == pending;
                if gone {
                    revoke(&w.preview);
                }
                !gone
            })
        });
    }
}

/// A failure another try may get past: no relay in reach, the session
/// to be renewed, the document not on the relay yet (made offline), the
/// relay's own trouble.
fn passes(error: &CallError) -> bool {
    match error {
        CallError::Unreachable(_) | CallError::BadAnswer(_) => true,
        CallError::Failed { code, .. } => !matches!(
            code,
            ErrorCode::TooLarge | ErrorCode::HashMismatch | ErrorCode::Forbidden
        ),
    }
}

/// The bytes as an object URL, for a picture.
fn preview_of(file: &FileRef, bytes: &Uint8Array) -> Option<String> {
    if !file.is_image() {
        return None;
    }
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&file.media_type);
    let parts = js_sys::Array::of1(bytes);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

fn revoke(preview: &Option<String>) {
    if let Some(url) = preview {
        let _ = web_sys::Url::revoke_object_url(url);
    }
}
