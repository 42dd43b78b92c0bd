use leptos::prelude::*;

use super::Repo;

/// The IndexedDB database and the tab channel the app uses.
pub const DB_NAME: &str = "concord";
pub const TAB_CHANNEL: &str = "concord-docs";

/// How far the app's repo got: opening IndexedDB takes a moment, and can fail.
#[derive(Clone)]
pub enum RepoState {
    Opening,
    Ready(Repo),
    /// The person is told why; documents cannot be kept in this browser.
    Failed(String),
}

/// The app's repo, shared through context as soon as the app starts and
/// filled in once the store has opened.
#[derive(Clone, Copy)]
pub struct RepoSlot(RwSignal<RepoState, LocalStorage>);

impl RepoSlot {
    /// Opens the browser's store, joins the other tabs and connects to the
    /// relay that served the page; provides the slot to everything below.
    pub fn provide() -> Self {
        let slot = Self(RwSignal::new_local(RepoState::Opening));
        provide_context(slot);
        wasm_bindgen_futures::spawn_local(async move {
            let state = match Repo::open_store(DB_NAME).await {
                Ok(repo) => {
                    let joined = repo
                        .share_between_tabs(TAB_CHANNEL)
                        .and_then(|()| repo.connect_to_relay());
                    match joined {
                        Ok(()) => RepoState::Ready(repo),
                        Err(e) => RepoState::Failed(e.to_string()),
                    }
                }
                Err(e) => RepoState::Failed(e.to_string()),
            };
            slot.0.set(state);
        });
        slot
    }

    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// The state, tracked.
    pub fn state(&self) -> RepoState {
        self.0.get()
    }

    /// The repo once ready, tracked.
    pub fn repo(&self) -> Option<Repo> {
        match self.0.get() {
            RepoState::Ready(repo) => Some(repo),
            RepoState::Opening | RepoState::Failed(_) => None,
        }
    }
}
