//! `take_touched`: what a change can have altered, so the app may skip the
//! reads that scan every row.

use super::*;
use crate::field::{FieldDef, FieldKind};

/// A template with a long-text and a one-line form field, and a table with
/// both kinds of cell, with the ids the tests edit.
#[derive(Clone, Copy)]
struct Setting {
    t: &'static Template,
    long: &'static str,
    short: &'static str,
    table: &'static str,
    cell: &'static str,
    long_cell: &'static str,
}

fn first_of(fields: &'static [FieldDef], kind: FieldKind) -> Option<&'static str> {
    fields.iter().find(|f| f.kind == kind).map(|f| f.id)
}

fn setting() -> Setting {
    let both = |fields: &'static [FieldDef]| {
        first_of(fields, FieldKind::LongText).is_some()
            && first_of(fields, FieldKind::Text).is_some()
    };
    let t = template_with(|t| both(t.fields) && t.tables.iter().any(|table| both(table.fields)));
    let table = t.tables.iter().find(|table| both(table.fields)).unwrap();
    Setting {
        t,
        long: first_of(t.fields, FieldKind::LongText).unwrap(),
        short: first_of(t.fields, FieldKind::Text).unwrap(),
        table: table.id,
        cell: first_of(table.fields, FieldKind::Text).unwrap(),
        long_cell: first_of(table.fields, FieldKind::LongText).unwrap(),
    }
}

/// A change that placed no row anew.
fn only(keys: bool, table_texts: bool) -> Touched {
    Touched {
        any: true,
        row_places: false,
        keys,
        table_texts,
    }
}

fn touched_by(doc: &mut ConcordDoc, edit: impl FnOnce(&mut ConcordDoc)) -> Touched {
    edit(doc);
    doc.commit(1_700_000_000_000, None);
    doc.take_touched()
}

#[test]
fn the_first_ask_is_everything_then_only_what_changed() {
    let Setting {
        t,
        long,
        short,
        table,
        cell,
        long_cell,
    } = setting();
    let mut doc = new_doc(t);
    let mut rng = TestRng(11);
    assert_eq!(doc.take_touched(), Touched::EVERYTHING);
    assert_eq!(doc.take_touched(), Touched::default(), "nothing changed");

    let typing = touched_by(&mut doc, |d| d.splice_text(long, 0, 0, "会议纪要").unwrap());
    assert_eq!(typing, only(false, false), "typing in a form text");

    let set = touched_by(&mut doc, |d| {
        d.set_field(short, Value::Text("A".into())).unwrap()
    });
    assert_eq!(set, only(true, false), "a form field set");

    let mut row = None;
    let added = touched_by(&mut doc, |d| {
        row = Some(d.add_row(table, None, &mut rng).unwrap())
    });
    assert!(added.row_places && added.keys, "{added:?}");
    let row = row.unwrap();

    let cell_set = touched_by(&mut doc, |d| {
        d.set_cell(table, &row, cell, Value::Text("B".into()))
            .unwrap()
    });
    assert_eq!(cell_set, only(true, false), "a cell set");

    let cell_typing = touched_by(&mut doc, |d| {
        d.splice_cell_text(table, &row, long_cell, 0, 0, "进度")
            .unwrap()
    });
    assert_eq!(cell_typing, only(false, true), "typing in a cell");

    let owned = touched_by(&mut doc, |d| {
        d.set_row_owner(table, &row, Some(&alice())).unwrap()
    });
    assert!(owned.row_places);
    let other = touched_by(&mut doc, |d| {
        d.add_row(table, Some(&row), &mut rng).unwrap();
    });
    assert!(other.row_places);
    let moved = touched_by(&mut doc, |d| d.move_row(table, &row, None).unwrap());
    assert!(moved.row_places);
    let deleted = touched_by(&mut doc, |d| d.delete_row(table, &row).unwrap());
    assert!(deleted.row_places);
}

#[test]
fn merged_concurrent_sets_touch_keys_and_merged_typing_does_not() {
    let Setting { t, long, short, .. } = setting();
    let mut one = new_doc(t);
    let mut two = one.fork(actor(2));
    one.take_touched();
    two.splice_text(long, 0, 0, "对方输入").unwrap();
    two.commit(1_700_000_000_000, None);
    one.merge(&mut two).unwrap();
    assert_eq!(one.take_touched(), only(false, false), "typing merged");

    one.set_field(short, Value::Text("mine".into())).unwrap();
    one.commit(1_700_000_000_000, None);
    two.set_field(short, Value::Text("theirs".into())).unwrap();
    two.commit(1_700_000_000_000, None);
    one.take_touched();
    one.merge(&mut two).unwrap();
    assert!(one.take_touched().keys);
    assert_eq!(one.conflicts().unwrap().len(), 1);
}

/// Settling a conflict with the value it already shows makes no patch:
/// nothing says a key was set, yet the conflict is gone.
#[test]
fn settling_with_the_shown_value_is_seen_while_conflicts_are_shown() {
    let Setting { t, short, .. } = setting();
    let mut one = new_doc(t);
    let mut two = one.fork(actor(2));
    one.set_field(short, Value::Text("mine".into())).unwrap();
    one.commit(1_700_000_000_000, None);
    two.set_field(short, Value::Text("theirs".into())).unwrap();
    two.commit(1_700_000_000_000, None);
    one.merge(&mut two).unwrap();
    one.take_touched();
    let shown = one.conflicts().unwrap();
    assert_eq!(shown.len(), 1);
    let showing = one.field(short).unwrap().unwrap();
    one.resolve(&shown[0].path, showing.clone()).unwrap();
    one.commit(1_700_000_000_000, None);
    let touched = one.take_touched();
    assert_eq!(touched, only(false, false), "no patch for the same value");
    assert!(touched.conflicts_stale(&shown));
    assert!(!touched.conflicts_stale(&[]));
    assert!(one.conflicts().unwrap().is_empty());
    assert!(one.recheck_conflicts(&shown).is_empty());
    assert_eq!(one.field(short).unwrap(), Some(showing));
}

/// Anything else moving the diff cursor (the rules' `mark_judged`) makes
/// the next answer `EVERYTHING`, never a partial one.
#[test]
fn a_cursor_moved_elsewhere_answers_everything() {
    let Setting { t, long, .. } = setting();
    let mut doc = new_doc(t);
    doc.take_touched();
    doc.splice_text(long, 0, 0, "a").unwrap();
    doc.commit(1_700_000_000_000, None);
    doc.mark_judged();
    assert_eq!(doc.take_touched(), Touched::EVERYTHING);
    doc.splice_text(long, 0, 0, "b").unwrap();
    doc.commit(1_700_000_000_000, None);
    assert_eq!(doc.take_touched(), only(false, false));
}

/// One random edit on `doc`; edits that do not apply (a row gone) are skipped.
fn random_edit(doc: &mut ConcordDoc, at: &Setting, rng: &mut TestRng, step: u64) {
    let Setting {
        long,
        short,
        table,
        cell,
        long_cell,
        ..
    } = *at;
    let pick = rng.next_u64();
    let rows = ids(doc, table);
    let some_row = (!rows.is_empty()).then(|| rows[(pick >> 8) as usize % rows.len()].clone());
    let text = format!("v{}", pick % 5);
    let _ = match ((pick >> 4) % 9, some_row) {
        (0, _) | (1, None) => doc.add_row(table, None, rng).map(|_| ()),
        (1, Some(row)) => doc.add_row(table, Some(&row), rng).map(|_| ()),
        (2, _) => doc.set_field(short, Value::Text(text)),
        (3, _) => doc.splice_text(long, 0, 0, &text),
        (4, Some(row)) => doc.set_cell(table, &row, cell, Value::Text(text)),
        (5, Some(row)) => doc.splice_cell_text(table, &row, long_cell, 0, 0, &text),
        (6, Some(row)) => doc.move_row(table, &row, None),
        (7, Some(row)) if pick.is_multiple_of(4) => doc.delete_row(table, &row),
        (8, Some(row)) => doc.set_row_owner(table, &row, Some(&alice())),
        _ => Ok(()),
    };
    doc.commit(1_700_000_000_000 + step as i64, None);
}

/// The promise the app relies on, over many random edits on two replicas
/// and merges between them: when `take_touched` says no row was placed
/// anew, `row_keys` answers as before; when no key was set, `conflicts` does.
#[test]
fn untouched_reads_answer_as_before() {
    let at = setting();
    let Setting { t, table, .. } = at;
    let mut rng = TestRng(29);
    let mut one = new_doc(t);
    let mut two = one.fork(actor(2));
    one.take_touched();
    let mut rows_before = one.row_keys(table).unwrap();
    let mut conflicts_before = one.conflicts().unwrap();
    let mut heads_before = one.heads();
    let mut cells_before: Vec<_> = rows_before
        .iter()
        .map(|key| one.row_cells_at(table, key).unwrap())
        .collect();
    let mut kept_cells = 0;
    let mut rechecked = 0;
    let (mut kept_rows, mut kept_conflicts, mut seen_conflicts) = (0, 0, 0);
    for step in 0..400u64 {
        let pick = rng.next_u64();
        random_edit(
            if pick.is_multiple_of(3) {
                &mut two
            } else {
                &mut one
            },
            &at,
            &mut rng,
            step,
        );
        if pick.is_multiple_of(5) {
            one.merge(&mut two).unwrap();
            two.merge(&mut one).unwrap();
        } else if pick.is_multiple_of(7) {
            one.merge(&mut two).unwrap();
        }
        let touched = one.take_touched();
        let rows_now = one.row_keys(table).unwrap();
        let conflicts_now = one.conflicts().unwrap();
        let cells_now: Vec<_> = rows_now
            .iter()
            .map(|key| one.row_cells_at(table, key).unwrap())
            .collect();
        if !touched.keys && !touched.table_texts {
            assert_eq!(cells_now, cells_before, "step {step}: cells changed untold");
            kept_cells += 1;
        }
        if !touched.row_places {
            assert_eq!(
                rows_now, rows_before,
                "step {step}: rows placed anew untold"
            );
            kept_rows += 1;
        }
        if touched.conflicts_stale(&conflicts_before) && !touched.keys {
            assert_eq!(
                one.recheck_conflicts(&conflicts_before),
                conflicts_now,
                "step {step}: a recheck of the shown conflicts missed a change"
            );
            rechecked += 1;
        }
        if !touched.conflicts_stale(&conflicts_before) {
            assert_eq!(
                conflicts_now, conflicts_before,
                "step {step}: conflicts changed untold"
            );
            kept_conflicts += 1;
        }
        if !touched.any {
            assert_eq!(touched, Touched::default());
            assert_eq!(one.heads(), heads_before, "step {step}: changes untold");
        }
        heads_before = one.heads();
        seen_conflicts += usize::from(!conflicts_now.is_empty());
        rows_before = rows_now;
        conflicts_before = conflicts_now;
        cells_before = cells_now;
    }
    // The promise was put to the test: reads skipped, with conflicts about.
    assert!(
        kept_rows > 50
            && kept_conflicts > 20
            && kept_cells > 20
            && rechecked > 20
            && seen_conflicts > 20,
        "{kept_rows} {kept_conflicts} {kept_cells} {rechecked} {seen_conflicts}"
    );
}

/// Where a cell names the row's owner (a tracker's 负责人), setting it
/// re-owns the row: `row_keys` answers otherwise, so rows are placed anew;
/// other cells of the row leave them be.
#[test]
fn writing_an_owner_cell_re_owns_the_row() {
    let t = crate::library::find_template("task-tracker").unwrap();
    let table = "tasks";
    let cell = t.workflow.owner_cell(table).unwrap();
    let mut doc = new_doc(t);
    let mut rng = TestRng(12);
    let row = doc.add_row(table, None, &mut rng).unwrap();
    doc.commit(1_700_000_000_000, None);
    doc.take_touched();
    let owned = touched_by(&mut doc, |d| {
        d.set_cell(table, &row, cell, Value::Person("li.na".into()))
            .unwrap()
    });
    assert!(owned.row_places, "{owned:?}");
    let named = doc.row_keys(table).unwrap();
    assert_eq!(named[0].owner.as_ref().map(|p| p.as_str()), Some("li.na"));
    let task = touched_by(&mut doc, |d| {
        d.set_cell(table, &row, "task", Value::Text("布置会场".into()))
            .unwrap()
    });
    assert_eq!(task, only(true, false), "another cell of the row");
}
