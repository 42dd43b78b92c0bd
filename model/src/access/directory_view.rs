use std::collections::BTreeSet;

use super::{
    acl::Acl,
    actor::{Affiliation, Person},
    ids::{OrgId, PersonId},
};

/// Whom a person may see of the workspace's directory. Staff see all of it;
/// partners are isolated (SPEC: internal and external data are kept
/// apart): they see themselves and the people and organisations named on
/// the documents they may read, and no departments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectoryView {
    Everything,
    Only {
        people: BTreeSet<PersonId>,
        orgs: BTreeSet<OrgId>,
    },
}

impl DirectoryView {
    /// `readable` are the acls of the documents `who` may read.
    pub fn of<'a>(who: &Person, readable: impl IntoIterator<Item = &'a Acl>) -> Self {
        if who.affiliation == Affiliation::Staff {
            return Self::Everything;
        }
        let mut people = BTreeSet::from([who.id.clone()]);
        let mut orgs = BTreeSet::new();
        for acl in readable {
            people.extend(acl.people.keys().cloned());
            orgs.extend(acl.orgs.keys().cloned());
        }
        Self::Only { people, orgs }
    }

    pub fn shows_person(&self, id: &str) -> bool {
        match self {
            Self::Everything => true,
            Self::Only { people, .. } => people.iter().any(|p| p.as_str() == id),
        }
    }

    pub fn shows_org(&self, id: &str) -> bool {
        match self {
            Self::Everything => true,
            Self::Only { orgs, .. } => orgs.iter().any(|o| o.as_str() == id),
        }
    }

    pub fn shows_departments(&self) -> bool {
        matches!(self, Self::Everything)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::DocRole;
    use crate::access::test_id as id;

    #[test]
    fn staff_see_everything_and_partners_only_what_their_documents_name() {
        let mut acl = Acl::default();
        acl.people.insert(id("wang"), DocRole::Owner);
        acl.orgs.insert(id("acme"), DocRole::Editor);
        let staff = Person::staff(id("zhang"), vec![]);
        assert_eq!(DirectoryView::of(&staff, []), DirectoryView::Everything);
        let li = Person::partner(id("li"), id("acme"));
        let view = DirectoryView::of(&li, [&acl]);
        assert!(view.shows_person("li") && view.shows_person("wang"));
        assert!(!view.shows_person("zhang"));
        assert!(view.shows_org("acme") && !view.shows_org("other"));
        assert!(!view.shows_departments());
        let alone = DirectoryView::of(&li, []);
        assert!(alone.shows_person("li") && !alone.shows_person("wang"));
    }
}
