use automerge::{ROOT, ReadDoc, ScalarValue, transaction::Transactable};

use super::{
    doc::{ConcordDoc, ObjId, map_in},
    error::DocResult,
};
use crate::access::{DocRole, OrgId, PersonId};

/// The document's `acl` part, typed. Who may grant which role is a rule of
/// `access`, not of this storage layer.
impl ConcordDoc {
    /// The role a person is named with, if any; an unknown stored role reads
    /// as none, so a malformed entry never grants access.
    pub fn member_role(&self, person: &PersonId) -> DocResult<Option<DocRole>> {
        let members = self.acl_part("members")?;
        Ok(stored_role(&self.doc, &members, person.as_str()))
    }

    /// Every member with a valid id and role, sorted by person id.
    pub fn members(&self) -> DocResult<Vec<(PersonId, DocRole)>> {
        let members = self.acl_part("members")?;
        let mut out: Vec<_> = self
            .doc
            .keys(&members)
            .filter_map(|k| {
                let role = stored_role(&self.doc, &members, &k)?;
                Some((k.parse().ok()?, role))
            })
            .collect();
        out.sort();
        Ok(out)
    }

    pub fn set_member_role(&mut self, person: &PersonId, role: DocRole) -> DocResult<()> {
        let members = self.acl_part("members")?;
        self.doc.put(&members, person.as_str(), role.as_str())?;
        Ok(())
    }

    pub fn remove_member(&mut self, person: &PersonId) -> DocResult<()> {
        let members = self.acl_part("members")?;
        self.doc.delete(&members, person.as_str())?;
        Ok(())
    }

    /// The role a partner organisation's people get in this document.
    pub fn org_role(&self, org: &OrgId) -> DocResult<Option<DocRole>> {
        let orgs = self.acl_part("orgs")?;
        Ok(stored_role(&self.doc, &orgs, org.as_str()))
    }

    pub fn set_org_role(&mut self, org: &OrgId, role: DocRole) -> DocResult<()> {
        let orgs = self.acl_part("orgs")?;
        self.doc.put(&orgs, org.as_str(), role.as_str())?;
        Ok(())
    }

    fn acl_part(&self, part: &str) -> DocResult<ObjId> {
        let acl = map_in(&self.doc, &ROOT, "acl")?;
        map_in(&self.doc, &acl, part)
    }
}

fn stored_role(doc: &automerge::AutoCommit, obj: &ObjId, key: &str) -> Option<DocRole> {
    match doc.get(obj, key).ok()?? {
        (automerge::Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Str(r) => DocRole::parse(r),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tests::{actor, alice};
    use crate::library::library;

    #[test]
    fn members_and_orgs_get_roles() {
        let mut doc = ConcordDoc::create(&library()[0], "t", &alice(), 0, actor(1)).unwrap();
        let bob: PersonId = "bob".parse().unwrap();
        doc.set_member_role(&bob, DocRole::Viewer).unwrap();
        assert_eq!(
            doc.members().unwrap(),
            [(alice(), DocRole::Owner), (bob.clone(), DocRole::Viewer)]
        );
        doc.remove_member(&bob).unwrap();
        assert_eq!(doc.member_role(&bob).unwrap(), None);
        let acme: OrgId = "acme".parse().unwrap();
        doc.set_org_role(&acme, DocRole::Editor).unwrap();
        assert_eq!(doc.org_role(&acme).unwrap(), Some(DocRole::Editor));
        assert_eq!(doc.org_role(&"other".parse().unwrap()).unwrap(), None);
    }

    #[test]
    fn a_malformed_stored_role_grants_nothing() {
        let mut doc = ConcordDoc::create(&library()[0], "t", &alice(), 0, actor(1)).unwrap();
        let members = doc.acl_part("members").unwrap();
        doc.doc.put(&members, "mallory", "god").unwrap();
        doc.doc.put(&members, "has space", "owner").unwrap();
        let mallory: PersonId = "mallory".parse().unwrap();
        assert_eq!(doc.member_role(&mallory).unwrap(), None);
        assert_eq!(doc.members().unwrap(), [(alice(), DocRole::Owner)]);
    }
}
