use std::collections::BTreeMap;

use concord_model::{DeptId, OrgId, PersonId};
use serde::{Deserialize, Serialize};

use crate::{Department, Organisation};

/// `GET /api/people`: the names a signed-in person may see, to name people
/// and groups on documents. Staff see the directory; a partner sees only
/// what `concord_model::DirectoryView` lets them (no departments).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct People {
    pub people: Vec<VisiblePerson>,
    pub departments: Vec<Department>,
    pub orgs: Vec<Organisation>,
}

/// A person as others see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisiblePerson {
    pub id: PersonId,
    pub display_name: String,
    /// Their partner organisation, for partners.
    pub org: Option<OrgId>,
    /// Their departments, for staff, when the reader may see departments
    /// (a partner may not): what tells two people of one name apart.
    #[serde(default)]
    pub departments: Vec<DeptId>,
}

impl People {
    /// Each person's first department (of those this reader may see), for
    /// a task whose row names none: the dashboard's departments, counted
    /// alike by the relay and the app.
    pub fn first_departments(&self) -> BTreeMap<PersonId, DeptId> {
        self.people
            .iter()
            .filter_map(|p| Some((p.id.clone(), p.departments.first()?.clone())))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_persons_department_is_their_first() {
        let person = |id: &str, departments: &[&str]| VisiblePerson {
            id: id.parse().unwrap(),
            display_name: id.into(),
            org: None,
            departments: departments.iter().map(|d| d.parse().unwrap()).collect(),
        };
        let people = People {
            people: vec![person("li.na", &["sales", "ops"]), person("bob", &[])],
            ..People::default()
        };
        let firsts = people.first_departments();
        assert_eq!(firsts.len(), 1, "bob has none");
        assert_eq!(
            firsts[&"li.na".parse::<PersonId>().unwrap()].as_str(),
            "sales"
        );
    }
}
