use std::collections::BTreeMap;

use automerge::{ObjType, ROOT, ReadDoc, ScalarValue, transaction::Transactable};

use super::{
    doc::{ConcordDoc, map_in},
    error::DocResult,
    read::{ms_at, object_at},
};
use crate::access::PersonId;

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
}
