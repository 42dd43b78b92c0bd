//! The documents this person may read: the relay's list (asked whenever the
//! websocket opens; offline, the last answer stays) merged with those kept
//! in this browser. The home screen lists the live ones, the archive
//! library the archived ones.

use concord_api::{DocumentListing, paths};
use leptos::prelude::*;

use super::listed_doc::{ListedDoc, merge_listings};
use crate::{api, repo::Repo, session::Session};

#[derive(Clone, Copy)]
pub struct Listing {
    pub merged: Memo<Vec<ListedDoc>>,
    pub relay_list: RwSignal<Vec<DocumentListing>>,
    /// Why the relay's list could not be read, if it could not.
    pub problem: RwSignal<Option<api::CallError>>,
}

impl Listing {
    pub fn follow(repo: &Repo) -> Self {
        let session = Session::expect();
        let documents = repo.documents();
        let online = repo.online();
        let relay_list = RwSignal::new(Vec::<DocumentListing>::new());
        let problem = RwSignal::new(None::<api::CallError>);
        Effect::new(move || {
            if !online.get() {
                return;
            }
            wasm_bindgen_futures::spawn_local(async move {
                match api::get::<Vec<DocumentListing>>(paths::DOCUMENTS).await {
                    Ok(list) => {
                        relay_list.set(list);
                        problem.set(None);
                    }
                    Err(e) if e.is_signed_out() => session.signed_out(),
                    Err(e) => problem.set(Some(e)),
                }
            });
        });
        let partner = move || session.me().is_some_and(|me| me.is_partner());
        let merged = Memo::new(move |_| {
            documents.with(|local| relay_list.with(|relay| merge_listings(local, relay, partner())))
        });
        Self {
            merged,
            relay_list,
            problem,
        }
    }
}
