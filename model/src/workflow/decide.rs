use super::{
    doc_facts::{Attempt, DocFacts, Signoff, Step},
    state::State,
    transition::{Requires, Transition, Who},
    write_rule::{WriteRule, Writer},
};
use crate::access::{Actor, DocRole, PersonId, Refusal};

/// May the actor write this form field now? `at_creation`: the document is
/// being created by this very change.
pub fn may_write_field(
    actor: &Actor,
    doc: &DocFacts<'_>,
    field: &str,
    at_creation: bool,
) -> Result<(), Refusal> {
    if doc.template.field(field).is_none() {
        return Err(Refusal::UnknownField {
            field: field.into(),
        });
    }
    may_write(actor, doc, None, field, at_creation, &RowPeople::default())
}

/// May the actor write this cell now? `at_creation`: the row is being
/// created by this very change; `row_owner`: the row's owner, if it has one.
pub fn may_write_cell(
    actor: &Actor,
    doc: &DocFacts<'_>,
    table: &str,
    field: &str,
    at_creation: bool,
    row_owner: Option<&PersonId>,
) -> Result<(), Refusal> {
    let row = RowPeople {
        owner: row_owner,
        initiator: None,
    };
    may_write_row_cell(actor, doc, table, field, at_creation, &row)
}

/// The people a row names who decide who writes it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowPeople<'a> {
    pub owner: Option<&'a PersonId>,
    /// The row's own initiator cell, where it has one.
    pub initiator: Option<&'a PersonId>,
}

/// `may_write_cell`, knowing the row's initiator too (a task's).
pub fn may_write_row_cell(
    actor: &Actor,
    doc: &DocFacts<'_>,
    table: &str,
    field: &str,
    at_creation: bool,
    row: &RowPeople<'_>,
) -> Result<(), Refusal> {
    let known = doc
        .template
        .table(table)
        .is_some_and(|t| t.fields.iter().any(|f| f.id == field));
    if !known {
        return Err(Refusal::UnknownField {
            field: format!("{table}.{field}"),
        });
    }
    may_write(actor, doc, Some(table), field, at_creation, row)
}

/// May the actor write one of the document's own custom fields (`table`
/// None: a form field, else a cell of that table)? Custom fields carry no
/// rules of their own, so the rules covering their place decide: a form
/// field is open to any editor while the state is open; a cell follows its
/// table's whole-table rules (row owners, states), since the template's
/// per-column rules name its own columns only.
pub fn may_write_custom(
    actor: &Actor,
    doc: &DocFacts<'_>,
    table: Option<&str>,
    field: &str,
    at_creation: bool,
    row_owner: Option<&PersonId>,
) -> Result<(), Refusal> {
    let row = RowPeople {
        owner: row_owner,
        initiator: None,
    };
    may_write(actor, doc, table, field, at_creation, &row)
}

/// May the actor delete a row? Where a table's cells belong to row owners,
/// so does the row: deleting it would erase another person's reporting.
pub fn may_delete_row(
    actor: &Actor,
    doc: &DocFacts<'_>,
    table: &str,
    row_owner: Option<&PersonId>,
) -> Result<(), Refusal> {
    may_order_rows(actor, doc, table)?;
    let role = editor_role(actor)?;
    let owned = doc.template.workflow.rows_are_owned(table);
    if owned && role != DocRole::Owner && row_owner != Some(actor.id()) {
        return Err(not_row_owner(row_owner));
    }
    Ok(())
}

/// May the actor add rows to a table or move them? That writes the table as
/// a whole, so the table's own rules (not its columns') decide.
pub fn may_order_rows(actor: &Actor, doc: &DocFacts<'_>, table: &str) -> Result<(), Refusal> {
    editor_role(actor)?;
    let state = current_state(doc)?;
    if doc.template.table(table).is_none() {
        return Err(Refusal::UnknownField {
            field: table.into(),
        });
    }
    let rules = writers(doc, |r| r.covers_table(table));
    for writer in &rules {
        if let Writer::OnlyInStates(states) = writer
            && !states.contains(&state.id)
        {
            return Err(Refusal::FieldNotWritable {
                field: table.into(),
                rule: writer.describe(),
            });
        }
    }
    writable_in(state, &rules)
}

/// May the actor rename the document? Editors and owners, while its state
/// is open.
pub fn may_rename(actor: &Actor, doc: &DocFacts<'_>) -> Result<(), Refusal> {
    editor_role(actor)?;
    match doc.template.workflow.state(&doc.state) {
        Some(state) if !state.open => Err(Refusal::StateReadOnly {
            state: doc.state.clone(),
        }),
        _ => Ok(()),
    }
}

/// May the actor add, rename, reorder or remove the document's own custom
/// fields? That shapes the document for everyone: its owners' call, while
/// the document is not archived.
pub fn may_manage_fields(actor: &Actor, doc: &DocFacts<'_>) -> Result<(), Refusal> {
    editor_role(actor)?;
    if doc.state == super::ARCHIVED {
        return Err(Refusal::ArchivedReadOnly);
    }
    match actor.role {
        Some(DocRole::Owner) => Ok(()),
        _ => Err(Refusal::NeedsOwner {
            what: "custom_fields".into(),
        }),
    }
}

/// May the actor hand a row to another responsible person? That is the
/// document owner's call, where the table's rows may be ordered at all.
pub fn may_hand_over_row(
    actor: &Actor,
    doc: &DocFacts<'_>,
    table: &str,
    row: &str,
) -> Result<(), Refusal> {
    if editor_role(actor)? != DocRole::Owner {
        return Err(Refusal::NeedsOwner {
            what: format!("tables.{table}.{row}.owner"),
        });
    }
    may_order_rows(actor, doc, table)
}

fn may_write(
    actor: &Actor,
    doc: &DocFacts<'_>,
    table: Option<&str>,
    field: &str,
    at_creation: bool,
    row: &RowPeople<'_>,
) -> Result<(), Refusal> {
    let row_owner = row.owner;
    let rules = writers(doc, |r| r.covers(table, field));
    // Who asked for a task decides its steps: on the cells they decide, the
    // table's row-owner rule admits them too.
    let row_initiator = row.initiator.unwrap_or(&doc.initiator);
    let initiator_decides = (rules.contains(&Writer::RowInitiator) && actor.id() == row_initiator)
        || (rules.contains(&Writer::TaskStep) && row.initiator == Some(actor.id()));
    // A reviewer's own fields (a failed acceptance's comments) are theirs
    // to write even where they only view the rest.
    let role = if rules.contains(&Writer::OnlyReviewer) && doc.is_reviewer(actor) {
        actor.role.ok_or(Refusal::NoAccess)?
    } else {
        editor_role(actor)?
    };
    let state = current_state(doc)?;
    let name = || match table {
        Some(table) => format!("{table}.{field}"),
        None => field.to_owned(),
    };
    writable_in(state, &rules)?;
    for writer in rules {
        let allowed = match writer {
            Writer::AnyEditor => true,
            Writer::RowOwner => {
                if !(at_creation
                    || role == DocRole::Owner
                    || row_owner == Some(actor.id())
                    || initiator_decides)
                {
                    return Err(not_row_owner(row_owner));
                }
                true
            }
            Writer::OnlyAtCreation => at_creation,
            Writer::OnlyReviewer => doc.is_reviewer(actor),
            Writer::OnlyInitiator | Writer::InitiatorsOwnDepartment => {
                at_creation || actor.id() == &doc.initiator
            }
            Writer::OnlyInStates(states) => states.contains(&state.id),
            Writer::HandsOver => at_creation || role == DocRole::Owner,
            Writer::OnlyPartner => actor.person.is_partner(),
            Writer::OnlyStaff => !actor.person.is_partner(),
            Writer::RowInitiator => at_creation || actor.id() == row_initiator,
            // The value is judged by `judge_task_row`.
            Writer::Creator => at_creation,
            Writer::TaskStep => {
                at_creation
                    || role == DocRole::Owner
                    || row_owner == Some(actor.id())
                    || row.initiator == Some(actor.id())
            }
        };
        if !allowed {
            return Err(Refusal::FieldNotWritable {
                field: name(),
                rule: writer.describe(),
            });
        }
    }
    Ok(())
}

/// The writers of every write rule that `covers` selects.
fn writers(doc: &DocFacts<'_>, covers: impl Fn(&WriteRule) -> bool) -> Vec<Writer> {
    let rules = doc.template.workflow.write_rules.iter();
    rules.filter(|r| covers(r)).map(|r| r.writer).collect()
}

/// A closed state is read-only, except where a rule opens it for this state.
fn writable_in(state: &State, rules: &[Writer]) -> Result<(), Refusal> {
    let opened_here = rules
        .iter()
        .any(|w| matches!(w, Writer::OnlyInStates(states) if states.contains(&state.id)));
    if state.open || opened_here {
        Ok(())
    } else {
        Err(Refusal::StateReadOnly {
            state: state.id.into(),
        })
    }
}

fn not_row_owner(row_owner: Option<&PersonId>) -> Refusal {
    Refusal::NotRowOwner {
        row_owner: row_owner.map_or_else(|| "(none)".into(), |p| p.to_string()),
    }
}

/// May the actor take this step now, given the signatures so far?
pub fn may_transition(
    actor: &Actor,
    doc: &DocFacts<'_>,
    attempt: &Attempt<'_>,
) -> Result<Step, Refusal> {
    let role = actor.role.ok_or(Refusal::NoAccess)?;
    let state = current_state(doc)?;
    let workflow = &doc.template.workflow;
    let mut named = workflow
        .transitions
        .iter()
        .filter(|t| t.id == attempt.transition)
        .peekable();
    let Some(first) = named.peek().copied() else {
        return Err(Refusal::UnknownTransition {
            transition: attempt.transition.into(),
        });
    };
    let Some(step) = named.find(|t| t.from == state.id) else {
        return Err(not_allowed(
            state,
            first,
            format!("the step starts from {}, not {}", first.from, state.id),
        ));
    };
    if step.requires == Requires::Reason && attempt.reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(Refusal::ReasonRequired {
            transition: step.id.into(),
        });
    }
    let me = actor.id();
    let is = match step.who {
        Who::Initiator => &doc.initiator == me,
        Who::DirectSuperior => doc.direct_superior.as_ref() == Some(me),
        Who::Reviewer => doc.is_reviewer(actor),
        Who::HeadOfADepartment | Who::HeadOfEveryDepartment => {
            actor.person.heads_any(&doc.departments)
        }
        Who::AnyParty | Who::EveryParty => doc.parties.contains(me),
        Who::AnyEditor => role.may_edit(),
        Who::Owner => role == DocRole::Owner,
        Who::RowOwner => attempt.row_owner == Some(me),
        Who::Partner => role.may_edit() && actor.person.is_partner(),
    };
    if !is {
        return Err(not_allowed(state, step, step.who.describe().into()));
    }
    // Submitting to one's superior records the directory's: none, no step.
    if workflow.superior_acts_in(step.to) && &doc.initiator == me && actor.person.superior.is_none()
    {
        return Err(Refusal::SuperiorNotRecorded);
    }
    match step.who {
        Who::HeadOfEveryDepartment => sign_for_departments(actor, doc, attempt.signed, step),
        Who::EveryParty => sign_as_party(actor, doc, attempt.signed, step),
        _ => Ok(Step::Moves { to: step.to }),
    }
}

fn sign_for_departments(
    actor: &Actor,
    doc: &DocFacts<'_>,
    signed: &[Signoff],
    step: &Transition,
) -> Result<Step, Refusal> {
    let covered = |d| signed.iter().any(|s| s.departments.contains(d));
    let mine: Vec<_> = doc
        .departments
        .iter()
        .filter(|d| actor.person.heads.contains(d) && !covered(d))
        .cloned()
        .collect();
    if mine.is_empty() {
        return Err(Refusal::AlreadySigned {
            by: actor.id().clone(),
        });
    }
    let outstanding = doc
        .departments
        .iter()
        .filter(|d| !covered(d) && !mine.contains(d))
        .count();
    Ok(signed_or_moved(actor, step, mine, outstanding))
}

fn sign_as_party(
    actor: &Actor,
    doc: &DocFacts<'_>,
    signed: &[Signoff],
    step: &Transition,
) -> Result<Step, Refusal> {
    let has_signed = |p: &PersonId| signed.iter().any(|s| &s.by == p);
    if has_signed(actor.id()) {
        return Err(Refusal::AlreadySigned {
            by: actor.id().clone(),
        });
    }
    let outstanding = doc
        .parties
        .iter()
        .filter(|p| !has_signed(p) && *p != actor.id())
        .count();
    Ok(signed_or_moved(actor, step, Vec::new(), outstanding))
}

fn signed_or_moved(
    actor: &Actor,
    step: &Transition,
    departments: Vec<crate::access::DeptId>,
    outstanding: usize,
) -> Step {
    if outstanding == 0 {
        Step::Moves { to: step.to }
    } else {
        Step::Signs {
            signoff: Signoff {
                by: actor.id().clone(),
                departments,
            },
            outstanding,
        }
    }
}

pub(super) fn editor_role(actor: &Actor) -> Result<DocRole, Refusal> {
    match actor.role {
        None => Err(Refusal::NoAccess),
        Some(DocRole::Viewer) => Err(Refusal::ViewerCannotEdit),
        Some(role) => Ok(role),
    }
}

/// The document's state, where it may be written at all.
pub(super) fn open_state(doc: &DocFacts<'_>) -> Result<&'static State, Refusal> {
    let state = current_state(doc)?;
    writable_in(state, &[])?;
    Ok(state)
}

fn current_state(doc: &DocFacts<'_>) -> Result<&'static State, Refusal> {
    let state = doc
        .template
        .workflow
        .state(&doc.state)
        .ok_or_else(|| Refusal::UnknownState {
            state: doc.state.clone(),
        })?;
    if state.is_archived() {
        return Err(Refusal::ArchivedReadOnly);
    }
    Ok(state)
}

fn not_allowed(state: &State, step: &Transition, reason: String) -> Refusal {
    Refusal::TransitionNotAllowed {
        from: state.id.into(),
        to: step.to.into(),
        reason,
    }
}
