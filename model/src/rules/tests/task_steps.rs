//! A task's steps between its owner and its initiator, judged as the relay
//! judges a batch: what a modified client writes past the app's buttons is
//! refused by these same rules.

use super::*;
use crate::document::{RowId, TaskAct, Value, tests::TestRng};

const TT: &str = "task-tracker";
const TASKS: &str = "tasks";

/// alice owns the tracker; bob and carol edit it.
fn tracker() -> ConcordDoc {
    let mut doc = shared(TT);
    doc.set_member_role(&pid("carol"), DocRole::Editor).unwrap();
    doc.commit(NOW, None);
    doc
}

fn new_task(d: &mut ConcordDoc, owner: &str, initiator: Option<&str>, seed: u64) -> RowId {
    let row = d.add_row(TASKS, None, &mut TestRng(seed)).unwrap();
    let mut set = |f: &str, v: Value| d.set_cell(TASKS, &row, f, v).unwrap();
    set("task", Value::Text("write the spec".into()));
    set("owner", Value::Person(owner.into()));
    set("status", Value::Choice("not_started".into()));
    set("deadline", Value::Date("2023-11-30".into()));
    set("priority", Value::Choice("high".into()));
    set("tags", Value::Text("spec, q4".into()));
    if let Some(i) = initiator {
        set("initiator", Value::Person(i.into()));
    }
    row
}

/// carol asks bob for a task: a row bob owns and carol initiated.
fn carols_task_for_bob(doc: &mut ConcordDoc) -> RowId {
    let mut row = None;
    let made = by(doc, &staff("carol"), |d| {
        row = Some(new_task(d, "bob", Some("carol"), 1))
    });
    assert_eq!(made, Ok(()));
    row.unwrap()
}

fn act(row: &RowId, act: TaskAct) -> impl FnOnce(&mut ConcordDoc) + '_ {
    move |d| d.take_task_step(TASKS, row, &act).unwrap()
}

fn set<'a>(row: &'a RowId, field: &'static str, value: Value) -> impl FnOnce(&mut ConcordDoc) + 'a {
    move |d| d.set_cell(TASKS, row, field, value).unwrap()
}

fn status(doc: &ConcordDoc, row: &RowId) -> Option<Value> {
    doc.cell(TASKS, row, "status").unwrap()
}

fn refused_step(result: Result<(), Refusal>) -> bool {
    matches!(
        result,
        Err(Refusal::TransitionNotAllowed { .. }
            | Refusal::FieldNotWritable { .. }
            | Refusal::NotRowOwner { .. })
    )
}

#[test]
fn a_task_names_its_creator_as_initiator_and_nobody_else() {
    let mut doc = tracker();
    let forged = by(&mut doc, &staff("bob"), |d| {
        new_task(d, "bob", Some("carol"), 2);
    });
    assert!(
        refused_step(forged.clone()),
        "bob may not say carol asked: {forged:?}"
    );
    let row = carols_task_for_bob(&mut doc);
    for who in [staff("bob"), staff("carol"), alice()] {
        let rewrite = set(&row, "initiator", Value::Person("bob".into()));
        assert!(refused_step(by(&mut doc, &who, rewrite)), "{}", who.id);
    }
}

#[test]
fn the_owner_updates_progress_and_the_initiator_does_not() {
    let mut doc = tracker();
    let row = carols_task_for_bob(&mut doc);
    let progress = |d: &mut ConcordDoc| {
        d.set_cell(TASKS, &row, "status", Value::Choice("in_progress".into()))
            .unwrap();
        d.splice_cell_text(TASKS, &row, "progress", 0, 0, "outline done")
            .unwrap();
    };
    assert_eq!(
        by(&mut doc, &staff("carol"), progress),
        Err(Refusal::NotRowOwner {
            row_owner: "bob".into()
        })
    );
    assert_eq!(by(&mut doc, &staff("bob"), progress), Ok(()));
}

#[test]
fn only_the_initiator_finishes_a_task_they_asked_for() {
    let mut doc = tracker();
    let row = carols_task_for_bob(&mut doc);
    let done = || set(&row, "status", Value::Choice("done".into()));
    assert!(refused_step(by(&mut doc, &staff("bob"), done())));
    assert_eq!(
        by(&mut doc, &staff("bob"), act(&row, TaskAct::SubmitForReview)),
        Ok(())
    );
    // Nor does the owner approve or pull back their own submission.
    assert!(refused_step(by(
        &mut doc,
        &staff("bob"),
        act(&row, TaskAct::ApproveReview)
    )));
    let back = set(&row, "status", Value::Choice("in_progress".into()));
    assert!(refused_step(by(&mut doc, &staff("bob"), back)));
    // Neither does a document owner who did not ask for it.
    assert!(refused_step(by(
        &mut doc,
        &alice(),
        act(&row, TaskAct::ApproveReview)
    )));
    let bare = TaskAct::ReturnReview { note: " ".into() };
    assert_eq!(
        by(&mut doc, &staff("carol"), act(&row, bare)),
        Err(Refusal::ReasonRequired {
            transition: "return_review".into()
        })
    );
    // Done without the decision recorded is no approval.
    assert!(refused_step(by(&mut doc, &staff("carol"), done())));
    let returned = TaskAct::ReturnReview {
        note: "add the API part".into(),
    };
    assert_eq!(by(&mut doc, &staff("carol"), act(&row, returned)), Ok(()));
    assert_eq!(
        status(&doc, &row),
        Some(Value::Choice("in_progress".into()))
    );
    assert_eq!(
        by(&mut doc, &staff("bob"), act(&row, TaskAct::SubmitForReview)),
        Ok(())
    );
    assert_eq!(
        by(&mut doc, &staff("carol"), act(&row, TaskAct::ApproveReview)),
        Ok(())
    );
    assert_eq!(status(&doc, &row), Some(Value::Choice("done".into())));
    let reopen = set(&row, "status", Value::Choice("in_progress".into()));
    assert!(refused_step(by(&mut doc, &staff("bob"), reopen)));
}

#[test]
fn the_owner_asks_for_a_new_deadline_and_only_the_initiator_answers() {
    let mut doc = tracker();
    let row = carols_task_for_bob(&mut doc);
    let moved = || set(&row, "deadline", Value::Date("2023-12-15".into()));
    assert!(refused_step(by(&mut doc, &staff("bob"), moved())));
    let ask = |date: &str| TaskAct::AskDeadline {
        deadline: date.into(),
        reason: "waiting for the supplier".into(),
    };
    assert_eq!(
        by(&mut doc, &staff("bob"), act(&row, ask("2023-12-15"))),
        Ok(())
    );
    // The answer is the task's initiator's, not the tracker's.
    assert!(refused_step(by(
        &mut doc,
        &alice(),
        act(&row, TaskAct::ApproveDeadline)
    )));
    assert!(refused_step(by(
        &mut doc,
        &staff("bob"),
        act(&row, TaskAct::ApproveDeadline)
    )));
    let bob_answers = set(&row, "deadline_answer", Value::Text("fine".into()));
    assert!(refused_step(by(&mut doc, &staff("bob"), bob_answers)));
    let bare = TaskAct::RefuseDeadline { answer: "".into() };
    assert_eq!(
        by(&mut doc, &staff("carol"), act(&row, bare)),
        Err(Refusal::ReasonRequired {
            transition: "refuse_deadline".into()
        })
    );
    let no = TaskAct::RefuseDeadline {
        answer: "the launch is fixed".into(),
    };
    assert_eq!(by(&mut doc, &staff("carol"), act(&row, no)), Ok(()));
    let deadline = |doc: &ConcordDoc| doc.cell(TASKS, &row, "deadline").unwrap();
    assert_eq!(deadline(&doc), Some(Value::Date("2023-11-30".into())));
    // Answered: nothing is left to approve until bob asks again.
    assert!(refused_step(by(
        &mut doc,
        &staff("carol"),
        act(&row, TaskAct::ApproveDeadline)
    )));
    assert_eq!(
        by(&mut doc, &staff("bob"), act(&row, ask("2023-12-08"))),
        Ok(())
    );
    // Approving sets the deadline asked for, not another one.
    let other = |d: &mut ConcordDoc| {
        d.set_cell(TASKS, &row, "deadline", Value::Date("2023-12-31".into()))
            .unwrap();
        d.set_cell(
            TASKS,
            &row,
            "deadline_decision",
            Value::Choice("approved".into()),
        )
        .unwrap();
    };
    assert!(refused_step(by(&mut doc, &staff("carol"), other)));
    assert_eq!(
        by(
            &mut doc,
            &staff("carol"),
            act(&row, TaskAct::ApproveDeadline)
        ),
        Ok(())
    );
    assert_eq!(deadline(&doc), Some(Value::Date("2023-12-08".into())));
    // The initiator may still set a deadline outright.
    assert_eq!(by(&mut doc, &staff("carol"), moved()), Ok(()));
}

#[test]
fn ones_own_task_and_older_rows_are_simply_done() {
    let mut doc = tracker();
    let mut rows = Vec::new();
    let made = by(&mut doc, &staff("bob"), |d| {
        rows.push(new_task(d, "bob", Some("bob"), 3));
        rows.push(new_task(d, "bob", None, 4));
    });
    assert_eq!(made, Ok(()));
    for row in &rows {
        let done = set(row, "status", Value::Choice("done".into()));
        assert_eq!(by(&mut doc, &staff("bob"), done), Ok(()));
    }
    // A row without an initiator keeps the document's initiator deciding
    // its deadline, as before tasks had initiators.
    let moved = set(&rows[1], "deadline", Value::Date("2023-12-15".into()));
    assert_eq!(by(&mut doc, &alice(), moved), Ok(()));
}

/// The app offers no editor for a cell a step writes, since the relay
/// judges the whole step: a decision typed alone is no step at all.
#[test]
fn step_cells_are_offered_to_no_editor_and_refused_alone() {
    let mut doc = tracker();
    let row = carols_task_for_bob(&mut doc);
    for who in [staff("bob"), staff("carol"), alice()] {
        let perms = Permissions::of(&doc, &who).unwrap();
        for field in ["deadline_decision", "review_decision", "requested_deadline"] {
            let offered = perms.may_edit_cell(TASKS, field, Some(&pid("bob")));
            assert!(offered.is_err(), "{} offered {field}", who.id);
        }
        assert_eq!(
            perms
                .may_edit_cell(TASKS, "progress", Some(&pid("bob")))
                .is_ok(),
            who.id.as_str() != "carol"
        );
        let typed = set(&row, "deadline_decision", Value::Choice("approved".into()));
        assert!(refused_step(by(&mut doc, &who, typed)), "{}", who.id);
    }
}

/// A card moved across a board: what `Permissions::may_move_status`
/// answers is what the relay decides about the cells the move writes, for
/// every person, from every status to every other.
#[test]
fn a_board_move_is_allowed_exactly_when_the_relay_takes_it() {
    const STATUSES: [&str; 5] = ["not_started", "in_progress", "done", "delayed", "in_review"];
    let mut doc = tracker();
    let row = carols_task_for_bob(&mut doc);
    let people = [staff("bob"), staff("carol"), alice()];
    // Through the task's life: bob starts, submits, carol approves.
    let path = [
        (staff("bob"), "in_progress"),
        (staff("bob"), "in_review"),
        (staff("carol"), "done"),
    ];
    for (mover, next) in path {
        for who in &people {
            // A board offers no move to where the card already is.
            let here = status(&doc, &row);
            for to in STATUSES
                .into_iter()
                .filter(|to| here != Some(Value::Choice((*to).into())))
            {
                let perms = Permissions::of(&doc, who).unwrap();
                let answer = perms.may_move_status(&doc, TASKS, &row, "status", to);
                let mut trial = doc.fork(actor(200));
                let judged = by(&mut trial, who, |d| {
                    if let Ok(motion) = &answer {
                        d.move_status(TASKS, &row, motion).unwrap();
                    } else {
                        let motion = crate::document::StatusMove::new(
                            "status",
                            Some(&d.task_row(TASKS, &row).unwrap()),
                            to,
                        );
                        d.move_status(TASKS, &row, &motion).unwrap();
                    }
                });
                assert_eq!(
                    answer.is_ok(),
                    judged.is_ok(),
                    "{} moving to {to}: app {answer:?}, relay {judged:?}",
                    who.id
                );
            }
        }
        let motion = Permissions::of(&doc, &mover)
            .unwrap()
            .may_move_status(&doc, TASKS, &row, "status", next)
            .unwrap();
        let moved = by(&mut doc, &mover, |d| {
            d.move_status(TASKS, &row, &motion).unwrap()
        });
        assert_eq!(moved, Ok(()), "{} to {next}", mover.id);
        assert_eq!(status(&doc, &row), Some(Value::Choice(next.into())));
    }
}
