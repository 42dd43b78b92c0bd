use automerge::{ROOT, ReadDoc, ScalarValue, transaction::Transactable};

use super::{
    doc::{ConcordDoc, ObjId, map_in},
    error::{DocError, DocResult},
    ids::PersonId,
};

/// The per-document roles (管理员 / 可编辑 / 仅查看), as stored. Who may grant
/// which is a rule of the permission module, not of this storage layer.
pub const DOC_ROLES: [&str; 3] = ["owner", "editor", "viewer"];

impl ConcordDoc {
    /// The role a person holds, if any; an unknown stored role reads as none,
    /// so a malformed entry never grants access.
    pub fn member_role(&self, person: &PersonId) -> DocResult<Option<String>> {
        let members = self.acl_part("members")?;
        Ok(valid_role(&self.doc, &members, &person.0))
    }

    /// Every member with a valid role, sorted by person id.
    pub fn members(&self) -> DocResult<Vec<(PersonId, String)>> {
        let members = self.acl_part("members")?;
        let mut out: Vec<_> = self
            .doc
            .keys(&members)
            .filter_map(|k| valid_role(&self.doc, &members, &k).map(|r| (PersonId(k), r)))
            .collect();
        out.sort();
        Ok(out)
    }

    pub fn set_member_role(&mut self, person: &PersonId, role: &str) -> DocResult<()> {
        let members = self.acl_part("members")?;
        put_role(self, &members, &person.0, role)
    }

    pub fn remove_member(&mut self, person: &PersonId) -> DocResult<()> {
        let members = self.acl_part("members")?;
        self.doc.delete(&members, person.0.as_str())?;
        Ok(())
    }

    /// The role a partner organisation's people get in this document.
    pub fn org_role(&self, org: &str) -> DocResult<Option<String>> {
        let orgs = self.acl_part("orgs")?;
        Ok(valid_role(&self.doc, &orgs, org))
    }

    pub fn set_org_role(&mut self, org: &str, role: &str) -> DocResult<()> {
        let orgs = self.acl_part("orgs")?;
        put_role(self, &orgs, org, role)
    }

    fn acl_part(&self, part: &str) -> DocResult<ObjId> {
        let acl = map_in(&self.doc, &ROOT, "acl")?;
        map_in(&self.doc, &acl, part)
    }
}

fn put_role(doc: &mut ConcordDoc, obj: &ObjId, key: &str, role: &str) -> DocResult<()> {
    if !DOC_ROLES.contains(&role) {
        return Err(DocError::InvalidRole(role.to_owned()));
    }
    doc.doc.put(obj, key, role)?;
    Ok(())
}

fn valid_role(doc: &automerge::AutoCommit, obj: &ObjId, key: &str) -> Option<String> {
    match doc.get(obj, key).ok()?? {
        (automerge::Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Str(r) if DOC_ROLES.contains(&r.as_str()) => Some(r.to_string()),
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
        let bob = PersonId("bob".into());
        doc.set_member_role(&bob, "viewer").unwrap();
        assert_eq!(
            doc.members().unwrap(),
            [
                (alice(), "owner".to_string()),
                (bob.clone(), "viewer".to_string())
            ]
        );
        assert!(matches!(
            doc.set_member_role(&bob, "god"),
            Err(DocError::InvalidRole(_))
        ));
        doc.remove_member(&bob).unwrap();
        assert_eq!(doc.member_role(&bob).unwrap(), None);
        doc.set_org_role("acme", "editor").unwrap();
        assert_eq!(doc.org_role("acme").unwrap().as_deref(), Some("editor"));
        assert_eq!(doc.org_role("other").unwrap(), None);
    }
}
