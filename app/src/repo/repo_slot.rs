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
pub struct RepoSlot {
    state: RwSignal<RepoState, LocalStorage>,
    /// Another tab holds an older version of the database open: opening waits
    /// until it is closed, and the person is asked to close it.
    blocked: RwSignal<bool>,
}

impl RepoSlot {
    /// Opens the browser's store and joins the other tabs; provides the
    /// slot to everything below.
    pub fn provide() -> Self {
        let slot = Self::provide_state(RepoState::Opening);
        let blocked = slot.blocked;
        wasm_bindgen_futures::spawn_local(async move {
            let opened = Repo::open_store_or_wait(DB_NAME, move || blocked.set(true)).await;
            blocked.set(false);
            let state = match opened {
                Ok(repo) => {
                    repo.request_persistence();
                    // The relay is joined once someone signs in (`relay_session`).
                    match repo.share_between_tabs(TAB_CHANNEL) {
                        Ok(()) => RepoState::Ready(repo),
                        Err(e) => RepoState::Failed(e.to_string()),
                    }
                }
                Err(e) => RepoState::Failed(e.to_string()),
            };
            slot.state.set(state);
        });
        slot
    }

    /// Provides a repo opened elsewhere (tests, or a page embedding the app).
    pub fn provide_ready(repo: Repo) -> Self {
        Self::provide_state(RepoState::Ready(repo))
    }

    fn provide_state(state: RepoState) -> Self {
        let slot = Self {
            state: RwSignal::new_local(state),
            blocked: RwSignal::new(false),
        };
        provide_context(slot);
        slot
    }

    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// The state, tracked.
    pub fn state(&self) -> RepoState {
        self.state.get()
    }

    /// The repo once ready, tracked.
    pub fn repo(&self) -> Option<Repo> {
        match self.state.get() {
            RepoState::Ready(repo) => Some(repo),
            RepoState::Opening | RepoState::Failed(_) => None,
        }
    }

    /// Opening waits for another tab to close the database, tracked.
    pub fn blocked(&self) -> bool {
        self.blocked.get()
    }
}
