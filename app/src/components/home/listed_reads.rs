//! Reading across the documents a person may read, in this browser: search
//! and the dashboard ask the relay about everything the person may read,
//! and read here what this browser holds (fresher than the relay's copy
//! while offline). They open each listed document held here once, and,
//! like the task centre, keep what they read from each by the revision it
//! was read at, so a document is read again only when it changed.

use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};

use concord_sync::DocumentId;
use leptos::prelude::*;

use super::Listing;
use crate::repo::Repo;

/// The listed documents this browser holds, each opened here once.
#[derive(Clone, Copy)]
pub struct ListedDocuments {
    pub listing: Listing,
    tried: StoredValue<HashSet<DocumentId>, LocalStorage>,
    tries: RwSignal<usize>,
}

impl ListedDocuments {
    /// Opens every listed document held in this browser, one after the
    /// other, as the listing grows. Those it does not hold stay on the
    /// relay, which answers for them: fetching 200 trackers to a phone to
    /// search them is what the relay's search spares it.
    pub fn open_held(repo: &Repo) -> Self {
        let listing = Listing::follow(repo);
        let stored = StoredValue::new_local(repo.clone());
        let tried = StoredValue::new_local(HashSet::<DocumentId>::new());
        // Tried and not opened: tried again when the listing changes (back
        // online, the relay's list comes again).
        let failed = StoredValue::new_local(HashSet::<DocumentId>::new());
        let tries = RwSignal::new(0usize);
        Effect::new(move || {
            let ids: Vec<DocumentId> = listing.merged.with(|l| {
                l.iter()
                    .filter(|d| d.updated_ms.is_some())
                    .map(|d| d.id)
                    .collect()
            });
            let repo = stored.get_value();
            wasm_bindgen_futures::spawn_local(async move {
                for id in ids {
                    let again = failed.with_value(|f| f.contains(&id));
                    if repo.is_open(id) || (tried.with_value(|t| t.contains(&id)) && !again) {
                        continue;
                    }
                    tried.update_value(|t| {
                        t.insert(id);
                    });
                    failed.update_value(|f| {
                        f.remove(&id);
                    });
                    // One that fails (gone, or not reachable offline) still
                    // counts as tried: readers show the rest meanwhile.
                    if repo.open(id).await.is_err() {
                        failed.update_value(|f| {
                            f.insert(id);
                        });
                    }
                    tries.update(|n| *n += 1);
                }
            });
        });
        Self {
            listing,
            tried,
            tries,
        }
    }

    /// Tracks each try to open a document.
    pub fn track(&self) {
        self.tries.track();
    }

    /// Whether opening `id` was tried (it is open, or could not be).
    pub fn was_tried(&self, id: DocumentId) -> bool {
        self.tried.with_value(|t| t.contains(&id))
    }
}

/// What was read from each document, by the revision it was read at.
pub struct ByRevision<T: 'static> {
    kept: StoredValue<HashMap<DocumentId, (u64, Arc<T>)>, LocalStorage>,
}

impl<T: 'static> Clone for ByRevision<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for ByRevision<T> {}

impl<T: 'static> ByRevision<T> {
    pub fn new() -> Self {
        Self {
            kept: StoredValue::new_local(HashMap::new()),
        }
    }

    /// What was read from `id` at `revision`, or `read` now (and kept);
    /// `None` when `read` has nothing.
    pub fn get_or_read(
        &self,
        id: DocumentId,
        revision: u64,
        read: impl FnOnce() -> Option<T>,
    ) -> Option<Arc<T>> {
        let kept = self.kept.with_value(|k| {
            k.get(&id)
                .filter(|(at, _)| *at == revision)
                .map(|(_, value)| value.clone())
        });
        kept.or_else(|| {
            let value = Arc::new(read()?);
            self.kept.update_value(|k| {
                k.insert(id, (revision, value.clone()));
            });
            Some(value)
        })
    }

    /// Forgets every read (what they were read for has changed).
    pub fn clear(&self) {
        self.kept.update_value(HashMap::clear);
    }
}
