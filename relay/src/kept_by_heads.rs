//! Views read from whole documents (search texts, task rows), kept per
//! document at the heads they were read at, so a request over every
//! document a person may read scans what was kept and loads from the store
//! only the documents that changed since (or were never read since a
//! start). `DocDigests` keeps the centres' digests the same way, and
//! brings them up to date row by row as rooms accept batches; these are
//! read again whole, which is fine for views asked for now and then.

use std::{collections::HashMap, sync::Arc, sync::RwLock};

use automerge::ChangeHash;
use concord_model::ConcordDoc;
use concord_sync::DocumentId;

use crate::{
    doc_catalog::Listed,
    locks::{read, write},
    store::{LoadedDoc, Store, StoreError},
};

/// Views of one document kept at most for this many keys (a reader's
/// language and the names they read): enough for both languages of a
/// staff member and a partner, bounded however many ask.
const KEYS_PER_DOCUMENT: usize = 4;

/// A view `V` of each document, per key `K` (what besides the document the
/// view depends on), with the heads it was read at.
pub struct KeptByHeads<K, V> {
    kept: RwLock<HashMap<DocumentId, Kept<K, V>>>,
}

struct Kept<K, V> {
    heads: Vec<ChangeHash>,
    /// Oldest first: the first goes when a new key needs room.
    views: Vec<(K, Arc<V>)>,
}

impl<K, V> Default for KeptByHeads<K, V> {
    fn default() -> Self {
        Self {
            kept: RwLock::new(HashMap::new()),
        }
    }
}

impl<K: PartialEq + Clone, V> KeptByHeads<K, V> {
    /// Each listed document's view for `key` (`None`: not ours, or nothing
    /// stored), made by `make` from the document loaded from the store
    /// where none is kept at the heads the relay last judged it at
    /// (`current`, as the catalogue knows them; unknown heads mean no batch
    /// was accepted here since the start, so what was read still stands).
    /// Blocking: it reads the store.
    pub fn of(
        &self,
        listed: &[Listed],
        current: impl Fn(&DocumentId) -> Option<Vec<ChangeHash>>,
        store: &dyn Store,
        key: &K,
        make: impl Fn(&DocumentId, &ConcordDoc) -> V,
    ) -> Result<Vec<Option<Arc<V>>>, StoreError> {
        // Kept ones first, under one read lock: most are, on most requests.
        let mut out: Vec<Option<Arc<V>>> = {
            let kept = read(&self.kept);
            listed
                .iter()
                .map(|doc| {
                    let k = kept.get(&doc.id)?;
                    let unchanged = match current(&doc.id).as_deref() {
                        None | Some([]) => true,
                        Some(h) => *h == k.heads,
                    };
                    let view = k.views.iter().find(|(at, _)| at == key)?;
                    unchanged.then(|| view.1.clone())
                })
                .collect()
        };
        // The rest loaded with no lock held: loading a long tracker takes
        // a while, and other requests read what is kept meanwhile.
        for (doc, slot) in listed.iter().zip(out.iter_mut()) {
            if slot.is_some() {
                continue;
            }
            let Some(stored) = store.load(&doc.id)? else {
                continue;
            };
            let (heads, loaded) = LoadedDoc::to_read(&stored);
            // Not ours (or unreadable): no view of it.
            let Some(loaded) = loaded.and_then(|d| ConcordDoc::from_automerge(d).ok()) else {
                continue;
            };
            let view = Arc::new(make(&doc.id, &loaded));
            self.keep(doc.id, heads, key, view.clone());
            *slot = Some(view);
        }
        Ok(out)
    }

    /// Keeps `view` for `key` at `heads`: beside the other keys' views
    /// where the heads are the same, in place of them all where not.
    fn keep(&self, id: DocumentId, heads: Vec<ChangeHash>, key: &K, view: Arc<V>) {
        let mut kept = write(&self.kept);
        let entry = kept.entry(id).or_insert_with(|| Kept {
            heads: heads.clone(),
            views: Vec::new(),
        });
        if entry.heads != heads {
            entry.heads = heads;
            entry.views.clear();
        }
        entry.views.retain(|(at, _)| at != key);
        if entry.views.len() >= KEYS_PER_DOCUMENT {
            entry.views.remove(0);
        }
        entry.views.push((key.clone(), view));
    }
}

#[cfg(test)]
#[path = "kept_by_heads_tests.rs"]
mod tests;
