use automerge::{ObjType, ROOT, ReadDoc, ScalarValue, transaction::Transactable};
use rand_core::RngCore;

use super::{
    doc::{ConcordDoc, map_in},
    error::DocResult,
    ids::{RowId, SignoffId},
    read::{ms_at, object_at, str_at, strings_at},
};
use crate::access::{DeptId, PersonId};
use crate::workflow::Signoff;

/// A reviewer's answer on a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Decision {
    Approve,
    Reject,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Reject => "reject",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "approve" => Some(Decision::Approve),
            "reject" => Some(Decision::Reject),
            _ => None,
        }
    }
}

/// One stored sign-off, as the history and the workflow read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignoffRecord {
    pub id: SignoffId,
    pub by: PersonId,
    pub transition: String,
    /// The involved departments this signature speaks for.
    pub departments: Vec<DeptId>,
    pub decision: Decision,
    pub note: String,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
    /// The workflow round it was given in (`meta.round` then); a signature
    /// counts only in its own round, so a resubmitted request is signed anew.
    pub round: i64,
    /// For a step a row's owner takes: the row, as (table id, row id).
    pub row: Option<(String, RowId)>,
}

impl ConcordDoc {
    /// Records `by`'s confirmation of their row (`Who::RowOwner` steps such
    /// as the task tracker's "owner confirms"): a sign-off naming the row.
    /// Whether they may is `Permissions::may_take` with the row's owner.
    pub fn confirm_row(
        &mut self,
        by: &PersonId,
        transition: &str,
        table: &str,
        row: &RowId,
        now_ms: i64,
        rng: &mut impl RngCore,
    ) -> DocResult<SignoffId> {
        let record = NewSignoff {
            by,
            transition,
            departments: &[],
            decision: Decision::Approve,
            note: "",
        };
        let id = self.add_signoff(&record, now_ms, rng)?;
        let part = map_in(&self.doc, &ROOT, "signoffs")?;
        let entry = map_in(&self.doc, &part, id.0.as_str())?;
        self.doc
            .put(&entry, "row", format!("{table}/{}", row.0).as_str())?;
        Ok(id)
    }

    /// Who confirmed the row in this round, by a row owner's step.
    pub fn row_confirmed_by(&self, table: &str, row: &RowId) -> DocResult<Option<PersonId>> {
        let round = self.round()?;
        Ok(self
            .signoffs()?
            .into_iter()
            .find(|s| {
                s.round == round && s.row.as_ref().is_some_and(|(t, r)| t == table && r == row)
            })
            .map(|s| s.by))
    }
    /// Records a sign-off. Whether this person may sign this step is
    /// `may_transition`'s question, asked by the caller first.
    pub fn add_signoff(
        &mut self,
        record: &NewSignoff<'_>,
        now_ms: i64,
        rng: &mut impl RngCore,
    ) -> DocResult<SignoffId> {
        let id = SignoffId::random(rng);
        let part = map_in(&self.doc, &ROOT, "signoffs")?;
        let entry = self.doc.put_object(&part, id.0.as_str(), ObjType::Map)?;
        self.doc.put(&entry, "by", record.by.as_str())?;
        self.doc.put(&entry, "transition", record.transition)?;
        let list = self.doc.put_object(&entry, "departments", ObjType::List)?;
        for (i, dept) in record.departments.iter().enumerate() {
            self.doc.insert(&list, i, dept.as_str())?;
        }
        self.doc.put(&entry, "decision", record.decision.as_str())?;
        self.doc.put(&entry, "note", record.note)?;
        self.doc.put(&entry, "at", ScalarValue::Timestamp(now_ms))?;
        self.doc
            .put(&entry, "round", ScalarValue::Int(self.round()?))?;
        Ok(id)
    }

    /// Every readable sign-off sorted by (at, id); malformed ones are skipped.
    pub fn signoffs(&self) -> DocResult<Vec<SignoffRecord>> {
        let part = map_in(&self.doc, &ROOT, "signoffs")?;
        let mut out: Vec<SignoffRecord> = self
            .doc
            .keys(&part)
            .filter_map(|key| {
                let entry = object_at(&self.doc, &part, &key, ObjType::Map)?;
                Some(SignoffRecord {
                    by: str_at(&self.doc, &entry, "by")?.parse().ok()?,
                    transition: str_at(&self.doc, &entry, "transition")?,
                    departments: strings_at(&self.doc, &entry, "departments")?
                        .iter()
                        .map(|d| d.parse().ok())
                        .collect::<Option<Vec<DeptId>>>()?,
                    decision: Decision::parse(&str_at(&self.doc, &entry, "decision")?)?,
                    note: str_at(&self.doc, &entry, "note").unwrap_or_default(),
                    at: ms_at(&self.doc, &entry, "at")?,
                    round: ms_at(&self.doc, &entry, "round").unwrap_or(0),
                    row: str_at(&self.doc, &entry, "row").and_then(|r| {
                        let (table, row) = r.split_once('/')?;
                        Some((table.to_owned(), RowId(row.to_owned())))
                    }),
                    id: SignoffId(key),
                })
            })
            .collect();
        out.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
        Ok(out)
    }

    /// The approvals given on `transition` in the document's current round
    /// (`meta.round`), as the workflow's `Attempt::signed` takes them: a new
    /// approval round does not count the old one's signatures.
    pub fn approvals(&self, transition: &str) -> DocResult<Vec<Signoff>> {
        let round = self.round()?;
        Ok(self
            .signoffs()?
            .into_iter()
            .filter(|s| {
                s.transition == transition && s.decision == Decision::Approve && s.round == round
            })
            .map(|s| Signoff {
                by: s.by,
                departments: s.departments,
            })
            .collect())
    }
}

/// What a person signs: the step, the departments they sign for, their
/// decision and a note (the reason, when rejecting).
#[derive(Debug, Clone, Copy)]
pub struct NewSignoff<'a> {
    pub by: &'a PersonId,
    pub transition: &'a str,
    pub departments: &'a [DeptId],
    pub decision: Decision,
    pub note: &'a str,
}
