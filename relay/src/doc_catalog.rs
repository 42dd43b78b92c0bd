//! What each stored document is (template, title, state) and who may read
//! it, for listing a person's documents without loading them all again.

use std::{collections::HashMap, sync::RwLock};

use automerge::{Automerge, ChangeHash};
use concord_model::{DocCard, DocRole, Person};
use concord_sync::DocumentId;

use crate::{
    locks::{read, write},
    store::{LoadedDoc, Store, StoreError},
};

/// Cards by document, with the heads they were read at; `None` for a
/// stored document that is not a Concord document (it is listed to nobody,
/// and nobody may read it). Kept current by the access policy, which sees
/// every accepted batch and asks it on every read check, so a card is read
/// once per state of a document rather than once per peer and message;
/// documents never seen since the relay started are read from the store on
/// the first listing.
#[derive(Default)]
pub struct DocCatalog {
    cards: RwLock<HashMap<DocumentId, Entry>>,
}

struct Entry {
    /// Empty for a card read from the store, which no live document's heads equal.
    heads: Vec<ChangeHash>,
    card: Option<DocCard>,
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
        self.card(id, doc);
    }

    /// The card of `doc` as it stands, read only if its heads moved since
    /// the card kept for `id`.
    pub fn card(&self, id: DocumentId, doc: &Automerge) -> Option<DocCard> {
        let heads = doc.get_heads();
        if let Some(entry) = read(&self.cards).get(&id)
            && entry.heads == heads
            && !heads.is_empty()
        {
            return entry.card.clone();
        }
        let card = DocCard::read(doc).ok();
        let entry = Entry {
            heads,
            card: card.clone(),
        };
        write(&self.cards).insert(id, entry);
        card
    }

    /// The heads the card of `id` was read at: empty or `None` where not
    /// known (a card read from the store).
    pub fn heads(&self, id: &DocumentId) -> Option<Vec<ChangeHash>> {
        read(&self.cards).get(id).map(|e| e.heads.clone())
    }

    /// Every document `who` may read, by title. Blocking: it may load
    /// documents from the store.
    pub fn readable_by(&self, who: &Person, store: &dyn Store) -> Result<Vec<Listed>, StoreError> {
        self.fill_from(store)?;
        let cards = read(&self.cards);
        let mut listed: Vec<Listed> = cards
            .iter()
            .filter_map(|(id, entry)| {
                let card = entry.card.as_ref()?;
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
            write(&self.cards).entry(id).or_insert(Entry {
                heads: Vec::new(),
                card,
            });
        }
        Ok(())
    }
}
