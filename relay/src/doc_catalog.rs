//! What each stored document is (template, title, state) and who may read
//! it, for listing a person's documents without loading them all again.

use std::{collections::HashMap, sync::RwLock};

use automerge::Automerge;
use concord_model::{DocCard, DocRole, Person};
use concord_sync::DocumentId;

use crate::store::{LoadedDoc, Store, StoreError};

/// Cards by document, `None` for a stored document that is not a Concord
/// document (it is listed to nobody). Kept current by the access policy,
/// which sees every accepted batch; documents never seen since the relay
/// started are read from the store on the first listing.
#[derive(Default)]
pub struct DocCatalog {
    cards: RwLock<HashMap<DocumentId, Option<DocCard>>>,
}

/// One document a person may read, and their role on it.
pub struct Listed {
    pub id: DocumentId,
    pub card: DocCard,
    pub role: DocRole,
}

impl DocCatalog {
    /// The document as it stands after an accepted batch.
    pub fn update(&self, id: DocumentId, doc: &Automerge) {
        let card = DocCard::read(doc).ok();
        write(&self.cards).insert(id, card);
    }

    /// Every document `who` may read, by title. Blocking: it may load
    /// documents from the store.
    pub fn readable_by(&self, who: &Person, store: &dyn Store) -> Result<Vec<Listed>, StoreError> {
        self.fill_from(store)?;
        let cards = read(&self.cards);
        let mut listed: Vec<Listed> = cards
            .iter()
            .filter_map(|(id, card)| {
                let card = card.as_ref()?;
                let role = card.role_of(who).ok()?;
                Some(Listed {
                    id: *id,
                    card: card.clone(),
                    role,
                })
            })
            .collect();
        listed.sort_by(|a, b| a.card.title.cmp(&b.card.title).then(a.id.cmp(&b.id)));
        Ok(listed)
    }

    fn fill_from(&self, store: &dyn Store) -> Result<(), StoreError> {
        let missing: Vec<DocumentId> = {
            let cards = read(&self.cards);
            store
                .list()?
                .into_iter()
                .filter(|id| !cards.contains_key(id))
                .collect()
        };
        for id in missing {
            let card = store
                .load(&id)?
                .and_then(|stored| DocCard::read(&LoadedDoc::from_stored(&stored).doc).ok());
            // A batch accepted meanwhile wrote a newer card; keep it.
            write(&self.cards).entry(id).or_insert(card);
        }
        Ok(())
    }
}

// Nothing holding these locks can panic halfway through a change to the map.
fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
