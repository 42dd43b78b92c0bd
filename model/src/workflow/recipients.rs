//! Whom publishing a document reaches (a notice's recipients): everyone on
//! the staff, or the departments a field names. Publishing lets them read
//! it in the same batch; each then confirms reading (`ConcordDoc::reads`).

use crate::{
    access::{Affiliation, DeptId, Person},
    document::Value,
};

/// The form fields that name a published document's recipients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recipients {
    /// A checkbox: everyone on the staff.
    pub everyone_field: &'static str,
    /// A departments field: the departments it goes to.
    pub departments_field: &'static str,
}

/// The recipients a document names, read from its `Recipients` fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audience {
    pub everyone: bool,
    pub departments: Vec<DeptId>,
}

impl Recipients {
    /// The audience the fields name; `field` reads a form field's value.
    pub fn audience(&self, mut field: impl FnMut(&str) -> Option<Value>) -> Audience {
        let everyone = matches!(field(self.everyone_field), Some(Value::Checkbox(true)));
        let mut departments: Vec<DeptId> = match field(self.departments_field) {
            Some(Value::Departments(ds)) => ds.iter().filter_map(|d| d.parse().ok()).collect(),
            _ => Vec::new(),
        };
        departments.sort();
        departments.dedup();
        Audience {
            everyone,
            departments,
        }
    }
}

impl Audience {
    /// Nobody named: a document that publishes cannot leave its draft so.
    pub fn is_empty(&self) -> bool {
        !self.everyone && self.departments.is_empty()
    }

    /// Whether `person` is among the recipients: staff only (partners read
    /// what is shared with their organisation, never a staff notice).
    pub fn includes(&self, person: &Person) -> bool {
        person.affiliation == Affiliation::Staff
            && (self.everyone
                || person
                    .departments
                    .iter()
                    .any(|d| self.departments.contains(d)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::test_id as id;

    const FIELDS: Recipients = Recipients {
        everyone_field: "everyone",
        departments_field: "to",
    };

    fn staff(depts: &[&str]) -> Person {
        Person::staff(id("p"), depts.iter().map(|d| id(d)).collect())
    }

    #[test]
    fn the_fields_name_everyone_or_departments() {
        let named = FIELDS.audience(|f| match f {
            "to" => Some(Value::Departments(vec![
                "ops".into(),
                "rd".into(),
                "ops".into(),
            ])),
            _ => None,
        });
        assert_eq!(named.departments, vec![id("ops"), id("rd")]);
        assert!(!named.everyone && !named.is_empty());
        assert!(named.includes(&staff(&["rd"])));
        assert!(!named.includes(&staff(&["sales"])));
        let all = FIELDS.audience(|f| (f == "everyone").then_some(Value::Checkbox(true)));
        assert!(all.includes(&staff(&[])));
        assert!(FIELDS.audience(|_| None).is_empty());
        let unticked = FIELDS.audience(|f| (f == "everyone").then_some(Value::Checkbox(false)));
        assert!(unticked.is_empty());
    }

    #[test]
    fn partners_are_never_recipients() {
        let all = FIELDS.audience(|f| (f == "everyone").then_some(Value::Checkbox(true)));
        let partner = Person::partner(id("x"), id("acme"));
        assert!(!all.includes(&partner));
    }
}
