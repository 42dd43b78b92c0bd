//! Comments, read confirmations and named versions: entries that belong to
//! the person who wrote them.

use automerge::{Automerge, ObjId, ROOT};

use super::{check::Check, schema};
use crate::{
    access::{PersonId, Refusal},
    document::At,
};

impl Check<'_> {
    /// Editors add comments as themselves; only the author edits or deletes
    /// one. Comments stay open in closed states: discussing what is under
    /// review is their point.
    pub(super) fn comment(&self, id: &str) -> Result<(), Refusal> {
        let path = format!("comments.{id}");
        let before = self.entry_author(self.before, "comments", id, "author");
        match before {
            Some(author) if author.as_ref() != Some(self.actor.id()) => {
                return Err(Refusal::NotYours {
                    path,
                    owner: author.map_or_else(|| "its author".into(), |a| a.to_string()),
                });
            }
            _ => {}
        }
        self.written_by_actor(self.after, "comments", id, "author")?;
        let template = self.facts.doc.template;
        self.schema_at_after(|at, out| schema::check_comment(at, template, id, out))
    }

    /// Anyone who may read the document confirms reading it, as themselves;
    /// a confirmation is never taken back.
    pub(super) fn read(&self, person: &str) -> Result<(), Refusal> {
        let path = format!("reads.{person}");
        if person != self.actor.id().as_str() {
            return Err(Refusal::NotYours {
                path,
                owner: person.into(),
            });
        }
        if self.entry(self.after, "reads", person).is_none() {
            return Err(Refusal::Immutable { path });
        }
        self.schema_at_after(|at, out| schema::check_read(at, person, out))
    }

    /// Editors name versions as themselves; a named version never changes.
    pub(super) fn version(&self, id: &str) -> Result<(), Refusal> {
        let path = format!("versions.{id}");
        if !self.creating && self.entry(self.before, "versions", id).is_some() {
            return Err(Refusal::Immutable { path });
        }
        self.written_by_actor(self.after, "versions", id, "by")?;
        self.schema_at_after(|at, out| schema::check_version(at, id, out))
    }

    fn entry(&self, at: At<'_, Automerge>, part: &str, id: &str) -> Option<ObjId> {
        at.map(&at.map(&ROOT, part)?, id)
    }

    /// `None`: no such entry; `Some(None)`: an entry with no valid author.
    fn entry_author(
        &self,
        at: At<'_, Automerge>,
        part: &str,
        id: &str,
        key: &str,
    ) -> Option<Option<PersonId>> {
        let entry = self.entry(at, part, id)?;
        Some(schema::person_at(at, &entry, key))
    }

    /// An entry present after the change must name the actor as its writer.
    fn written_by_actor(
        &self,
        at: At<'_, Automerge>,
        part: &str,
        id: &str,
        key: &str,
    ) -> Result<(), Refusal> {
        match self.entry_author(at, part, id, key) {
            Some(author) if author.as_ref() != Some(self.actor.id()) => Err(Refusal::NotYours {
                path: format!("{part}.{id}.{key}"),
                owner: self.actor.id().to_string(),
            }),
            _ => Ok(()),
        }
    }
}
