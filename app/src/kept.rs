//! What the relay last told one person, kept in this browser's local
//! storage so a screen reads it offline after a reload: `{"person": <id>,
//! "value": …}` under one key per kind. Another person never reads it, and
//! signing out forgets every kind (`forget_all`).

use serde::{Serialize, de::DeserializeOwned};

/// One kind of kept answer.
#[derive(Debug, Clone, Copy)]
pub struct Kept {
    key: &'static str,
}

/// Every kind, so signing out forgets them all.
const ALL: &[Kept] = &[crate::components::NAMES_KEPT, crate::components::TASKS_KEPT];

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

/// Signing out: nothing of the person stays behind.
pub fn forget_all() {
    for kept in ALL {
        kept.forget();
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}
