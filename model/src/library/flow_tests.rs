//! Every template's workflow is well formed, and each of its steps is
//! allowed for the right person and refused for a wrong one.

use std::collections::{BTreeSet, HashSet};

use super::library;
use crate::{
    access::{Actor, DocRole, Person, PersonId, Refusal},
    field::FieldKind,
    workflow::{ARCHIVED, Attempt, DocFacts, Requires, Step, Target, Who, Writer, may_transition},
};

fn pid(s: &str) -> PersonId {
    s.parse().unwrap()
}

#[test]
fn every_step_goes_between_states_of_its_workflow() {
    for t in library() {
        let flow = &t.workflow;
        assert!(flow.state(flow.initial).is_some(), "{}: initial", t.id);
        for step in flow.transitions {
            assert!(
                flow.state(step.from).is_some(),
                "{}: {} from {}",
                t.id,
                step.id,
                step.from
            );
            assert!(
                flow.state(step.to).is_some(),
                "{}: {} to {}",
                t.id,
                step.id,
                step.to
            );
        }
    }
}

#[test]
fn state_ids_and_step_starts_are_unique() {
    for t in library() {
        let flow = &t.workflow;
        let states: HashSet<_> = flow.states.iter().map(|s| s.id).collect();
        assert_eq!(states.len(), flow.states.len(), "{}", t.id);
        let steps: HashSet<_> = flow.transitions.iter().map(|s| (s.id, s.from)).collect();
        assert_eq!(steps.len(), flow.transitions.len(), "{}", t.id);
    }
}

#[test]
fn every_state_is_reachable_from_the_initial_one_and_can_reach_the_archive() {
    for t in library() {
        let flow = &t.workflow;
        let reach = |start: &'static str, forward: bool| {
            let mut seen = BTreeSet::from([start]);
            let mut todo = vec![start];
            while let Some(at) = todo.pop() {
                for step in flow.transitions {
                    let (a, b) = if forward {
                        (step.from, step.to)
                    } else {
                        (step.to, step.from)
                    };
                    if a == at && seen.insert(b) {
                        todo.push(b);
                    }
                }
            }
            seen
        };
        let from_initial = reach(flow.initial, true);
        let to_archive = reach(ARCHIVED, false);
        for state in flow.states {
            assert!(
                from_initial.contains(state.id),
                "{}: {} unreachable",
                t.id,
                state.id
            );
            assert!(
                to_archive.contains(state.id),
                "{}: {} never archived",
                t.id,
                state.id
            );
        }
    }
}

#[test]
fn the_archive_is_closed_and_final() {
    for t in library() {
        let archived = t.workflow.state(ARCHIVED).expect("every workflow archives");
        assert!(!archived.open, "{}", t.id);
        assert_eq!(t.workflow.from(ARCHIVED).count(), 0, "{}", t.id);
    }
}

#[test]
fn every_write_rule_names_a_real_field_or_table_and_real_states() {
    for t in library() {
        for rule in t.workflow.write_rules {
            let known = match rule.target {
                Target::Field(f) => t.field(f).is_some(),
                Target::Table(table) => t.table(table).is_some(),
                Target::Cell { table, field } => t
                    .table(table)
                    .is_some_and(|tb| tb.fields.iter().any(|f| f.id == field)),
            };
            assert!(known, "{}: {:?}", t.id, rule.target);
            if let Writer::OnlyInStates(states) = rule.writer {
                for s in states {
                    assert!(t.workflow.state(s).is_some(), "{}: state {s}", t.id);
                    assert_ne!(*s, ARCHIVED, "{}: nothing opens the archive", t.id);
                }
            }
        }
    }
}

#[test]
fn department_and_party_steps_name_fields_of_the_right_kind() {
    for t in library() {
        let flow = &t.workflow;
        let uses_departments = flow
            .transitions
            .iter()
            .any(|s| s.who.uses_departments() && s.who != Who::Reviewer);
        let uses_parties = flow.transitions.iter().any(|s| s.who.uses_parties());
        match flow.departments_field {
            Some(f) => assert!(
                matches!(
                    t.field(f).map(|f| f.kind),
                    Some(FieldKind::Department | FieldKind::Departments)
                ),
                "{}: {f}",
                t.id
            ),
            None => assert!(!uses_departments, "{}: heads of which departments?", t.id),
        }
        match flow.parties_field {
            Some(f) => assert!(
                matches!(
                    t.field(f).map(|f| f.kind),
                    Some(FieldKind::Person | FieldKind::People)
                ),
                "{}: {f}",
                t.id
            ),
            None => assert!(!uses_parties, "{}: which parties?", t.id),
        }
    }
}

/// Whoever could change who reviews or signs after submitting could pick
/// their own reviewers; so those fields are required and fixed early.
#[test]
fn reviewer_and_party_fields_are_required_and_fixed_after_the_first_state() {
    for t in library() {
        let flow = &t.workflow;
        for f in flow.departments_field.into_iter().chain(flow.parties_field) {
            assert!(
                t.field(f).is_some_and(|f| f.required),
                "{}: {f} required",
                t.id
            );
            let fixed = flow.write_rules.iter().any(|r| {
                r.target == Target::Field(f)
                    && match r.writer {
                        Writer::OnlyAtCreation => true,
                        Writer::OnlyInStates(states) => states == [flow.initial],
                        _ => false,
                    }
            });
            assert!(fixed, "{}: {f} may change after submission", t.id);
        }
    }
}

#[test]
fn every_label_of_a_workflow_is_given_in_both_languages() {
    for t in library() {
        let states = t.workflow.states.iter().map(|s| s.label);
        let steps = t.workflow.transitions.iter().map(|s| s.label);
        for label in states.chain(steps) {
            assert!(
                !label.zh_cn.trim().is_empty() && !label.en.trim().is_empty(),
                "{}",
                t.id
            );
        }
    }
}

/// The person each kind of step is for, and a document that makes them so.
fn right_and_wrong(who: Who, doc: &mut DocFacts<'_>) -> (Actor, Actor, Option<PersonId>) {
    let staff = |id: &str, role| Actor {
        person: Person::staff(pid(id), vec![]),
        role: Some(role),
    };
    let dept: crate::access::DeptId = "d1".parse().unwrap();
    doc.direct_superior = Some(pid("boss"));
    doc.departments = vec![dept.clone()];
    doc.parties = vec![pid("party")];
    let right = match who {
        Who::Initiator => Actor {
            person: Person::staff(pid("ini"), vec![]).reporting_to(pid("boss")),
            role: Some(DocRole::Editor),
        },
        Who::DirectSuperior | Who::Reviewer => staff("boss", DocRole::Viewer),
        Who::HeadOfADepartment | Who::HeadOfEveryDepartment => Actor {
            person: Person::staff(pid("head"), vec![dept.clone()]).heading(dept),
            role: Some(DocRole::Viewer),
        },
        Who::AnyParty | Who::EveryParty => staff("party", DocRole::Editor),
        Who::AnyEditor => staff("zed", DocRole::Editor),
        Who::Owner => staff("own", DocRole::Owner),
        Who::RowOwner => staff("rowan", DocRole::Editor),
        Who::Partner => Actor {
            person: Person::partner(pid("cust"), "acme".parse().unwrap()),
            role: Some(DocRole::Editor),
        },
    };
    let wrong = match who {
        Who::AnyEditor => staff("zed", DocRole::Viewer),
        _ => staff("zed", DocRole::Editor),
    };
    let row_owner = (who == Who::RowOwner).then(|| pid("rowan"));
    (right, wrong, row_owner)
}

#[test]
fn every_step_of_every_template_is_for_its_person_only() {
    let mut checked = 0;
    for t in library() {
        for step in t.workflow.transitions {
            let mut doc = DocFacts::new(t, pid("ini")).in_state(step.from);
            let (right, wrong, row_owner) = right_and_wrong(step.who, &mut doc);
            let attempt = Attempt {
                reason: Some("because"),
                row_owner: row_owner.as_ref(),
                ..Attempt::new(step.id)
            };
            assert_eq!(
                may_transition(&right, &doc, &attempt),
                Ok(Step::Moves { to: step.to }),
                "{}: {} by {:?}",
                t.id,
                step.id,
                step.who
            );
            let refused = may_transition(&wrong, &doc, &attempt);
            assert!(
                matches!(refused, Err(Refusal::TransitionNotAllowed { .. })),
                "{}: {} by a wrong person gave {refused:?}",
                t.id,
                step.id
            );
            if step.requires == Requires::Reason {
                let bare = Attempt {
                    reason: Some("  "),
                    ..attempt
                };
                assert!(matches!(
                    may_transition(&right, &doc, &bare),
                    Err(Refusal::ReasonRequired { .. })
                ));
            }
            checked += 1;
        }
    }
    assert!(checked >= 14 * 2, "only {checked} steps");
}

#[test]
fn a_document_lands_in_its_initial_state() {
    for t in library() {
        assert_eq!(
            DocFacts::new(t, pid("ini")).state,
            t.workflow.initial,
            "{}",
            t.id
        );
        assert_ne!(t.workflow.initial, ARCHIVED, "{}", t.id);
    }
}

/// A step after which no step leads back to a state open for editing (the
/// archive, or a final state short of it) cannot be taken back: the app
/// asks before taking it, with the template's words for what it does (a
/// step that needs a reason asks for it, which is asking already).
#[test]
fn a_step_that_cannot_be_taken_back_asks_first() {
    let mut silent = Vec::new();
    for t in library() {
        let flow = &t.workflow;
        let reopens = |from: &'static str| {
            let mut seen = BTreeSet::from([from]);
            let mut todo = vec![from];
            while let Some(at) = todo.pop() {
                if flow.state(at).is_some_and(|s| s.open) {
                    return true;
                }
                for step in flow.from(at) {
                    if seen.insert(step.to) {
                        todo.push(step.to);
                    }
                }
            }
            false
        };
        for step in flow.transitions {
            let final_step = step.to == ARCHIVED || !reopens(step.to);
            match step.asks_first {
                None if final_step && step.requires != Requires::Reason => {
                    silent.push(format!("{}: {}", t.id, step.id))
                }
                None => {}
                Some(question) => assert!(
                    !question.zh_cn.trim().is_empty() && !question.en.trim().is_empty(),
                    "{}: {}",
                    t.id,
                    step.id
                ),
            }
        }
    }
    assert!(
        silent.is_empty(),
        "cannot be taken back yet ask nothing: {silent:?}"
    );
}

/// Closing a tracker stops everyone's reporting: asked once, like archiving.
#[test]
fn closing_and_archiving_ask_first() {
    for (template, step) in [
        ("task-tracker", "close"),
        ("task-breakdown", "close"),
        ("task-tracker", "archive"),
        ("meeting-minutes", "archive"),
    ] {
        let t = super::find_template(template).unwrap();
        let step = t.workflow.transition(step).unwrap();
        assert!(step.asks_first.is_some(), "{template}: {}", step.id);
    }
}

/// "A step the rules would refuse is never offered": a step out of the
/// first state makes every required field and cell due, so whoever may
/// take it must be able to fill each of them in the state before it.
#[test]
fn whoever_may_take_a_step_may_fill_what_it_makes_due() {
    use crate::workflow::{may_order_rows, may_write_cell, may_write_field};
    let mut unfillable = Vec::new();
    for t in library() {
        let flow = &t.workflow;
        for step in flow.from(flow.initial).filter(|s| s.to != flow.initial) {
            let mut doc = DocFacts::new(t, pid("ini")).in_state(step.from);
            let (mut taker, _, _) = right_and_wrong(step.who, &mut doc);
            if step.who == Who::Initiator {
                // Whoever creates a document owns it.
                taker.role = Some(DocRole::Owner);
            }
            // The initiator, as owner, fills in what a step's other takers
            // may not (the respondent a feedback form is sent to).
            let initiator = Actor {
                person: Person::staff(pid("ini"), vec![]).reporting_to(pid("boss")),
                role: Some(DocRole::Owner),
            };
            let attempt = Attempt {
                reason: Some("because"),
                ..Attempt::new(step.id)
            };
            let fillers: Vec<&Actor> = if may_transition(&initiator, &doc, &attempt).is_ok() {
                vec![&taker, &initiator]
            } else {
                vec![&taker]
            };
            for field in t.fields.iter().filter(|f| f.required) {
                let fillable = fillers
                    .iter()
                    .map(|who| may_write_field(who, &doc, field.id, false))
                    .find(Result::is_ok)
                    .unwrap_or_else(|| may_write_field(&taker, &doc, field.id, false));
                if let Err(why) = fillable {
                    unfillable.push(format!("{}: {} before {}: {why}", t.id, field.id, step.id));
                }
            }
            for table in t.tables {
                let required = table.fields.iter().filter(|f| f.required);
                // A table that takes no rows yet holds no cells to fill.
                if may_order_rows(&taker, &doc, table.id).is_err() {
                    continue;
                }
                for field in required {
                    let cell =
                        may_write_cell(&taker, &doc, table.id, field.id, true, Some(taker.id()));
                    if let Err(why) = cell {
                        unfillable.push(format!(
                            "{}: {}.{} before {}: {why}",
                            t.id, table.id, field.id, step.id
                        ));
                    }
                }
            }
        }
    }
    assert!(unfillable.is_empty(), "{unfillable:#?}");
}
