use concord_model::{Affiliation, DeptId, OrgId, Person, PersonId};
use serde::{Deserialize, Serialize};

/// The signed-in person's account: the answer to `GET /api/me` and to every
/// sign-in (setup, login, invite). The relay is the authority on identity:
/// the app never lets a person name themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: PersonId,
    pub display_name: String,
    pub is_admin: bool,
    /// Set for partner users: their organisation.
    pub org: Option<OrgId>,
    pub org_name: Option<String>,
    /// A staff member's departments (none for partners).
    pub departments: Vec<DeptId>,
    /// The departments this person heads.
    pub heads: Vec<DeptId>,
    /// Their direct superior (上级) as the directory records it: whom
    /// what they submit goes to first.
    #[serde(default)]
    pub superior: Option<PersonId>,
}

impl Me {
    /// `person`'s account as the relay tells it.
    pub fn of(
        person: &Person,
        display_name: &str,
        is_admin: bool,
        org_name: Option<String>,
    ) -> Self {
        let org = match &person.affiliation {
            Affiliation::Partner(org) => Some(org.clone()),
            Affiliation::Staff => None,
        };
        Self {
            id: person.id.clone(),
            display_name: display_name.to_owned(),
            is_admin,
            org,
            org_name,
            departments: person.departments.clone(),
            heads: person.heads.clone(),
            superior: person.superior.clone(),
        }
    }

    /// The account as the model's person: staff with their departments and
    /// the departments they head, or a partner of their organisation (never
    /// with departments, whatever the answer said).
    pub fn person(&self) -> Person {
        if let Some(org) = &self.org {
            return Person::partner(self.id.clone(), org.clone());
        }
        let mut person = Person::staff(self.id.clone(), self.departments.clone());
        person.heads.clone_from(&self.heads);
        person.superior.clone_from(&self.superior);
        person
    }

    pub fn is_partner(&self) -> bool {
        self.org.is_some()
    }

    /// The name to show: the display name, else the sign-in name.
    pub fn shown_name(&self) -> &str {
        if self.display_name.trim().is_empty() {
            self.id.as_str()
        } else {
            &self.display_name
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id<T: std::str::FromStr>(text: &str) -> T
    where
        T::Err: std::fmt::Debug,
    {
        text.parse().unwrap()
    }

    #[test]
    fn staff_keep_departments_and_heads_both_ways() {
        let mut wang = Person::staff(id("wang"), vec![id("sales"), id("rd")]);
        wang.heads = vec![id("rd")];
        let me = Me::of(&wang, "Wang Fang", true, None);
        assert_eq!(me.person(), wang);
        assert!(!me.is_partner());
        assert_eq!(me.shown_name(), "Wang Fang");
        let json = serde_json::to_value(&me).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "id": "wang", "display_name": "Wang Fang", "is_admin": true,
                "org": null, "org_name": null, "superior": null,
                "departments": ["sales", "rd"], "heads": ["rd"]
            })
        );
        assert_eq!(serde_json::from_value::<Me>(json).unwrap(), me);
        // Whom they report to travels too, and comes back into the person.
        let led = Person::staff(id("li.na"), vec![]).reporting_to(id("wang"));
        let me = Me::of(&led, "李娜", false, None);
        assert_eq!(serde_json::to_value(&me).unwrap()["superior"], "wang");
        assert_eq!(me.person(), led);
    }

    #[test]
    fn partners_are_never_staff() {
        let li = Person::partner(id("li"), id("acme"));
        let mut me = Me::of(&li, " ", false, Some("Acme".into()));
        assert!(me.is_partner());
        assert_eq!(me.shown_name(), "li");
        me.departments = vec![id("sales")];
        assert_eq!(
            me.person(),
            li,
            "departments sent to a partner grant nothing"
        );
    }

    #[test]
    fn an_answer_with_an_id_that_does_not_parse_does_not_read() {
        let bad = r#"{"id":"has blank","display_name":"x","is_admin":false,"org":null,
            "org_name":null,"departments":[],"heads":[]}"#;
        assert!(serde_json::from_str::<Me>(bad).is_err());
        let bad_dept = r#"{"id":"wang","display_name":"x","is_admin":false,"org":null,
            "org_name":null,"departments":["a b"],"heads":[]}"#;
        assert!(serde_json::from_str::<Me>(bad_dept).is_err());
        let missing = r#"{"id":"wang","display_name":"x"}"#;
        assert!(
            serde_json::from_str::<Me>(missing).is_err(),
            "no field is silently empty"
        );
    }
}
