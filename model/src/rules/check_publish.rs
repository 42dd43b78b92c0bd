//! Publishing (a notice's): the move that publishes gives the recipients
//! the document names read access in the same batch, whoever takes it, and
//! nothing more; a document that publishes cannot leave its draft without
//! recipients.

use automerge::ROOT;

use super::{check::Check, facts::Facts};
use crate::{
    access::{Classification, DocRole, Refusal},
    workflow::Recipients,
};

impl Check<'_> {
    /// The recipients this batch publishes to, if it moves into a state
    /// that publishes.
    pub(super) fn publishing_move(&self) -> Option<Recipients> {
        if !self.status_moves() {
            return None;
        }
        let meta = self.after.map(&ROOT, "meta")?;
        let to = self.after.str(&meta, "status")?;
        self.facts.doc.template.workflow.state(&to)?.publishes
    }

    /// A move out of the first state of a document that publishes names
    /// its recipients; the publishing move reaches every one of them.
    pub(super) fn recipients_reached(&self) -> Result<(), Refusal> {
        let workflow = &self.facts.doc.template.workflow;
        if workflow.recipients().is_none() {
            return Ok(());
        }
        // As named after the batch: a draft names them with its submission.
        let after = self.facts_after()?;
        let audience = &after.audience;
        if self.facts.is_initial() && audience.is_empty() {
            return Err(Refusal::NoRecipients);
        }
        if self.publishing_move().is_none() {
            return Ok(());
        }
        // Department grants do not reach a confidential document.
        let unreached: Vec<String> = match audience.everyone {
            true if after.classification == Classification::Public => Vec::new(),
            true => vec!["everyone".into()],
            false => audience
                .departments
                .iter()
                .filter(|d| {
                    after.classification == Classification::Confidential
                        || !after.acl.departments.contains_key(d)
                })
                .map(ToString::to_string)
                .collect(),
        };
        if unreached.is_empty() {
            Ok(())
        } else {
            Err(Refusal::NotPublishedTo {
                recipients: unreached.join(", "),
            })
        }
    }

    /// What the publishing move may change in the acl whoever takes it:
    /// only a viewer's grant to each recipient department not granted yet.
    pub(super) fn acl_published(&self) -> Result<(), Refusal> {
        let before = &self.facts.acl;
        let Facts {
            acl: after,
            audience,
            ..
        } = self.facts_after()?;
        let refused = || Refusal::AclChangeNeedsOwner;
        if after.people != before.people || after.orgs != before.orgs {
            return Err(refused());
        }
        for (dept, role) in &before.departments {
            if after.departments.get(dept) != Some(role) {
                return Err(refused());
            }
        }
        let added_only_recipients = after.departments.iter().all(|(dept, role)| {
            before.departments.contains_key(dept)
                || (*role == DocRole::Viewer && audience.departments.contains(dept))
        });
        if added_only_recipients {
            Ok(())
        } else {
            Err(refused())
        }
    }

    /// The publishing move opens a notice to everyone by making it public,
    /// and only when it names everyone.
    pub(super) fn classification_published(&self) -> Result<(), Refusal> {
        let after = self.facts_after()?;
        if after.audience.everyone && after.classification == Classification::Public {
            Ok(())
        } else {
            Err(Refusal::NeedsOwner {
                what: "meta.classification".into(),
            })
        }
    }

    fn facts_after(&self) -> Result<Facts, Refusal> {
        Facts::read(self.after).map_err(|violation| Refusal::BreaksSchema { violation })
    }
}
