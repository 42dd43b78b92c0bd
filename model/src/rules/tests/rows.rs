//! Rows: added, written, moved, handed over, deleted.

use super::*;
use crate::document::{RowId, Value, tests::TestRng};

const TT: &str = "task-tracker";
const TASKS: &str = "tasks";

/// A row added by `owner` (an editor or the owner), owned by them: named
/// in its owner cell.
fn row_of(doc: &mut ConcordDoc, owner: &str, seed: u64) -> RowId {
    let mut id = None;
    let result = by(doc, &staff(owner), |d| {
        let row = d.add_row(TASKS, None, &mut TestRng(seed)).unwrap();
        d.set_cell(TASKS, &row, "owner", Value::Person(owner.into()))
            .unwrap();
        d.set_cell(TASKS, &row, "task", Value::Text("write".into()))
            .unwrap();
        d.set_cell(TASKS, &row, "status", Value::Choice("not_started".into()))
            .unwrap();
        id = Some(row);
    });
    assert_eq!(result, Ok(()));
    id.unwrap()
}

/// The person in a row's owner cell is the row's owner: one concept. A
/// task is assigned as it is written down (minutes' action items become
/// rows of their owners); afterwards only a document owner hands it over.
#[test]
fn the_owner_cell_names_the_rows_owner() {
    let mut doc = shared(TT);
    doc.set_member_role(&pid("carol"), DocRole::Editor).unwrap();
    doc.commit(NOW, None);
    let mut row = None;
    let for_carol = |d: &mut ConcordDoc| {
        let r = d.add_row(TASKS, None, &mut TestRng(2)).unwrap();
        d.set_cell(TASKS, &r, "owner", Value::Person("carol".into()))
            .unwrap();
        d.set_cell(TASKS, &r, "task", Value::Text("review".into()))
            .unwrap();
        row = Some(r);
    };
    assert_eq!(by(&mut doc, &staff("bob"), for_carol), Ok(()));
    let row = row.unwrap();
    assert_eq!(doc.row_owner(TASKS, &row).unwrap(), Some(pid("carol")));
    // The row's old `owner` key says nothing any more.
    doc.set_row_owner(TASKS, &row, Some(&pid("bob"))).unwrap();
    doc.commit(NOW, None);
    assert_eq!(doc.row_owner(TASKS, &row).unwrap(), Some(pid("carol")));
    let status = |d: &mut ConcordDoc| {
        d.set_cell(TASKS, &row, "status", Value::Choice("done".into()))
            .unwrap()
    };
    assert_eq!(
        by(&mut doc, &staff("bob"), status),
        Err(Refusal::NotRowOwner {
            row_owner: "carol".into()
        })
    );
    assert_eq!(by(&mut doc, &staff("carol"), status), Ok(()));
    let take_over = |d: &mut ConcordDoc| {
        d.set_cell(TASKS, &row, "owner", Value::Person("bob".into()))
            .unwrap()
    };
    assert!(matches!(
        by(&mut doc, &staff("carol"), take_over),
        Err(Refusal::FieldNotWritable { .. })
    ));
    assert_eq!(by(&mut doc, &alice(), take_over), Ok(()));
    assert_eq!(doc.row_owner(TASKS, &row).unwrap(), Some(pid("bob")));
}

#[test]
fn row_owners_write_their_own_progress() {
    let mut doc = shared(TT);
    let mine = row_of(&mut doc, "bob", 1);
    let alices = row_of(&mut doc, "alice", 2);
    let progress = |row: RowId| {
        move |d: &mut ConcordDoc| {
            d.set_cell(TASKS, &row, "status", Value::Choice("done".into()))
                .unwrap()
        }
    };
    assert_eq!(by(&mut doc, &staff("bob"), progress(mine)), Ok(()));
    assert_eq!(
        by(&mut doc, &staff("bob"), progress(alices)),
        Err(Refusal::NotRowOwner {
            row_owner: "alice".into()
        })
    );
}

#[test]
fn a_deadline_once_set_is_the_initiators_to_change() {
    let mut doc = shared(TT);
    let row = row_of(&mut doc, "bob", 1);
    let deadline = |d: &mut ConcordDoc| {
        d.set_cell(TASKS, &row, "deadline", Value::Date("2026-12-24".into()))
            .unwrap()
    };
    assert!(matches!(
        by(&mut doc, &staff("bob"), deadline),
        Err(Refusal::FieldNotWritable { .. })
    ));
    let row = row_of(&mut doc, "bob", 3);
    let deadline = |d: &mut ConcordDoc| {
        d.set_cell(TASKS, &row, "deadline", Value::Date("2026-12-24".into()))
            .unwrap()
    };
    assert_eq!(by(&mut doc, &alice(), deadline), Ok(()));
}

#[test]
fn only_a_rows_owner_or_a_document_owner_deletes_it() {
    let mut doc = shared(TT);
    let alices = row_of(&mut doc, "alice", 1);
    let delete = |row: RowId| move |d: &mut ConcordDoc| d.delete_row(TASKS, &row).unwrap();
    assert_eq!(
        by(&mut doc, &staff("bob"), delete(alices.clone())),
        Err(Refusal::NotRowOwner {
            row_owner: "alice".into()
        })
    );
    let bobs = row_of(&mut doc, "bob", 2);
    assert_eq!(by(&mut doc, &staff("bob"), delete(bobs)), Ok(()));
    assert_eq!(by(&mut doc, &alice(), delete(alices)), Ok(()));
}

#[test]
fn moving_rows_writes_the_table() {
    let mut doc = shared(TT);
    let first = row_of(&mut doc, "alice", 1);
    let second = row_of(&mut doc, "alice", 2);
    let swap = |d: &mut ConcordDoc| d.move_row(TASKS, &first, Some(&second)).unwrap();
    assert_eq!(by(&mut doc, &staff("bob"), swap), Ok(()));
    move_status(&mut doc, "closed");
    doc.commit(NOW, None);
    let back = |d: &mut ConcordDoc| d.move_row(TASKS, &second, Some(&first)).unwrap();
    assert_eq!(
        by(&mut doc, &staff("bob"), back),
        Err(Refusal::StateReadOnly {
            state: "closed".into()
        })
    );
}

#[test]
fn rows_keep_their_shape() {
    let mut doc = shared(TT);
    let row = row_of(&mut doc, "bob", 1);
    let path = ["tables", TASKS, row.0.as_str()];
    assert!(matches!(
        by(&mut doc, &staff("bob"), |d| put(
            d,
            &path,
            &[("order", s("!!"))]
        )),
        Err(Refusal::BreaksSchema { .. })
    ));
    let mut doc = shared(TT);
    let row = row_of(&mut doc, "bob", 1);
    let path = ["tables", TASKS, row.0.as_str(), "cells"];
    assert_eq!(
        by(&mut doc, &staff("bob"), |d| put(
            d,
            &path,
            &[("colour", s("red"))]
        )),
        Err(Refusal::UnknownField {
            field: "tasks.colour".into()
        })
    );
}

#[test]
fn each_owner_confirms_their_own_row() {
    let mut doc = shared(TT);
    let mine = row_of(&mut doc, "bob", 1);
    let alices = row_of(&mut doc, "alice", 2);
    let confirm = |id: &'static str, row: RowId| {
        move |d: &mut ConcordDoc| {
            let path = ["signoffs", id];
            let target = format!("{TASKS}/{row}");
            put(
                d,
                &path,
                &[
                    ("by", s("bob")),
                    ("transition", s("confirm_row")),
                    ("decision", s("approve")),
                    ("at", int(NOW)),
                    ("row", s(&target)),
                ],
            );
            put_list(d, &path, "departments", &[]);
        }
    };
    assert_eq!(by(&mut doc, &staff("bob"), confirm("k1", mine)), Ok(()));
    assert!(matches!(
        by(&mut doc, &staff("bob"), confirm("k2", alices)),
        Err(Refusal::TransitionNotAllowed { .. })
    ));
}

/// The typed writer of a row confirmation is what the rules accept from the
/// row's owner, and only from them.
#[test]
fn confirm_row_writes_a_confirmation_only_the_rows_owner_may_give() {
    let mut doc = shared(TT);
    let bobs = row_of(&mut doc, "bob", 1);
    let confirm = |who: &'static str| {
        let row = bobs.clone();
        move |d: &mut ConcordDoc| {
            d.confirm_row(&pid(who), "confirm_row", TASKS, &row, NOW, &mut TestRng(4))
                .unwrap();
        }
    };
    assert!(matches!(
        by(&mut doc, &alice(), confirm("alice")),
        Err(Refusal::TransitionNotAllowed { .. })
    ));
    assert_eq!(doc.row_confirmed_by(TASKS, &bobs).unwrap(), None);
    assert_eq!(by(&mut doc, &staff("bob"), confirm("bob")), Ok(()));
    assert_eq!(
        doc.row_confirmed_by(TASKS, &bobs).unwrap(),
        Some(pid("bob"))
    );
}

/// The weekly report: each department's row is its reporter's, named by
/// whoever writes the report down; reporters named by the owner are given
/// an editor's role; the initiator submits once the rows are in.
#[test]
fn each_departments_row_is_its_reporters_and_the_report_is_submitted() {
    let mut doc = shared("weekly-progress-report");
    let mut rows = Vec::new();
    let named = by(&mut doc, &alice(), |d| {
        d.set_field("week_from", Value::Date("2026-11-30".into()))
            .unwrap();
        d.set_field("week_to", Value::Date("2026-12-04".into()))
            .unwrap();
        for (i, (dept, reporter)) in [("sales", "carol"), ("rd", "dan")].into_iter().enumerate() {
            let row = d
                .add_row("departments", None, &mut TestRng(i as u64 + 1))
                .unwrap();
            d.set_cell(
                "departments",
                &row,
                "department",
                Value::Department(dept.into()),
            )
            .unwrap();
            d.set_cell(
                "departments",
                &row,
                "reporter",
                Value::Person(reporter.into()),
            )
            .unwrap();
            rows.push(row);
        }
        d.grant_named_to_act().unwrap();
    });
    assert_eq!(named, Ok(()));
    let done = |row: &RowId| {
        let row = row.clone();
        move |d: &mut ConcordDoc| {
            d.set_cell("departments", &row, "done", Value::Text("shipped".into()))
                .unwrap()
        }
    };
    assert_eq!(by(&mut doc, &staff("carol"), done(&rows[0])), Ok(()));
    assert_eq!(
        by(&mut doc, &staff("carol"), done(&rows[1])),
        Err(Refusal::NotRowOwner {
            row_owner: "dan".into()
        })
    );
    assert_eq!(by(&mut doc, &staff("dan"), done(&rows[1])), Ok(()));
    assert!(matches!(
        by(&mut doc, &staff("dan"), |d| move_status(d, "submitted")),
        Err(Refusal::TransitionNotAllowed { .. })
    ));
    assert_eq!(
        by(&mut doc, &alice(), |d| move_status(d, "submitted")),
        Ok(())
    );
}
