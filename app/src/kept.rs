//! What the relay last told one person, kept in this browser's local
//! storage so a screen reads it offline after a reload: `{"person": <id>,
//! "value": …}` under one key per kind. Another person never reads it, and
//! signing out forgets it (`follow`).

use serde::{Serialize, de::DeserializeOwned};

/// One kind of kept answer.
#[derive(Debug, Clone, Copy)]
pub struct Kept {
    key: &'static str,
}

impl Kept {
    pub const fn new(key: &'static str) -> Self {
        Self { key }
    }

    /// The answer kept for `person`, if it is theirs and still reads.
    pub fn read<T: DeserializeOwned>(self, person: &str) -> Option<T> {
        let text = storage()?.get_item(self.key).ok()??;
        let mut kept: serde_json::Value = serde_json::from_str(&text).ok()?;
        if kept.get("person")?.as_str()? != person {
            return None;
        }
        serde_json::from_value(kept.get_mut("value")?.take()).ok()
    }

    /// Keeps `value` for `person`; full storage only costs it offline.
    pub fn write(self, person: &str, value: &impl Serialize) {
        let kept = serde_json::json!({ "person": person, "value": value });
        if let Some(storage) = storage() {
            let _ = storage.set_item(self.key, &kept.to_string());
        }
    }

    pub fn forget(self) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(self.key);
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The relay's answer at `path` for the signed-in person: what was kept at
/// once (so it shows offline), then the relay's fresh answer whenever the
/// link to it (re)opens or `Freshness` asks; `None` when signed out.
pub fn follow<T>(kept: Kept, path: &'static str) -> leptos::prelude::RwSignal<Option<T>>
where
    T: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
{
    use leptos::prelude::*;

    use crate::{
        components::Freshness,
        repo::RepoSlot,
        session::{Session, SessionState},
    };

    let session = Session::expect();
    let slot = RepoSlot::expect();
    let freshness = Freshness::expect();
    let answer = RwSignal::new(None::<T>);
    // Whose answer is on screen, so a second person never sees the first's.
    let shown_for = StoredValue::new(None::<String>);
    Effect::new(move || {
        freshness.track();
        let online = slot.repo().is_some_and(|repo| repo.online().get());
        let me = match session.state() {
            SessionState::SignedIn(me) => me.id.to_string(),
            SessionState::SignedOut => {
                // Nothing of the person stays behind.
                kept.forget();
                shown_for.set_value(None);
                answer.set(None);
                return;
            }
            SessionState::Checking => return,
        };
        if shown_for.get_value().as_deref() != Some(me.as_str()) {
            shown_for.set_value(Some(me.clone()));
            answer.set(kept.read(&me));
        }
        if online {
            wasm_bindgen_futures::spawn_local(async move {
                // Offline or refused, the kept answer stands.
                if let Ok(fresh) = crate::api::get::<T>(path).await {
                    kept.write(&me, &fresh);
                    answer.set(Some(fresh));
                }
            });
        }
    });
    answer
}
