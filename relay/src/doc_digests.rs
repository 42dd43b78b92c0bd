//! What each stored document waits for and tells (the model's
//! `DocDigest`), kept per document at the heads and in the phase of the
//! day it was read: the task and message centres ask it for every document
//! a person may read. The room that accepts a batch brings the kept digest
//! up to date by reading again only the task rows the batch touched; a
//! document is read whole from the store only where that could not be
//! done (first asked since a start, more than task rows changed, a new
//! day or the daily update time moved its reminders).

use std::{collections::HashMap, sync::Arc, sync::RwLock};

use automerge::{Automerge, Change, ChangeHash};
use concord_model::{
    ConcordDoc, RowsTouched, TimeZone, Today,
    views::{DocDigest, message_phase},
};
use concord_sync::DocumentId;

use crate::{
    doc_catalog::Listed,
    locks::{read, write},
    store::{LoadedDoc, Store, StoreError},
};

/// Digests by document, with the heads they were read at. A document's
/// room keeps its digest up to date as it accepts batches (`accepted`);
/// one read from the store is the fallback.
#[derive(Default)]
pub struct DocDigests {
    kept: RwLock<HashMap<DocumentId, Kept>>,
}

struct Kept {
    heads: Vec<ChangeHash>,
    digest: Arc<DocDigest>,
}

impl DocDigests {
    /// Each listed document's digest (`None`: not ours, or nothing
    /// stored), read from the store where the document changed since it
    /// was last read and its room did not keep it up to date (`current`:
    /// the heads the relay last judged it at). Blocking: it reads the store.
    pub fn of(
        &self,
        listed: &[Listed],
        current: impl Fn(&DocumentId) -> Option<Vec<ChangeHash>>,
        store: &dyn Store,
        today: &Today,
        zone: &dyn TimeZone,
    ) -> Result<Vec<Option<Arc<DocDigest>>>, StoreError> {
        let phase = message_phase(today);
        // Kept ones first, under one lock: most are, on most requests.
        let mut out: Vec<Option<Arc<DocDigest>>> = {
            let kept = read(&self.kept);
            listed
                .iter()
                .map(|doc| {
                    let k = kept.get(&doc.id)?;
                    // Heads not known: no batch was accepted here since
                    // the relay started (the catalogue records each), so
                    // what was read from the store still stands.
                    let unchanged = match current(&doc.id).as_deref() {
                        None | Some([]) => true,
                        Some(h) => *h == k.heads,
                    };
                    (unchanged && k.digest.phase() == phase).then(|| k.digest.clone())
                })
                .collect()
        };
        for (doc, slot) in listed.iter().zip(out.iter_mut()) {
            if slot.is_some() {
                continue;
            }
            let Some(stored) = store.load(&doc.id)? else {
                continue;
            };
            let (heads, loaded) = LoadedDoc::to_read(&stored);
            let id = doc.id.to_string();
            // Not ours (or unreadable): nothing waits and nothing is told.
            let Some(mut loaded) = loaded.and_then(|d| ConcordDoc::from_automerge(d).ok()) else {
                continue;
            };
            let digest = Arc::new(DocDigest::read(&id, &mut loaded, today, zone));
            let kept = Kept {
                heads,
                digest: digest.clone(),
            };
            write(&self.kept).insert(doc.id, kept);
            *slot = Some(digest);
        }
        Ok(out)
    }

    /// A room accepted `changes` into `doc` (from `before`), touching
    /// `touched`: the digest kept at `before` reads again the task rows
    /// they touched and moves on; one that cannot is dropped, for the next
    /// centre request to read whole. A digest nobody asked for is not made
    /// here: only what a centre reads is kept.
    #[allow(clippy::too_many_arguments)]
    pub fn accepted(
        &self,
        id: &DocumentId,
        doc: &Automerge,
        before: &[ChangeHash],
        touched: &RowsTouched,
        changes: &[Change],
        today: &Today,
        zone: &dyn TimeZone,
    ) {
        let mut kept = write(&self.kept);
        let Some(k) = kept.get_mut(id) else {
            return;
        };
        // Clones only while a centre request still holds the old one.
        let up_to_date = k.heads == before
            && Arc::make_mut(&mut k.digest).accepted(doc, touched, changes, today, zone);
        if up_to_date {
            k.heads = doc.get_heads();
        } else {
            kept.remove(id);
        }
    }
}
