//! What a document's process shows beyond its status: the reason for the
//! last move, the approved versions with their approvers, and whom a
//! submission shares the document with.

use automerge::ROOT;

use super::{
    doc::{ConcordDoc, map_in},
    error::DocResult,
    read::text_at,
    signoffs::Decision,
    value::Value,
    versions::Version,
};
use crate::access::{DeptId, PersonId};

/// A named version frozen by an approval, with who approved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovedVersion {
    pub version: Version,
    /// Who signed the round that approved it, in signing order.
    pub approvers: Vec<PersonId>,
}

/// Whom a submission lets read the document: the departments whose heads
/// review it, and the people it names (who then read the approved version).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parties {
    pub departments: Vec<DeptId>,
    pub people: Vec<PersonId>,
}

impl ConcordDoc {
    /// The reason given with the last status move (a rejection's, a
    /// change's), if it needed one.
    pub fn status_reason(&self) -> DocResult<Option<String>> {
        let meta = map_in(&self.doc, &ROOT, "meta")?;
        Ok(text_at(&self.doc, &meta, "status_reason").filter(|r| !r.trim().is_empty()))
    }

    /// Every named version, each with the approvals of the round that froze
    /// it: the latest round of approvals given on a step into a state that
    /// freezes a version, no later than the version itself.
    pub fn approved_versions(&self) -> DocResult<Vec<ApprovedVersion>> {
        let workflow = &self.template().workflow;
        let freezing: Vec<&str> = workflow
            .transitions
            .iter()
            .filter(|t| workflow.state(t.to).is_some_and(|s| s.freezes_version))
            .map(|t| t.id)
            .collect();
        let approvals: Vec<_> = self
            .signoffs()?
            .into_iter()
            .filter(|s| {
                s.decision == Decision::Approve && freezing.contains(&s.transition.as_str())
            })
            .collect();
        Ok(self
            .versions()?
            .into_iter()
            .map(|version| {
                let earlier = approvals.iter().filter(|s| s.at <= version.at);
                let round = earlier.clone().map(|s| s.round).max();
                let mut signed: Vec<_> = earlier.filter(|s| Some(s.round) == round).collect();
                signed.sort_by_key(|s| s.at);
                ApprovedVersion {
                    approvers: signed.into_iter().map(|s| s.by.clone()).collect(),
                    version,
                }
            })
            .collect())
    }

    /// Whom submitting shares the document with: the departments of the
    /// workflow's reviewing field; where approval freezes a version, also
    /// every person the form and its tables name (people involved, action
    /// items' owners), who are to have the approved version.
    pub fn parties(&self) -> DocResult<Parties> {
        let template = self.template();
        let workflow = &template.workflow;
        let mut parties = Parties::default();
        if let Some(field) = workflow.departments_field {
            let named = match self.field(field)? {
                Some(Value::Departments(ds)) => ds,
                Some(Value::Department(d)) => vec![d],
                _ => Vec::new(),
            };
            parties.departments = named.iter().filter_map(|d| d.parse().ok()).collect();
        }
        if !workflow.freezes_versions() {
            return Ok(parties);
        }
        let mut people = Vec::new();
        for field in template.fields {
            people.extend(persons(self.field(field.id)?));
        }
        for table in template.tables {
            for row in self.rows(table.id)? {
                people.extend(row.cells.into_values().flat_map(|v| persons(Some(v))));
            }
        }
        let mut ids: Vec<PersonId> = people.iter().filter_map(|p| p.parse().ok()).collect();
        ids.sort();
        ids.dedup();
        parties.people = ids;
        Ok(parties)
    }
}

fn persons(value: Option<Value>) -> Vec<String> {
    match value {
        Some(Value::Person(p)) => vec![p],
        Some(Value::People(ps)) => ps,
        _ => Vec::new(),
    }
}
