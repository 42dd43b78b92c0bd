//! Who is signed in, as the relay says (`GET /api/me`). The relay is the
//! authority on identity: the app never lets a person name themselves.

use concord_model::{DeptId, OrgId, Person, PersonId};
use serde::{Deserialize, Serialize};

/// The relay's `Me`: the signed-in person's account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub is_admin: bool,
    /// Set for partner users: their organisation.
    #[serde(default)]
    pub org: Option<String>,
    #[serde(default)]
    pub org_name: Option<String>,
    #[serde(default)]
    pub departments: Vec<String>,
    #[serde(default)]
    pub heads: Vec<String>,
}

impl Me {
    /// The account as the model's person: staff with their departments and
    /// the departments they head, or a partner of their organisation.
    /// `None` if the relay sent an id the model does not accept; a partner
    /// whose organisation does not read is refused too, never taken for staff.
    pub fn person(&self) -> Option<Person> {
        let id: PersonId = self.id.parse().ok()?;
        if let Some(org) = &self.org {
            let org: OrgId = org.parse().ok()?;
            return Some(Person::partner(id, org));
        }
        let departments = parse_all(&self.departments);
        let heads = parse_all(&self.heads);
        let mut person = Person::staff(id, departments);
        person.heads = heads;
        Some(person)
    }

    pub fn is_partner(&self) -> bool {
        self.org.is_some()
    }

    /// The name to show: the display name, else the sign-in name.
    pub fn shown_name(&self) -> &str {
        if self.display_name.trim().is_empty() {
            &self.id
        } else {
            &self.display_name
        }
    }
}

/// Department ids that read; a malformed one is dropped (it grants nothing).
fn parse_all(ids: &[String]) -> Vec<DeptId> {
    ids.iter().filter_map(|d| d.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use concord_model::Affiliation;

    use super::*;

    #[test]
    fn staff_keep_departments_and_heads() {
        let me = Me {
            id: "wang".into(),
            departments: vec!["sales".into(), "bad id".into()],
            heads: vec!["sales".into()],
            ..Me::default()
        };
        let person = me.person().unwrap();
        assert_eq!(person.affiliation, Affiliation::Staff);
        assert_eq!(person.departments.len(), 1);
        assert_eq!(person.heads[0].as_str(), "sales");
    }

    #[test]
    fn partners_are_never_staff() {
        let me = Me {
            id: "li".into(),
            org: Some("acme".into()),
            departments: vec!["sales".into()],
            ..Me::default()
        };
        let person = me.person().unwrap();
        assert_eq!(
            person.affiliation,
            Affiliation::Partner("acme".parse().unwrap())
        );
        assert!(person.departments.is_empty());
        let broken = Me {
            org: Some("has blank".into()),
            ..me
        };
        assert!(broken.person().is_none());
    }
}
