use super::{
    acl::Acl,
    actor::{Actor, Person},
    classification::Classification,
    refusal::Refusal,
    role::DocRole,
};

/// May this person open the document at all? Gives the role they read it with.
pub fn may_read(
    person: &Person,
    acl: &Acl,
    classification: Classification,
) -> Result<DocRole, Refusal> {
    acl.role_of(person, classification).ok_or(Refusal::NoAccess)
}

/// May this person create documents? Internal staff only (SPEC: People and
/// roles); partners reach only what was shared with them.
pub fn may_create(person: &Person) -> Result<(), Refusal> {
    match person.affiliation {
        super::actor::Affiliation::Staff => Ok(()),
        super::actor::Affiliation::Partner(_) => Err(Refusal::PartnersCannotCreate),
    }
}

/// May this actor change who has access? Only owners; an archived document's
/// acl stays changeable, because sharing history (read-only) is still needed.
pub fn may_change_acl(actor: &Actor) -> Result<(), Refusal> {
    match actor.role {
        Some(DocRole::Owner) => Ok(()),
        None => Err(Refusal::NoAccess),
        Some(_) => Err(Refusal::AclChangeNeedsOwner),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ann() -> Person {
        Person::staff("ann".parse().unwrap(), vec![])
    }

    #[test]
    fn a_granted_person_may_read_with_their_role() {
        let mut acl = Acl::default();
        acl.people.insert(ann().id, DocRole::Editor);
        assert_eq!(
            may_read(&ann(), &acl, Classification::Confidential),
            Ok(DocRole::Editor)
        );
    }

    #[test]
    fn only_staff_create_documents() {
        assert_eq!(may_create(&ann()), Ok(()));
        let partner = Person::partner("li".parse().unwrap(), "acme".parse().unwrap());
        assert_eq!(may_create(&partner), Err(Refusal::PartnersCannotCreate));
    }

    #[test]
    fn an_ungranted_person_may_not_read() {
        assert_eq!(
            may_read(&ann(), &Acl::default(), Classification::Internal),
            Err(Refusal::NoAccess)
        );
    }

    #[test]
    fn only_owners_change_the_acl() {
        let as_ = |role| Actor {
            person: ann(),
            role,
        };
        assert_eq!(may_change_acl(&as_(Some(DocRole::Owner))), Ok(()));
        assert_eq!(
            may_change_acl(&as_(Some(DocRole::Editor))),
            Err(Refusal::AclChangeNeedsOwner)
        );
        assert_eq!(may_change_acl(&as_(None)), Err(Refusal::NoAccess));
    }
}
