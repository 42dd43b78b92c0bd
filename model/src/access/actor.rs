use super::{
    acl::Acl,
    classification::Classification,
    ids::{DeptId, OrgId, PersonId},
    role::DocRole,
};

/// Which side of the company wall a person stands on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Affiliation {
    Staff,
    /// Partners are isolated: they reach only what their organisation or
    /// they themselves were given.
    Partner(OrgId),
}

/// Who a person is in the workspace, independent of any document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub affiliation: Affiliation,
    pub departments: Vec<DeptId>,
    /// Departments this person heads; heads sign reviews for their department.
    pub heads: Vec<DeptId>,
    /// Their direct superior (上级) as the directory records it now: the
    /// one who reviews what they submit first. Only staff have one.
    pub superior: Option<PersonId>,
}

impl Person {
    pub fn staff(id: PersonId, departments: Vec<DeptId>) -> Self {
        Self {
            id,
            affiliation: Affiliation::Staff,
            departments,
            heads: Vec::new(),
            superior: None,
        }
    }

    pub fn partner(id: PersonId, org: OrgId) -> Self {
        Self {
            id,
            affiliation: Affiliation::Partner(org),
            departments: Vec::new(),
            heads: Vec::new(),
            superior: None,
        }
    }

    pub fn heading(mut self, dept: DeptId) -> Self {
        self.heads.push(dept);
        self
    }

    pub fn reporting_to(mut self, superior: PersonId) -> Self {
        self.superior = Some(superior);
        self
    }

    pub fn heads_any(&self, departments: &[DeptId]) -> bool {
        self.heads.iter().any(|d| departments.contains(d))
    }

    /// Whether they stand outside the company (a customer's or supplier's person).
    pub fn is_partner(&self) -> bool {
        matches!(self.affiliation, Affiliation::Partner(_))
    }
}

/// A person acting on one document: who they are and the role the document
/// gives them (`None`: no access at all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub person: Person,
    pub role: Option<DocRole>,
}

impl Actor {
    /// The actor as the document's acl and classification make them.
    pub fn on(person: Person, acl: &Acl, classification: Classification) -> Self {
        let role = acl.role_of(&person, classification);
        Self { person, role }
    }

    pub fn id(&self) -> &PersonId {
        &self.person.id
    }
}
