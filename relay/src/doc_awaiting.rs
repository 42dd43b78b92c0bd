//! What each stored document waits for, and from whom (the model's
//! `awaiting`), kept per document at the heads it was read at: the task
//! centre asks it for every document a person may read, and a document is
//! read again only once it has changed.

use std::{collections::HashMap, sync::Arc, sync::RwLock};

use automerge::{AutoCommit, ChangeHash};
use concord_model::{ConcordDoc, TimeZone, Today, views::Awaiting, views::awaiting};
use concord_sync::DocumentId;

use crate::{
    doc_catalog::Listed,
    locks::{read, write},
    store::{LoadedDoc, Store, StoreError},
};

/// Items by document, with the heads they were read at.
#[derive(Default)]
pub struct DocAwaiting {
    items: RwLock<HashMap<DocumentId, Kept>>,
}

struct Kept {
    heads: Vec<ChangeHash>,
    /// The calendar day they were read on: a due time counts working days
    /// from then, so a new day reads them again.
    day: concord_model::Day,
    items: Arc<Vec<Awaiting>>,
}

impl DocAwaiting {
    /// What each listed document waits for, read from the store where the
    /// document changed since it was last read (or `current` is unknown).
    /// Blocking: it reads the store.
    pub fn of(
        &self,
        listed: &[Listed],
        current: impl Fn(&DocumentId) -> Option<Vec<ChangeHash>>,
        store: &dyn Store,
        today: &Today,
        zone: &dyn TimeZone,
    ) -> Result<Vec<Arc<Vec<Awaiting>>>, StoreError> {
        let mut out = Vec::with_capacity(listed.len());
        for doc in listed {
            let heads = current(&doc.id);
            let kept = read(&self.items).get(&doc.id).and_then(|k| {
                let fresh = heads
                    .as_ref()
                    .is_some_and(|h| !h.is_empty() && *h == k.heads)
                    && k.day == today.day();
                fresh.then(|| k.items.clone())
            });
            if let Some(items) = kept {
                out.push(items);
                continue;
            }
            let Some(stored) = store.load(&doc.id)? else {
                out.push(Arc::new(Vec::new()));
                continue;
            };
            let loaded = LoadedDoc::from_stored(&stored).doc;
            let heads = loaded.get_heads();
            let items = Arc::new(
                ConcordDoc::from_automerge(AutoCommit::load(&loaded.save()).unwrap_or_default())
                    .map(|d| awaiting(&doc.id.to_string(), &d, today, zone))
                    .unwrap_or_default(),
            );
            write(&self.items).insert(
                doc.id,
                Kept {
                    heads,
                    day: today.day(),
                    items: items.clone(),
                },
            );
            out.push(items);
        }
        Ok(out)
    }
}
