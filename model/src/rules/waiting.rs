//! What a document's process waits for, from whom, and by when: the line
//! every document shows ("waiting for 李雷's review, due Thu 5 Dec").

use super::permissions::Permissions;
use crate::{
    access::{DeptId, PersonId},
    calendar::{LocalDateTime, TimeZone, Today},
    workflow::{ARCHIVED, Transition, Who},
};

/// Whom a step waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Awaited {
    /// These people (the initiator, the recorded superior, the parties who
    /// have not signed yet).
    People(Vec<PersonId>),
    /// The heads of these departments (those who have not signed yet):
    /// the directory, not the document, knows who they are.
    HeadsOf(Vec<DeptId>),
    /// Whoever holds this part (an editor, an owner, a row's owner), or the
    /// superior before one is recorded.
    Role(Who),
}

/// What the process waits for now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    /// The step it waits for (the first of those out of the state).
    pub step: &'static Transition,
    pub awaited: Awaited,
    /// When it is due, in the workspace's zone, where the state sets a due
    /// time and the time the document entered it is known.
    pub due: Option<LocalDateTime>,
    /// Past due by the workspace's today.
    pub overdue: bool,
}

impl Permissions {
    /// What the process waits for, from whom, due when: `None` in a state
    /// no step leads on from (approved, archived). `today` is the
    /// workspace's (the app passes its best knowledge of it); `zone` reads
    /// the instant the document entered its state as a workspace time.
    pub fn waiting(&self, today: &Today, zone: &dyn TimeZone) -> Option<Waiting> {
        let doc = self.facts.doc();
        let workflow = &doc.template.workflow;
        let step = workflow.from(&doc.state).find(|t| t.to != ARCHIVED)?;
        let awaited = self.awaited(step);
        let rule = workflow.state(&doc.state).and_then(|s| s.due);
        let due = rule.zip(self.facts.entered_at).and_then(|(rule, at)| {
            let entered = LocalDateTime::of_instant(at, zone)?;
            rule.due(entered, today.working_days())
        });
        Some(Waiting {
            step,
            awaited,
            overdue: due.is_some_and(|due| today.now() > due),
            due,
        })
    }

    fn awaited(&self, step: &Transition) -> Awaited {
        let doc = self.facts.doc();
        let signed = self.signed_on(step.id);
        let not_signed = |people: &[PersonId]| -> Vec<PersonId> {
            people
                .iter()
                .filter(|p| !signed.iter().any(|s| &s.by == *p))
                .cloned()
                .collect()
        };
        match step.who {
            Who::Initiator => Awaited::People(vec![doc.initiator.clone()]),
            Who::DirectSuperior => match &doc.direct_superior {
                Some(superior) => Awaited::People(vec![superior.clone()]),
                None => Awaited::Role(Who::DirectSuperior),
            },
            Who::EveryParty => Awaited::People(not_signed(&doc.parties)),
            Who::AnyParty => Awaited::People(doc.parties.clone()),
            // Reviewers named on the form (an intake's) rather than by department.
            Who::Reviewer if doc.departments.is_empty() => Awaited::People(doc.parties.clone()),
            Who::HeadOfEveryDepartment | Who::HeadOfADepartment | Who::Reviewer => {
                Awaited::HeadsOf(
                    doc.departments
                        .iter()
                        .filter(|d| !signed.iter().any(|s| s.departments.contains(d)))
                        .cloned()
                        .collect(),
                )
            }
            who @ (Who::AnyEditor | Who::Owner | Who::RowOwner | Who::Partner) => {
                Awaited::Role(who)
            }
        }
    }
}
