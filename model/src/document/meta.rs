use automerge::{ROOT, ReadDoc, ScalarValue, transaction::Transactable};

use super::{
    doc::{ConcordDoc, ObjId, map_in, scalar},
    error::{DocError, DocResult},
};
use crate::access::{Classification, PersonId};

/// The document's `meta` map, typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub template_id: String,
    pub template_version: i64,
    pub title: String,
    pub classification: Classification,
    pub status: String,
    pub created_by: PersonId,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
}

impl ConcordDoc {
    pub fn meta(&self) -> DocResult<Meta> {
        let meta = self.meta_obj()?;
        let text = |key: &'static str| match scalar(&self.doc, &meta, key) {
            Some(ScalarValue::Str(s)) => Ok(s.to_string()),
            _ => Err(DocError::BadMeta(key)),
        };
        let int = |key: &'static str| match scalar(&self.doc, &meta, key) {
            Some(ScalarValue::Int(i) | ScalarValue::Timestamp(i)) => Ok(i),
            Some(ScalarValue::Uint(u)) => i64::try_from(u).map_err(|_| DocError::BadMeta(key)),
            _ => Err(DocError::BadMeta(key)),
        };
        Ok(Meta {
            template_id: text("template_id")?,
            template_version: int("template_version")?,
            title: self.title()?,
            classification: Classification::parse(&text("classification")?)
                .ok_or(DocError::BadMeta("classification"))?,
            status: text("status")?,
            created_by: text("created_by")?
                .parse()
                .map_err(|_| DocError::BadMeta("created_by"))?,
            created_at: int("created_at")?,
        })
    }

    /// Replaces the title by a minimal diff, so a concurrent edit elsewhere
    /// in the title survives.
    pub fn set_title(&mut self, title: &str) -> DocResult<()> {
        let meta = self.meta_obj()?;
        match self.doc.get(&meta, "title")? {
            Some((automerge::Value::Object(automerge::ObjType::Text), id)) => {
                self.doc.update_text(&id, title)?
            }
            _ => return Err(DocError::BadMeta("title")),
        }
        Ok(())
    }

    pub fn set_classification(&mut self, classification: Classification) -> DocResult<()> {
        let meta = self.meta_obj()?;
        self.doc
            .put(&meta, "classification", classification.as_str())?;
        Ok(())
    }

    /// The workflow state; which transitions are allowed is the workflow's
    /// business, not this setter's. A move advances `meta.round`, which
    /// scopes signatures to the round they were given in, and clears the
    /// last move's reason; setting the state the document is already in
    /// changes nothing.
    pub fn set_status(&mut self, status: &str) -> DocResult<()> {
        let meta = self.meta_obj()?;
        if matches!(scalar(&self.doc, &meta, "status"), Some(ScalarValue::Str(s)) if s == status) {
            return Ok(());
        }
        let round = self.round()?;
        self.doc.put(&meta, "status", status)?;
        self.doc
            .put(&meta, "round", ScalarValue::Int(round.saturating_add(1)))?;
        // The last move's reason and time go with it; a move writes its own.
        for key in ["status_reason", "status_at"] {
            if self.doc.get(&meta, key)?.is_some() {
                self.doc.delete(&meta, key)?;
            }
        }
        Ok(())
    }

    /// What a step writes on the form as it moves (`Transition::records`,
    /// `Transition::stamps`): its answer, and the moment it was taken.
    pub fn record_step(
        &mut self,
        step: &crate::workflow::Transition,
        now_ms: i64,
    ) -> DocResult<()> {
        if let Some((field, option)) = step.records {
            self.set_field(field, super::Value::Choice(option.into()))?;
        }
        if let Some(field) = step.stamps {
            self.set_field(field, super::Value::DateTime(now_ms))?;
        }
        Ok(())
    }

    /// How many status moves the document has made (`meta.round`, absent = 0).
    pub fn round(&self) -> DocResult<i64> {
        let meta = self.meta_obj()?;
        Ok(match scalar(&self.doc, &meta, "round") {
            Some(ScalarValue::Int(i)) => i,
            Some(ScalarValue::Uint(u)) => i64::try_from(u).unwrap_or(i64::MAX),
            _ => 0,
        })
    }

    /// When the document entered its state (`set_status_at`), if the move
    /// said so.
    pub fn status_at(&self) -> DocResult<Option<i64>> {
        let meta = self.meta_obj()?;
        Ok(match scalar(&self.doc, &meta, "status_at") {
            Some(ScalarValue::Int(i) | ScalarValue::Timestamp(i)) => Some(i),
            _ => None,
        })
    }

    /// When the status moved, by the mover's clock (milliseconds since the
    /// Unix epoch): written with the move, so due dates ("review within 2
    /// working days") count from it. The relay accepts it only with a move.
    pub fn set_status_at(&mut self, at_ms: i64) -> DocResult<()> {
        let meta = self.meta_obj()?;
        self.doc
            .put(&meta, "status_at", ScalarValue::Timestamp(at_ms))?;
        Ok(())
    }

    /// The reason for the status move made in the same batch (a rejection,
    /// a major change); steps that need one read it here.
    pub fn set_status_reason(&mut self, reason: &str) -> DocResult<()> {
        let meta = self.meta_obj()?;
        self.doc.put(&meta, "status_reason", reason)?;
        Ok(())
    }

    /// The initiator's direct superior, who reviews first: written by the
    /// initiator with the move that submits to them (see
    /// `Permissions::superior_to_record`), and only as the directory
    /// records theirs at that moment, which the relay checks.
    pub fn set_direct_superior(&mut self, superior: &PersonId) -> DocResult<()> {
        let meta = self.meta_obj()?;
        self.doc.put(&meta, "direct_superior", superior.as_str())?;
        Ok(())
    }

    pub(super) fn meta_obj(&self) -> DocResult<ObjId> {
        map_in(&self.doc, &ROOT, "meta").map_err(|_| DocError::BadMeta("meta"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tests::{actor, alice};
    use crate::library::library;

    #[test]
    fn meta_is_set_on_create_and_edited() {
        let t = &library()[0];
        let mut doc = ConcordDoc::create(t, "需求", &alice(), 42, actor(1)).unwrap();
        let meta = doc.meta().unwrap();
        assert_eq!(
            meta,
            Meta {
                template_id: t.id.0.into(),
                template_version: i64::from(t.version),
                title: "需求".into(),
                classification: Classification::Internal,
                status: "draft".into(),
                created_by: alice(),
                created_at: 42,
            }
        );
        let mut other = doc.fork(actor(2));
        doc.set_title("需求 V2").unwrap();
        other.set_title("新需求").unwrap();
        doc.merge(&mut other).unwrap();
        assert_eq!(doc.title().unwrap(), "新需求 V2");
        doc.set_classification(Classification::Confidential)
            .unwrap();
        doc.set_status("submitted").unwrap();
        let meta = ConcordDoc::load(&doc.save()).unwrap().meta().unwrap();
        assert_eq!(meta.classification, Classification::Confidential);
        assert_eq!(meta.status, "submitted");
        for c in ["public", "internal", "confidential"] {
            assert_eq!(Classification::parse(c).map(|c| c.as_str()), Some(c));
        }
        assert_eq!(Classification::parse("secret"), None);
    }
}
