use automerge::{ObjType, ROOT, ReadDoc, ScalarValue, transaction::Transactable};

use super::{
    doc::{ConcordDoc, ObjId, map_in},
    error::DocResult,
};
use crate::access::{DeptId, DocRole, OrgId, PersonId};

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
        self.grants("members")
    }

    pub fn set_member_role(&mut self, person: &PersonId, role: DocRole) -> DocResult<()> {
        let members = self.acl_part("members")?;
        self.doc.put(&members, person.as_str(), role.as_str())?;
        Ok(())
    }

    /// The people the document names to act on it: each row's owner where
    /// an owner cell names one (a task's owner, a department's reporter, an
    /// emergency plan's department owner) and the parties the workflow
    /// reads (an intake's reviewers). Sorted, each once.
    pub fn named_to_act(&self) -> DocResult<Vec<PersonId>> {
        let template = self.template();
        let mut named = Vec::new();
        for table in template.tables {
            if template.workflow.owner_cell(table.id).is_some() {
                named.extend(self.row_keys(table.id)?.into_iter().filter_map(|r| r.owner));
            }
        }
        if let Some(field) = template.workflow.parties_field
            && let Some(super::Value::People(people)) = self.field(field)?
        {
            named.extend(people.iter().filter_map(|p| p.parse().ok()));
        }
        named.sort();
        named.dedup();
        Ok(named)
    }

    /// Gives everyone `named_to_act` who is not a member yet an editor's
    /// role, so they can read and do their part; for a document owner to
    /// call (only they change the acl). The people granted.
    pub fn grant_named_to_act(&mut self) -> DocResult<Vec<PersonId>> {
        let mut granted = Vec::new();
        for person in self.named_to_act()? {
            if self.member_role(&person)?.is_none() {
                self.set_member_role(&person, DocRole::Editor)?;
                granted.push(person);
            }
        }
        Ok(granted)
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

    pub fn remove_org(&mut self, org: &OrgId) -> DocResult<()> {
        let orgs = self.acl_part("orgs")?;
        self.doc.delete(&orgs, org.as_str())?;
        Ok(())
    }

    /// Every partner organisation granted a role, sorted by id.
    pub fn org_grants(&self) -> DocResult<Vec<(OrgId, DocRole)>> {
        self.grants("orgs")
    }

    /// Every department granted a role, sorted by id; none in a document
    /// made before departments could be granted.
    pub fn dept_grants(&self) -> DocResult<Vec<(DeptId, DocRole)>> {
        if map_in(&self.doc, &ROOT, "acl")
            .map(|acl| self.doc.get(&acl, "departments").ok().flatten().is_none())
            .unwrap_or(true)
        {
            return Ok(Vec::new());
        }
        self.grants("departments")
    }

    /// The role every member of a department gets (not in confidential
    /// documents, which reach only named people).
    pub fn set_dept_role(&mut self, dept: &DeptId, role: DocRole) -> DocResult<()> {
        let acl = map_in(&self.doc, &ROOT, "acl")?;
        // Documents made before department grants have no such part; the
        // first grant makes it (two replicas doing so at once keep one map).
        let part = match map_in(&self.doc, &acl, "departments") {
            Ok(part) => part,
            Err(_) => self.doc.put_object(&acl, "departments", ObjType::Map)?,
        };
        self.doc.put(&part, dept.as_str(), role.as_str())?;
        Ok(())
    }

    pub fn remove_dept(&mut self, dept: &DeptId) -> DocResult<()> {
        if let Ok(part) = self.acl_part("departments") {
            self.doc.delete(&part, dept.as_str())?;
        }
        Ok(())
    }

    fn grants<T: std::str::FromStr + Ord>(&self, part: &str) -> DocResult<Vec<(T, DocRole)>> {
        let map = self.acl_part(part)?;
        let mut out: Vec<_> = self
            .doc
            .keys(&map)
            .filter_map(|k| {
                let role = stored_role(&self.doc, &map, &k)?;
                Some((k.parse().ok()?, role))
            })
            .collect();
        out.sort();
        Ok(out)
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

    #[test]
    fn departments_and_orgs_are_granted_and_taken_back() {
        use crate::{access::Person, rules::role_in, rules::validate};
        let mut doc = ConcordDoc::create(&library()[0], "t", &alice(), 0, actor(1)).unwrap();
        let sales: DeptId = "sales".parse().unwrap();
        let zhang = Person::staff("zhang".parse().unwrap(), vec![sales.clone()]);
        assert!(role_in(doc.automerge_mut().document(), &zhang).is_err());
        doc.set_dept_role(&sales, DocRole::Editor).unwrap();
        doc.commit(0, None);
        assert_eq!(
            doc.dept_grants().unwrap(),
            [(sales.clone(), DocRole::Editor)]
        );
        assert_eq!(
            role_in(doc.automerge_mut().document(), &zhang),
            Ok(DocRole::Editor)
        );
        assert_eq!(validate(&doc), vec![]);
        doc.remove_dept(&sales).unwrap();
        doc.commit(0, None);
        assert!(role_in(doc.automerge_mut().document(), &zhang).is_err());

        let acme: OrgId = "acme".parse().unwrap();
        doc.set_org_role(&acme, DocRole::Viewer).unwrap();
        assert_eq!(doc.org_grants().unwrap(), [(acme.clone(), DocRole::Viewer)]);
        doc.remove_org(&acme).unwrap();
        assert_eq!(doc.org_grants().unwrap(), []);
    }

    #[test]
    fn a_document_from_before_department_grants_takes_its_first() {
        let mut doc = ConcordDoc::create(&library()[0], "t", &alice(), 0, actor(1)).unwrap();
        let acl = map_in(&doc.doc, &ROOT, "acl").unwrap();
        doc.doc.delete(&acl, "departments").unwrap();
        assert_eq!(doc.dept_grants().unwrap(), []);
        assert_eq!(
            crate::rules::validate(&doc),
            vec![],
            "still valid without the part"
        );
        let ops: DeptId = "ops".parse().unwrap();
        doc.set_dept_role(&ops, DocRole::Viewer).unwrap();
        assert_eq!(doc.dept_grants().unwrap(), [(ops, DocRole::Viewer)]);
    }
}
