use std::collections::BTreeMap;

use automerge::{ObjType, ROOT, ReadDoc, ScalarValue, transaction::Transactable};

use super::{
    doc::{ConcordDoc, map_in},
    error::DocResult,
    read::{ms_at, object_at},
};
use crate::{
    access::{Classification, DocRole, PersonId},
    workflow::Audience,
};

/// SPEC: a notice reaches every recipient within 2 hours of publishing.
pub const READ_WITHIN_MINUTES: i64 = 120;

impl ConcordDoc {
    /// Records that `person` has read the document (a notice's recipients
    /// confirm reading). The first confirmation stands: confirming again
    /// writes nothing, so the issuer sees when it was first read.
    pub fn confirm_read(&mut self, person: &PersonId, now_ms: i64) -> DocResult<()> {
        let part = map_in(&self.doc, &ROOT, "reads")?;
        if object_at(&self.doc, &part, person.as_str(), ObjType::Map).is_some() {
            return Ok(());
        }
        let entry = self.doc.put_object(&part, person.as_str(), ObjType::Map)?;
        self.doc.put(&entry, "at", ScalarValue::Timestamp(now_ms))?;
        Ok(())
    }

    /// Who confirmed reading, and when (ms). Malformed entries are skipped.
    pub fn reads(&self) -> DocResult<BTreeMap<PersonId, i64>> {
        let part = map_in(&self.doc, &ROOT, "reads")?;
        Ok(self
            .doc
            .keys(&part)
            .filter_map(|key| {
                let entry = object_at(&self.doc, &part, &key, ObjType::Map)?;
                Some((key.parse().ok()?, ms_at(&self.doc, &entry, "at")?))
            })
            .collect())
    }

    /// Of `recipients`, those who have not confirmed reading yet.
    pub fn unread_by(&self, recipients: &[PersonId]) -> DocResult<Vec<PersonId>> {
        let reads = self.reads()?;
        Ok(recipients
            .iter()
            .filter(|p| !reads.contains_key(p))
            .cloned()
            .collect())
    }

    /// Whom the document names as its recipients, where its workflow
    /// publishes it (a notice's everyone box and recipient departments).
    pub fn audience(&self) -> DocResult<Option<Audience>> {
        let Some(recipients) = self.template().workflow.recipients() else {
            return Ok(None);
        };
        let mut failed = None;
        let audience = recipients.audience(|field| {
            self.field(field)
                .map_err(|e| failed = Some(e))
                .ok()
                .flatten()
        });
        match failed {
            Some(e) => Err(e),
            None => Ok(Some(audience)),
        }
    }

    /// Moving into `to` publishes the document where that state does: its
    /// recipients get read access in the same change (a viewer's grant to
    /// each recipient department; a notice to everyone becomes public), as
    /// the relay requires of that move, whoever takes it.
    pub fn publish_on(&mut self, to: &str) -> DocResult<()> {
        let publishes = self
            .template()
            .workflow
            .state(to)
            .is_some_and(|s| s.publishes.is_some());
        let Some(audience) = self.audience()?.filter(|_| publishes) else {
            return Ok(());
        };
        if audience.everyone {
            if self.meta()?.classification != Classification::Public {
                self.set_classification(Classification::Public)?;
            }
            return Ok(());
        }
        let granted: Vec<_> = self.dept_grants()?.into_iter().map(|(d, _)| d).collect();
        for dept in audience.departments.iter().filter(|d| !granted.contains(d)) {
            self.set_dept_role(dept, DocRole::Viewer)?;
        }
        Ok(())
    }
}
