//! Whether someone is signed in, shared through context. The relay's answer
//! to `GET /api/me` decides; the last answer is kept so a person who opens
//! the app offline still works on their documents in this browser.

use concord_api::{Me, paths};
use leptos::prelude::*;

use crate::api::{self, CallError};

/// Where the last `Me` the relay gave is kept, for starting offline.
/// Removed on sign-out and whenever the relay says the session is gone.
/// index.html reads it too, before the app loads, to find whose kept first
/// screen to paint (`first_screen`): renaming it means renaming it there.
pub const SIGNED_IN_KEY: &str = "concord.signed-in";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    /// Asking the relay who this is.
    Checking,
    SignedOut,
    SignedIn(Me),
}

/// The session, shared through context.
#[derive(Clone, Copy)]
pub struct Session {
    state: RwSignal<SessionState>,
}

impl Session {
    /// Provides the session and asks the relay who is signed in.
    pub fn provide() -> Self {
        let session = Self::provide_state(SessionState::Checking);
        session.recheck();
        session
    }

    /// Provides a fixed state (tests, or a page embedding the app).
    pub fn provide_state(state: SessionState) -> Self {
        let session = Self {
            state: RwSignal::new(state),
        };
        provide_context(session);
        session
    }

    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// The state, tracked.
    pub fn state(&self) -> SessionState {
        self.state.get()
    }

    /// The signed-in account, tracked.
    pub fn me(&self) -> Option<Me> {
        match self.state.get() {
            SessionState::SignedIn(me) => Some(me),
            SessionState::Checking | SessionState::SignedOut => None,
        }
    }

    pub fn me_untracked(&self) -> Option<Me> {
        match self.state.get_untracked() {
            SessionState::SignedIn(me) => Some(me),
            SessionState::Checking | SessionState::SignedOut => None,
        }
    }

    /// The signed-in person as the model's `Person`, tracked.
    pub fn person(&self) -> Option<concord_model::Person> {
        self.me().map(|me| me.person())
    }

    pub fn person_untracked(&self) -> Option<concord_model::Person> {
        self.me_untracked().map(|me| me.person())
    }

    /// The relay signed this person in (login, setup, invite).
    pub fn signed_in(&self, me: Me) {
        if let Ok(json) = serde_json::to_string(&me) {
            storage_set(Some(&json));
        }
        let state = SessionState::SignedIn(me);
        // The same answer again (a recheck) changes nothing on screen.
        if self.state.with_untracked(|s| *s != state) {
            self.state.set(state);
        }
    }

    /// The relay says there is no session (any more): forget the person.
    /// Their documents stay in this browser, edits included.
    pub fn signed_out(&self) {
        storage_set(None);
        crate::first_screen::forget_all();
        self.state.set(SessionState::SignedOut);
    }

    /// Asks the relay who is signed in. Unreachable: the last answer stands
    /// (local-first: the documents in this browser stay usable offline).
    pub fn recheck(&self) {
        let session = *self;
        // Offline, asking only fails (and says so in the console).
        if web_sys::window().is_some_and(|w| !w.navigator().on_line()) {
            session.state.set(match stored_me() {
                Some(me) => SessionState::SignedIn(me),
                None => SessionState::SignedOut,
            });
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            match api::get::<Me>(paths::ME).await {
                Ok(me) => session.signed_in(me),
                Err(e) if e.is_signed_out() => session.signed_out(),
                Err(
                    CallError::Unreachable(_) | CallError::BadAnswer(_) | CallError::Failed { .. },
                ) => match stored_me() {
                    Some(me) => session.state.set(SessionState::SignedIn(me)),
                    None => session.state.set(SessionState::SignedOut),
                },
            }
        });
    }

    /// Signs out at the relay (its websockets for this session close) and here.
    pub async fn sign_out(&self) -> Result<(), CallError> {
        let result = api::post_empty(paths::LOGOUT).await;
        match &result {
            // Gone already counts as signed out.
            Ok(()) => self.signed_out(),
            Err(e) if e.is_signed_out() => self.signed_out(),
            Err(_) => {}
        }
        result.or_else(|e| if e.is_signed_out() { Ok(()) } else { Err(e) })
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn storage_set(value: Option<&str>) {
    if let Some(storage) = local_storage() {
        let _ = match value {
            Some(v) => storage.set_item(SIGNED_IN_KEY, v),
            None => storage.remove_item(SIGNED_IN_KEY),
        };
    }
}

fn stored_me() -> Option<Me> {
    let text = local_storage()?.get_item(SIGNED_IN_KEY).ok()??;
    serde_json::from_str(&text).ok()
}
