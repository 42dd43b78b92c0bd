//! Comments, read confirmations and named versions: entries that belong to
//! the person who wrote them.

use automerge::{Automerge, ChangeHash, ObjId, ROOT, ReadDoc};

use super::{check::Check, schema};
use crate::{
    access::{PersonId, Refusal},
    document::At,
    workflow::{State, version_name},
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
    /// Where reaching a state freezes a version, versions are named by that
    /// move only (`frozen_version` checks the one it names).
    pub(super) fn version(&self, id: &str) -> Result<(), Refusal> {
        let path = format!("versions.{id}");
        if !self.creating && self.entry(self.before, "versions", id).is_some() {
            return Err(Refusal::Immutable { path });
        }
        self.written_by_actor(self.after, "versions", id, "by")?;
        self.schema_at_after(|at, out| schema::check_version(at, id, out))?;
        let workflow = &self.facts.doc.template.workflow;
        if workflow.freezes_versions() && self.freezing_move().is_none() {
            let state = workflow.states.iter().find(|s| s.freezes_version);
            return Err(Refusal::VersionNotFrozen {
                state: state.map_or_else(String::new, |s| s.id.into()),
                name: version_name(self.version_ids(self.before).len()),
            });
        }
        Ok(())
    }

    /// The state this batch moves into, if reaching it freezes a version.
    pub(super) fn freezing_move(&self) -> Option<&'static State> {
        if !self.status_moves() {
            return None;
        }
        let meta = self.after.map(&ROOT, "meta")?;
        let to = self.after.str(&meta, "status")?;
        let state = self.facts.doc.template.workflow.state(&to)?;
        state.freezes_version.then_some(state)
    }

    /// A move into a state that freezes a version names exactly one new
    /// version, the next in sequence, whose heads show the document in that
    /// very state: an approved document always has its round's version.
    pub(super) fn frozen_version(&self, state: &State) -> Result<(), Refusal> {
        let earlier = self.version_ids(self.before);
        let name = version_name(earlier.len());
        let refused = || Refusal::VersionNotFrozen {
            state: state.id.into(),
            name: name.clone(),
        };
        let added: Vec<String> = self
            .version_ids(self.after)
            .into_iter()
            .filter(|id| !earlier.contains(id))
            .collect();
        let [id] = added.as_slice() else {
            return Err(refused());
        };
        let entry = self.entry(self.after, "versions", id).ok_or_else(refused)?;
        if self.after.str(&entry, "name").as_deref() != Some(name.as_str()) {
            return Err(refused());
        }
        let heads: Vec<ChangeHash> = self
            .after
            .string_list(&entry, "heads")
            .unwrap_or_default()
            .iter()
            .filter_map(|h| h.parse().ok())
            .collect();
        let doc = self.after.doc;
        if heads.is_empty() || !doc.get_missing_deps(&heads).is_empty() {
            return Err(refused());
        }
        let then = At::heads(doc, &heads);
        let status = then.map(&ROOT, "meta").and_then(|m| then.str(&m, "status"));
        if status.as_deref() != Some(state.id) {
            return Err(refused());
        }
        Ok(())
    }

    fn version_ids(&self, at: At<'_, Automerge>) -> Vec<String> {
        at.map(&ROOT, "versions")
            .map(|v| at.keys(&v))
            .unwrap_or_default()
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
