//! Workflow: status moves and the signatures that lead to them.
//!
//! Layout decisions: a step that needs a reason reads it from
//! `meta.status_reason` as it is after the batch (`set_status` clears it
//! with every move, so the app writes it with the move that needs it; a
//! signature's reason is its own `note`). `meta.round` counts status moves
//! and each move must advance it by one; a signature carries the round it
//! was given in and counts only in that round, so a request that was
//! rejected and resubmitted is signed afresh.

use automerge::{Automerge, ObjId, ROOT, ReadDoc};

use super::{check::Check, check_rows::row_owner, schema, violation::Violation};
use crate::{
    access::{DeptId, PersonId, Refusal},
    document::At,
    workflow::{Attempt, Signoff, Step, may_transition},
};

/// Whether `named` is `who`'s direct superior as the directory has it.
pub(super) fn superior_of(
    who: &crate::access::Person,
    named: Option<PersonId>,
) -> Result<(), Refusal> {
    match (&who.superior, named) {
        (None, _) => Err(Refusal::SuperiorNotRecorded),
        (Some(theirs), Some(named)) if *theirs == named => Ok(()),
        (Some(_), named) => Err(Refusal::NotYourSuperior {
            named: named.map_or_else(|| "(none)".into(), |n| n.to_string()),
        }),
    }
}

impl Check<'_> {
    /// A status move must be a step the actor may take from the state as
    /// of `before`, landing exactly in the new state, with the signatures
    /// present after the change.
    pub(super) fn status_move(&self) -> Result<(), Refusal> {
        let meta = self.after.map(&ROOT, "meta");
        let to = meta
            .as_ref()
            .and_then(|m| self.after.str(m, "status"))
            .ok_or_else(|| Refusal::BreaksSchema {
                violation: Violation::malformed("meta.status", super::violation::expected::STRING),
            })?;
        let from = self.facts.doc.state.clone();
        if to == from {
            return Ok(());
        }
        let workflow = &self.facts.doc.template.workflow;
        if workflow.state(&to).is_none() {
            return Err(Refusal::UnknownState { state: to });
        }
        let round = meta
            .as_ref()
            .and_then(|m| self.after.int(m, "round"))
            .unwrap_or(0);
        if round != self.facts.round + 1 {
            return Err(Refusal::BreaksSchema {
                violation: Violation::malformed("meta.round", NEXT_ROUND),
            });
        }
        // Read whether or not this batch wrote it: rewriting the same text
        // leaves no patch. `set_status` clears the last move's reason.
        let reason = meta
            .as_ref()
            .and_then(|m| self.after.string_or_text(m, "status_reason"));
        let doc = self.facts.doc();
        let mut first_refusal = None;
        for step in workflow.from(&from).filter(|t| t.to == to) {
            let others: Vec<Signoff> = signatures(self.after, step.id, self.facts.round)
                .into_iter()
                .filter(|s| &s.by != self.actor.id())
                .collect();
            let attempt = Attempt {
                transition: step.id,
                signed: &others,
                reason: reason.as_deref(),
                row_owner: None,
            };
            let refusal = match may_transition(&self.actor, doc, &attempt) {
                Ok(Step::Moves { to: reached }) if reached == to => {
                    let signed_myself = signatures(self.after, step.id, self.facts.round)
                        .iter()
                        .any(|s| &s.by == self.actor.id());
                    if !step.who.each_signs() || signed_myself {
                        self.fields_filled(step.fills)?;
                        // What to fill in is said before whom to send it to.
                        self.required_fields_due()?;
                        self.date_of_step(step)?;
                        self.recorded_answer(step)?;
                        self.superior_for(&to)?;
                        self.recipients_reached()?;
                        return match self.freezing_move() {
                            Some(state) => self.frozen_version(state),
                            None => Ok(()),
                        };
                    }
                    not_allowed(&from, &to, "sign the step before moving it on")
                }
                Ok(Step::Signs { outstanding, .. }) => not_allowed(
                    &from,
                    &to,
                    &format!("{outstanding} more signature(s) are needed"),
                ),
                Ok(Step::Moves { .. }) => not_allowed(&from, &to, "the step leads elsewhere"),
                Err(refusal) => refusal,
            };
            first_refusal.get_or_insert(refusal);
        }
        Err(first_refusal.unwrap_or_else(|| not_allowed(&from, &to, "no step leads there")))
    }

    /// The direct superior is written only as the initiator submits, and
    /// only as the directory records theirs at that moment.
    pub(super) fn superior_recorded(&self) -> Result<(), Refusal> {
        if !self.status_moves() || self.actor.id() != &self.facts.doc.initiator {
            return Err(Refusal::FieldNotWritable {
                field: "meta.direct_superior".into(),
                rule: "only the initiator records it, as they submit".into(),
            });
        }
        superior_of(&self.actor.person, self.superior_after())
    }

    /// A move into a state the direct superior acts in needs one recorded:
    /// by the initiator, the one the directory gives them now (a modified
    /// client cannot name itself or a friend).
    fn superior_for(&self, to: &str) -> Result<(), Refusal> {
        if !self.facts.doc.template.workflow.superior_acts_in(to) {
            return Ok(());
        }
        let named = self.superior_after();
        if self.actor.id() == &self.facts.doc.initiator {
            superior_of(&self.actor.person, named)
        } else if named.is_some() {
            Ok(())
        } else {
            Err(Refusal::SuperiorNotRecorded)
        }
    }

    /// A step that is an answer (`Transition::records`) writes it with the
    /// move, so the form says what the state says.
    fn recorded_answer(&self, step: &crate::workflow::Transition) -> Result<(), Refusal> {
        let Some((field, option)) = step.records else {
            return Ok(());
        };
        let written = self
            .after
            .map(&ROOT, "fields")
            .and_then(|fields| self.after.str(&fields, field));
        if written.as_deref() == Some(option) {
            return Ok(());
        }
        Err(Refusal::StepAnswerMissing {
            transition: step.id.into(),
            field: field.into(),
            option: option.into(),
        })
    }

    fn superior_after(&self) -> Option<PersonId> {
        let meta = self.after.map(&ROOT, "meta")?;
        schema::person_at(self.after, &meta, "direct_superior")
    }

    /// Leaving the initial state makes required fields due: all of them.
    fn required_fields_due(&self) -> Result<(), Refusal> {
        let custom = self.custom_fields();
        let ctx = self.field_context(&custom);
        self.schema_at_after(|at, out| {
            schema::check_fields(at, &ctx, out);
            schema::check_tables(at, &ctx, out);
        })
    }

    /// A new signature, by the actor, in the current round, on a step the
    /// actor may sign now; signatures already given never change.
    pub(super) fn signoff(&self, id: &str) -> Result<(), Refusal> {
        let path = format!("signoffs.{id}");
        if !self.creating && entry(self.before, "signoffs", id).is_some() {
            return Err(Refusal::Immutable { path });
        }
        let template = self.facts.doc.template;
        self.schema_at_after(|at, out| schema::check_signoff(at, template, id, out))?;
        let Some(s) = entry(self.after, "signoffs", id) else {
            return Ok(());
        };
        let at = self.after;
        let by = schema::person_at(at, &s, "by");
        if by.as_ref() != Some(self.actor.id()) {
            return Err(Refusal::NotYours {
                path: format!("{path}.by"),
                owner: self.actor.id().to_string(),
            });
        }
        if at.int(&s, "round").unwrap_or(0) != self.facts.round {
            return Err(Refusal::BreaksSchema {
                violation: Violation::malformed(format!("{path}.round"), CURRENT_ROUND),
            });
        }
        let transition = at.str(&s, "transition").unwrap_or_default();
        let departments: Vec<DeptId> = at
            .string_list(&s, "departments")
            .unwrap_or_default()
            .iter()
            .filter_map(|d| d.parse().ok())
            .collect();
        let claimable = |d: &DeptId| {
            self.actor.person.heads.contains(d) && self.facts.doc.departments.contains(d)
        };
        if let Some(d) = departments.iter().find(|d| !claimable(d)) {
            return Err(Refusal::NotYours {
                path: format!("{path}.departments"),
                owner: format!("the head of {d}"),
            });
        }
        let row_owner: Option<PersonId> = schema::signoff_row(at, &s)
            .and_then(|(table, row)| row_owner(self.before, template, &table, &row));
        let note = at.string_or_text(&s, "note");
        let signed = signatures(self.before, &transition, self.facts.round);
        let attempt = Attempt {
            transition: &transition,
            signed: &signed,
            reason: note.as_deref(),
            row_owner: row_owner.as_ref(),
        };
        may_transition(&self.actor, self.facts.doc(), &attempt).map(|_| ())
    }
}

const NEXT_ROUND: crate::locale::Localized = crate::locale::Localized::new(
    "上一轮次加一（每次状态变更）",
    "the previous round plus one (one per status move)",
);
const CURRENT_ROUND: crate::locale::Localized =
    crate::locale::Localized::new("文档当前轮次", "the document's current round");

#[cfg(test)]
pub(super) fn next_round() -> crate::locale::Localized {
    NEXT_ROUND
}

fn not_allowed(from: &str, to: &str, reason: &str) -> Refusal {
    Refusal::TransitionNotAllowed {
        from: from.into(),
        to: to.into(),
        reason: reason.into(),
    }
}

fn entry(at: At<'_, Automerge>, part: &str, id: &str) -> Option<ObjId> {
    at.map(&at.map(&ROOT, part)?, id)
}

/// The approvals given on a step in a round, as the rules count them.
pub(super) fn signatures<R: ReadDoc>(at: At<'_, R>, transition: &str, round: i64) -> Vec<Signoff> {
    let Some(all) = at.map(&ROOT, "signoffs") else {
        return Vec::new();
    };
    at.keys(&all)
        .iter()
        .filter_map(|id| {
            let s = at.map(&all, id)?;
            let counts = at.str(&s, "transition").as_deref() == Some(transition)
                && at.str(&s, "decision").as_deref() == Some("approve")
                && at.int(&s, "round").unwrap_or(0) == round;
            counts.then_some(())?;
            Some(Signoff {
                by: schema::person_at(at, &s, "by")?,
                departments: at
                    .string_list(&s, "departments")?
                    .iter()
                    .filter_map(|d| d.parse().ok())
                    .collect(),
            })
        })
        .collect()
}
