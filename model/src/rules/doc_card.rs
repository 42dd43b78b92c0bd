use automerge::{Automerge, ROOT};

use super::{facts::Facts, violation::Violation};
use crate::{
    access::{Acl, Classification, DocRole, Person, PersonId, Refusal, may_read},
    document::At,
};

/// What a listing of documents shows of one, and what decides who may see
/// it: read once from a document, so a list can be filtered per person
/// without the document at hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocCard {
    pub template_id: String,
    pub title: String,
    pub state: String,
    pub classification: Classification,
    pub acl: Acl,
    /// When it entered its state (ms since the epoch, the mover's clock):
    /// for an archived document, when it was archived.
    pub entered_at: Option<i64>,
}

impl DocCard {
    pub fn read(doc: &Automerge) -> Result<Self, Violation> {
        let at = At::now(doc);
        let facts = Facts::read(at)?;
        let title = at
            .map(&ROOT, "meta")
            .and_then(|meta| at.string_or_text(&meta, "title"))
            .unwrap_or_default();
        Ok(Self {
            template_id: facts.doc.template.id.0.to_owned(),
            title,
            state: facts.doc.state,
            classification: facts.classification,
            acl: facts.acl,
            entered_at: facts.entered_at,
        })
    }

    /// Its first owner, by id (every reader of the document sees its members).
    pub fn owner(&self) -> Option<&PersonId> {
        self.acl
            .people
            .iter()
            .find(|(_, role)| **role == DocRole::Owner)
            .map(|(id, _)| id)
    }

    /// The person's role on the document, or why they may not read it.
    pub fn role_of(&self, who: &Person) -> Result<DocRole, Refusal> {
        may_read(who, &self.acl, self.classification)
    }
}
