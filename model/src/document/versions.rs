use automerge::{ChangeHash, ObjType, ROOT, ReadDoc, ScalarValue, transaction::Transactable};
use rand_core::RngCore;

use super::{
    doc::{ConcordDoc, map_in},
    error::{DocError, DocResult},
    ids::VersionId,
    read::{ms_at, object_at, str_at, strings_at},
};
use crate::{access::PersonId, workflow::version_name};

/// A named version (V2.0 → V2.1): the document's heads when it was named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub id: VersionId,
    pub name: String,
    pub note: String,
    pub heads: Vec<ChangeHash>,
    pub by: PersonId,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
}

impl ConcordDoc {
    /// Names the document as it is now. The pending change is committed
    /// first (stamped `now_ms`, signed by `by`, who made it: the history
    /// names who took the step that froze a version), so the version
    /// includes every edit so far.
    pub fn add_version(
        &mut self,
        name: &str,
        note: &str,
        by: &PersonId,
        now_ms: i64,
        rng: &mut impl RngCore,
    ) -> DocResult<VersionId> {
        let name = super::version_compare::checked_version_name(name)?;
        self.commit(now_ms, Some(by.as_str()));
        let heads = self.heads();
        let id = VersionId::random(rng);
        let part = map_in(&self.doc, &ROOT, "versions")?;
        let entry = self.doc.put_object(&part, id.0.as_str(), ObjType::Map)?;
        self.doc.put(&entry, "name", name)?;
        self.doc.put(&entry, "note", note)?;
        let list = self.doc.put_object(&entry, "heads", ObjType::List)?;
        for (i, head) in heads.iter().enumerate() {
            self.doc.insert(&list, i, head.to_string())?;
        }
        self.doc.put(&entry, "by", by.as_str())?;
        self.doc.put(&entry, "at", ScalarValue::Timestamp(now_ms))?;
        Ok(id)
    }

    /// Names the version that the move just made freezes (the next in the
    /// workflow's sequence, `version_name`), in the same change as the move:
    /// what a state that freezes a version asks of whoever moves there.
    pub fn freeze_version(
        &mut self,
        note: &str,
        by: &PersonId,
        now_ms: i64,
        rng: &mut impl RngCore,
    ) -> DocResult<VersionId> {
        let part = map_in(&self.doc, &ROOT, "versions")?;
        let name = version_name(self.doc.keys(&part).count());
        self.add_version(&name, note, by, now_ms, rng)
    }

    /// After a move to `reached`: freezes its version if that state asks
    /// for one (`State::freezes_version`), in the same change.
    pub fn freeze_version_on(
        &mut self,
        reached: &str,
        note: &str,
        by: &PersonId,
        now_ms: i64,
        rng: &mut impl RngCore,
    ) -> DocResult<Option<VersionId>> {
        let workflow = &self.template.workflow;
        if !workflow.state(reached).is_some_and(|s| s.freezes_version) {
            return Ok(None);
        }
        self.freeze_version(note, by, now_ms, rng).map(Some)
    }

    /// Every readable version sorted by (at, id). One whose heads are not
    /// hex change hashes is skipped.
    pub fn versions(&self) -> DocResult<Vec<Version>> {
        let part = map_in(&self.doc, &ROOT, "versions")?;
        let mut out: Vec<Version> = self
            .doc
            .keys(&part)
            .filter_map(|key| {
                let entry = object_at(&self.doc, &part, &key, ObjType::Map)?;
                Some(Version {
                    name: str_at(&self.doc, &entry, "name")?,
                    note: str_at(&self.doc, &entry, "note").unwrap_or_default(),
                    heads: strings_at(&self.doc, &entry, "heads")?
                        .iter()
                        .map(|h| h.parse().ok())
                        .collect::<Option<Vec<ChangeHash>>>()?,
                    by: str_at(&self.doc, &entry, "by")?.parse().ok()?,
                    at: ms_at(&self.doc, &entry, "at")?,
                    id: VersionId(key),
                })
            })
            .collect();
        out.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
        Ok(out)
    }

    /// The document as it was at a named version, to view or compare (the
    /// pending change is committed first, as Automerge's fork does). It is
    /// a separate replica: edits to it never reach this one unless merged,
    /// so callers treat it as read-only. Heads this replica lacks (a version
    /// named on a peer whose changes have not all arrived) are an error.
    pub fn at_version(&mut self, id: &VersionId) -> DocResult<ConcordDoc> {
        let version = self
            .versions()?
            .into_iter()
            .find(|v| &v.id == id)
            .ok_or_else(|| DocError::UnknownVersion(id.0.clone()))?;
        let old = self
            .doc
            .fork_at(&version.heads)
            .map_err(|_| DocError::UnknownVersion(id.0.clone()))?;
        Ok(ConcordDoc {
            doc: old,
            template: self.template,
            touched_cursor: Vec::new(),
        })
    }
}
