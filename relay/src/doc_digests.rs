//! What each stored document waits for and tells (the model's `awaiting`
//! and `messages`), kept per document at the heads and in the phase of the
//! day it was read: the task and message centres ask it for every document
//! a person may read, and a document is read again only once it changed
//! (or a new day, or the daily update time, moved its reminders).

use std::{collections::HashMap, sync::Arc, sync::RwLock};

use automerge::{AutoCommit, ChangeHash, LoadOptions, OnPartialLoad};
use concord_model::{
    ConcordDoc, Day, TimeZone, Today,
    views::{Awaiting, DocMessage, awaiting, message_phase, messages_with},
};
use concord_sync::DocumentId;

use crate::{
    doc_catalog::Listed,
    locks::{read, write},
    store::{LoadedDoc, Store, StoreError, StoredDoc},
};

/// What one document waits for and tells, for everyone.
#[derive(Debug, Default)]
pub struct Digest {
    pub awaiting: Vec<Awaiting>,
    pub messages: Vec<DocMessage>,
}

/// Digests by document, with the heads and phase they were read at.
#[derive(Default)]
pub struct DocDigests {
    kept: RwLock<HashMap<DocumentId, Kept>>,
}

struct Kept {
    heads: Vec<ChangeHash>,
    phase: (Day, bool),
    digest: Arc<Digest>,
}

impl DocDigests {
    /// Each listed document's digest, read from the store where the
    /// document changed since it was last read (`current`: the heads the
    /// relay last judged it at). Blocking: it reads the store.
    pub fn of(
        &self,
        listed: &[Listed],
        current: impl Fn(&DocumentId) -> Option<Vec<ChangeHash>>,
        store: &dyn Store,
        today: &Today,
        zone: &dyn TimeZone,
    ) -> Result<Vec<Arc<Digest>>, StoreError> {
        let mut out = Vec::with_capacity(listed.len());
        for doc in listed {
            let heads = current(&doc.id);
            let kept = read(&self.kept).get(&doc.id).and_then(|k| {
                // Heads not known: no batch was accepted here since the
                // relay started (the catalogue records each), so what was
                // read from the store still stands.
                let unchanged = match heads.as_deref() {
                    None | Some([]) => true,
                    Some(h) => *h == k.heads,
                };
                (unchanged && k.phase == message_phase(today)).then(|| k.digest.clone())
            });
            if let Some(digest) = kept {
                out.push(digest);
                continue;
            }
            let Some(stored) = store.load(&doc.id)? else {
                out.push(Arc::default());
                continue;
            };
            let (heads, loaded) = load(&stored);
            let id = doc.id.to_string();
            // Not ours (or unreadable): nothing waits and nothing is told.
            let digest = loaded
                .and_then(|d| ConcordDoc::from_automerge(d).ok())
                .map(|mut d| {
                    let awaiting = awaiting(&id, &d, today, zone);
                    let messages = messages_with(&id, &mut d, &awaiting, today, zone);
                    Digest { awaiting, messages }
                })
                .unwrap_or_default();
            let digest = Arc::new(digest);
            write(&self.kept).insert(
                doc.id,
                Kept {
                    heads,
                    phase: message_phase(today),
                    digest: digest.clone(),
                },
            );
            out.push(digest);
        }
        Ok(out)
    }
}

/// The stored document's heads, and the document to read (`None` if it
/// will not load). One strict load of its parts back to back, as
/// `LoadedDoc` tries first: loading it there and saving it to load again
/// cost twice the load, a third of a 2,000-row tracker's digest. Only a
/// damaged part takes that way, which skips what cannot be read.
fn load(stored: &StoredDoc) -> (Vec<ChangeHash>, Option<AutoCommit>) {
    let mut whole = stored.snapshot.clone().unwrap_or_default();
    for chunk in &stored.chunks {
        whole.extend_from_slice(&chunk.data);
    }
    let strict = LoadOptions::new().on_partial_load(OnPartialLoad::Error);
    match AutoCommit::load_with_options(&whole, strict) {
        Ok(mut doc) => (doc.get_heads(), Some(doc)),
        Err(_) => {
            let loaded = LoadedDoc::from_stored(stored).doc;
            (loaded.get_heads(), AutoCommit::load(&loaded.save()).ok())
        }
    }
}
