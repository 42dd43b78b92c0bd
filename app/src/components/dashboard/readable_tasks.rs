//! Every task row of every document this browser holds, read here the
//! way search reads them: what the dashboard counts when the relay cannot
//! be asked and nothing is kept (`RelayCount::Unanswered`). Each held
//! document is opened once, its task rows read again only when it changes.
//! The task centre's items are not enough here: they hold only what still
//! waits for me, and a completion rate needs the done tasks and everyone's.

use std::sync::Arc;

use concord_model::views::{DocRef, TaskItem, tasks};
use leptos::prelude::*;

use crate::{
    components::home::{ByRevision, ListedDocuments},
    repo::Repo,
};

/// One document's task rows and the template it was made from.
#[derive(Debug)]
pub struct DocTasks {
    pub template: String,
    pub tasks: Vec<TaskItem>,
}

/// The documents read so far; equal when they are the same reads, so a
/// document read again once changes the dashboard once.
#[derive(Debug, Clone, Default)]
pub struct Held {
    pub docs: Vec<Arc<DocTasks>>,
    /// How many listed documents this browser holds, to say how many are
    /// still coming.
    pub listed: usize,
    /// Held documents not yet tried: one that could not be opened is no
    /// longer waited for.
    pub pending: usize,
}

impl PartialEq for Held {
    fn eq(&self, other: &Self) -> bool {
        self.listed == other.listed
            && self.pending == other.pending
            && self.docs.len() == other.docs.len()
            && self
                .docs
                .iter()
                .zip(&other.docs)
                .all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

/// How often, at most, what was read is handed on while documents arrive:
/// each arrival (each sync message) would otherwise count every task of
/// every document again.
const HAND_ON_MS: f64 = 250.0;

/// Follows the documents this person may read; tracked. The first reads
/// are handed on at once, later ones at most every `HAND_ON_MS`.
pub fn follow_readable_tasks(repo: &Repo) -> ReadSignal<Held> {
    let read = read_tasks(repo);
    let handed = RwSignal::new(Held::default());
    let last_ms = StoredValue::new(f64::NEG_INFINITY);
    let waiting = StoredValue::new(false);
    let hand_on = move || {
        waiting.set_value(false);
        last_ms.set_value(js_sys::Date::now());
        handed.set(read.get_untracked());
    };
    Effect::new(move || {
        read.track();
        if waiting.get_value() {
            return;
        }
        let since = js_sys::Date::now() - last_ms.get_value();
        if since >= HAND_ON_MS {
            hand_on();
        } else {
            waiting.set_value(true);
            let wait = std::time::Duration::from_millis((HAND_ON_MS - since).ceil() as u64);
            set_timeout(hand_on, wait);
        }
    });
    handed.read_only()
}

fn read_tasks(repo: &Repo) -> Memo<Held> {
    let listed = ListedDocuments::open_held(repo);
    let stored = StoredValue::new_local(repo.clone());
    let read = ByRevision::<DocTasks>::new();
    Memo::new(move |_| {
        listed.track();
        let repo = stored.get_value();
        let listing = listed.listing.merged.get();
        let held: Vec<_> = listing.iter().filter(|d| d.updated_ms.is_some()).collect();
        let mut docs = Vec::with_capacity(held.len());
        let mut pending = 0;
        for doc in &held {
            let Some(revisions) = repo.subscribe(doc.id) else {
                pending += usize::from(!listed.was_tried(doc.id));
                continue;
            };
            let fresh = read.get_or_read(doc.id, revisions.any.get(), || {
                let id = doc.id.to_string();
                repo.read(doc.id, |d| DocTasks {
                    template: d.template().id.0.to_owned(),
                    tasks: tasks(&[DocRef { id: &id, doc: d }]),
                })
            });
            docs.extend(fresh);
        }
        Held {
            docs,
            listed: held.len(),
            pending,
        }
    })
}
