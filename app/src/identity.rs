//! Who is using this browser. Until accounts exist at the relay, a person
//! names themselves once; the name is their person id in documents (ids may
//! not contain blanks, so blanks typed in a name become dots).

use codee::string::JsonSerdeCodec;
use concord_model::{DeptId, Person, PersonId};
use leptos::prelude::*;
use leptos_use::storage::use_local_storage;
use serde::{Deserialize, Serialize};

/// Where the person's chosen identity is kept between visits.
pub const ME_STORAGE_KEY: &str = "concord.me";

/// What is stored: the person's id and the departments they belong to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredMe {
    pub id: String,
    #[serde(default)]
    pub departments: Vec<String>,
}

impl StoredMe {
    /// The stored identity as a model person; `None` while nobody has named
    /// themselves, or if what is stored is not a valid id.
    pub fn person(&self) -> Option<Person> {
        let id: PersonId = self.id.parse().ok()?;
        let departments = self
            .departments
            .iter()
            .filter_map(|d| d.parse::<DeptId>().ok())
            .collect();
        Some(Person::staff(id, departments))
    }
}

/// Turns what a person typed as their name into a person id.
pub fn id_from_name(name: &str) -> Option<PersonId> {
    let joined = name.split_whitespace().collect::<Vec<_>>().join(".");
    joined.parse().ok()
}

/// The person using the app, shared through context.
#[derive(Clone, Copy)]
pub struct Me {
    stored: Signal<StoredMe>,
    set_stored: WriteSignal<StoredMe>,
}

impl Me {
    pub fn provide() -> Self {
        let (stored, set_stored, _) = use_local_storage::<StoredMe, JsonSerdeCodec>(ME_STORAGE_KEY);
        let me = Self { stored, set_stored };
        provide_context(me);
        me
    }

    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// The person, tracked; `None` until they have named themselves.
    pub fn person(&self) -> Option<Person> {
        self.stored.get().person()
    }

    pub fn person_untracked(&self) -> Option<Person> {
        self.stored.get_untracked().person()
    }

    /// Names the person (and their departments, comma separated ids).
    pub fn set(&self, id: PersonId, departments: Vec<DeptId>) {
        self.set_stored.set(StoredMe {
            id: id.to_string(),
            departments: departments.iter().map(ToString::to_string).collect(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_ids_without_blanks() {
        assert_eq!(id_from_name("  Li  Na ").unwrap().as_str(), "Li.Na");
        assert_eq!(id_from_name("张伟").unwrap().as_str(), "张伟");
        assert!(id_from_name("   ").is_none());
    }

    #[test]
    fn stored_identity_becomes_a_staff_person() {
        let me = StoredMe {
            id: "wang".into(),
            departments: vec!["sales".into(), "bad id".into()],
        };
        let person = me.person().unwrap();
        assert_eq!(person.id.as_str(), "wang");
        assert_eq!(person.departments.len(), 1);
        assert!(StoredMe::default().person().is_none());
    }
}
