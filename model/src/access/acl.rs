use std::collections::BTreeMap;

use super::{
    actor::{Affiliation, Person},
    classification::Classification,
    ids::{DeptId, OrgId, PersonId},
    role::DocRole,
};

/// Who was given which role on a document: by name, by department, by
/// partner organisation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Acl {
    pub people: BTreeMap<PersonId, DocRole>,
    pub departments: BTreeMap<DeptId, DocRole>,
    pub orgs: BTreeMap<OrgId, DocRole>,
}

impl Acl {
    /// The person's role here: the highest grant that reaches them under
    /// this classification, or `None`.
    pub fn role_of(&self, person: &Person, classification: Classification) -> Option<DocRole> {
        let named = self.people.get(&person.id).copied();
        if classification == Classification::Confidential {
            return named;
        }
        let by_group = match &person.affiliation {
            Affiliation::Partner(org) => self.orgs.get(org).copied(),
            Affiliation::Staff => {
                let by_dept = person
                    .departments
                    .iter()
                    .filter_map(|d| self.departments.get(d).copied())
                    .max();
                let by_default =
                    (classification == Classification::Public).then_some(DocRole::Viewer);
                by_dept.max(by_default)
            }
        };
        named.max(by_group)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::test_id as id;

    fn acl() -> Acl {
        let mut acl = Acl::default();
        acl.people.insert(id("ann"), DocRole::Viewer);
        acl.departments.insert(id("sales"), DocRole::Editor);
        acl.orgs.insert(id("acme"), DocRole::Viewer);
        acl
    }

    #[test]
    fn the_highest_grant_wins() {
        let ann = Person::staff(id("ann"), vec![id("sales")]);
        assert_eq!(
            acl().role_of(&ann, Classification::Internal),
            Some(DocRole::Editor)
        );
    }

    #[test]
    fn confidential_reaches_only_named_people() {
        let ann = Person::staff(id("ann"), vec![id("sales")]);
        let bob = Person::staff(id("bob"), vec![id("sales")]);
        assert_eq!(
            acl().role_of(&ann, Classification::Confidential),
            Some(DocRole::Viewer)
        );
        assert_eq!(acl().role_of(&bob, Classification::Confidential), None);
    }

    #[test]
    fn partners_reach_only_through_their_org_or_by_name() {
        let acme = Person::partner(id("carl"), id("acme"));
        let other = Person::partner(id("dora"), id("globex"));
        assert_eq!(
            acl().role_of(&acme, Classification::Internal),
            Some(DocRole::Viewer)
        );
        assert_eq!(acl().role_of(&other, Classification::Public), None);
        let mut named = acl();
        named.people.insert(id("dora"), DocRole::Editor);
        assert_eq!(
            named.role_of(&other, Classification::Internal),
            Some(DocRole::Editor)
        );
    }

    #[test]
    fn a_partner_in_a_granted_departments_name_gets_nothing_from_it() {
        let mut sneaky = Person::partner(id("eve"), id("globex"));
        sneaky.departments.push(id("sales"));
        assert_eq!(acl().role_of(&sneaky, Classification::Internal), None);
    }

    #[test]
    fn public_documents_reach_every_staff_member_as_viewer() {
        let zed = Person::staff(id("zed"), vec![id("ops")]);
        assert_eq!(
            acl().role_of(&zed, Classification::Public),
            Some(DocRole::Viewer)
        );
        assert_eq!(acl().role_of(&zed, Classification::Internal), None);
    }
}
