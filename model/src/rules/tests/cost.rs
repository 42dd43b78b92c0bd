use super::*;
use crate::document::Value;

/// Measures; run with `--ignored --nocapture` (release) to see the costs.
const ROWS: usize = 2000;

#[test]
#[ignore]
fn cost_of_one_cell_in_a_big_table() {
    let mut doc = shared("task-tracker");
    // Rows written raw: `add_row` reads the whole table to place each row.
    let mut last = None;
    for i in 0..ROWS {
        let id = format!("{i:032x}");
        let path = ["tables", "tasks", id.as_str()];
        put(
            &mut doc,
            &path,
            &[("order", s(&format!("{i:x}1"))), ("owner", s("bob"))],
        );
        let cells = ["tables", "tasks", id.as_str(), "cells"];
        put(
            &mut doc,
            &cells,
            &[
                ("task", s(&format!("task {i}"))),
                ("status", s("in_progress")),
            ],
        );
        let obj = map_at(&mut doc, &cells);
        let text = raw(&mut doc)
            .put_object(&obj, "progress", ObjType::Text)
            .unwrap();
        raw(&mut doc)
            .splice_text(&text, 0, 0, "some progress text here")
            .unwrap();
        if i % 50 == 0 {
            doc.commit(NOW, None);
        }
        last = Some(crate::document::RowId(id));
    }
    doc.commit(NOW, None);
    let row = last.unwrap();
    let t = std::time::Instant::now();
    let r = by(&mut doc, &staff("bob"), |d| {
        d.set_cell("tasks", &row, "status", Value::Choice("done".into()))
            .unwrap()
    });
    eprintln!("COST one cell: {:?} {r:?}", t.elapsed());
    let t = std::time::Instant::now();
    let v = validate(&doc);
    eprintln!("COST validate: {:?} {}", t.elapsed(), v.len());
    doc.mark_judged();
    let before = doc.heads();
    let mut rep = doc.fork(actor(99));
    rep.set_cell("tasks", &row, "status", Value::Choice("delayed".into()))
        .unwrap();
    rep.commit(NOW, None);
    doc.merge(&mut rep).unwrap();
    let after = doc.heads();
    let t = std::time::Instant::now();
    let r = check_change(&before, &after, &mut doc, &staff("bob"), &today());
    eprintln!("COST check only: {:?} {r:?}", t.elapsed());
    let t = std::time::Instant::now();
    let p = doc.automerge().diff(&before, &after);
    eprintln!("COST diff only: {:?} {}", t.elapsed(), p.len());
}
