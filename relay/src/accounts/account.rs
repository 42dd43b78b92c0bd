use concord_model::{OrgId, Person, PersonId};

/// A person who can sign in, as the relay knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Who they are to the rules (id, staff or partner, departments).
    pub person: Person,
    /// How others see them (may be Chinese, with spaces).
    pub display_name: String,
    pub is_admin: bool,
    pub disabled: bool,
}

impl Account {
    pub fn id(&self) -> &PersonId {
        &self.person.id
    }

    pub fn org(&self) -> Option<&OrgId> {
        match &self.person.affiliation {
            concord_model::Affiliation::Partner(org) => Some(org),
            concord_model::Affiliation::Staff => None,
        }
    }
}
