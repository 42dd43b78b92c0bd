//! The model section of `cargo xtask bench`: a task tracker of 2,000 rows
//! with realistic cells, measured in a release build (the parent `bench`
//! re-runs xtask with `--release` for this part).

use std::time::{Duration, Instant};

use concord_model::{
    ConcordDoc, HISTORY_PAGE, HISTORY_PAGE_BUDGET, HistoryIndex, HistoryScope, RowId, Value,
};

use crate::fixture::Rng;

const ROWS: usize = 2_000;
const LOAD_RUNS: usize = 7;
const EDIT_RUNS: usize = 31;

pub fn run() -> anyhow::Result<()> {
    println!("\n== model: task tracker with {ROWS} rows (release build)");
    let started = Instant::now();
    let (mut doc, rows) = build()?;
    let build_time = started.elapsed();
    let bytes = doc.save();
    println!(
        "{:<46} {:>12}",
        "build (one change per row)",
        ms(build_time)
    );
    println!(
        "{:<46} {:>12}",
        "saved bytes (automerge, compressed)",
        bytes.len()
    );

    let load = median(LOAD_RUNS, || {
        let doc = ConcordDoc::load(&bytes)?;
        let listed = doc.rows("tasks")?;
        anyhow::ensure!(listed.len() == ROWS, "rows lost on load");
        Ok(())
    })?;
    println!(
        "{:<46} {:>12}",
        "load from bytes + typed rows view (median)",
        ms(load)
    );
    let view = median(LOAD_RUNS, || {
        anyhow::ensure!(doc.rows("tasks")?.len() == ROWS, "rows lost");
        Ok(())
    })?;
    println!(
        "{:<46} {:>12}",
        "typed rows view of a loaded doc (median)",
        ms(view)
    );

    let mut n = 0u32;
    let field = median(EDIT_RUNS, || {
        n += 1;
        doc.set_field("project", Value::Text(format!("Q4 交付 {n}")))?;
        doc.commit(1_700_000_000_000 + i64::from(n), None);
        Ok(())
    })?;
    println!(
        "{:<46} {:>12}",
        "one form-field edit + commit (median)",
        ms(field)
    );
    let middle = &rows[ROWS / 2];
    let cell = median(EDIT_RUNS, || {
        n += 1;
        let status = if n.is_multiple_of(2) {
            "done"
        } else {
            "in_progress"
        };
        doc.set_cell("tasks", middle, "status", Value::Choice(status.into()))?;
        doc.commit(1_700_000_000_000 + i64::from(n), None);
        Ok(())
    })?;
    println!("{:<46} {:>12}", "one cell edit + commit (median)", ms(cell));
    let typing = median(EDIT_RUNS, || {
        doc.splice_cell_text("tasks", middle, "progress", 0, 0, "进")?;
        doc.commit(1_700_000_000_000, None);
        Ok(())
    })?;
    println!(
        "{:<46} {:>12}",
        "one keystroke in a long-text cell (median)",
        ms(typing)
    );
    // What a screen re-read at every keystroke before `take_touched` told
    // it that typing neither places rows nor sets keys.
    let rescan = median(LOAD_RUNS, || {
        anyhow::ensure!(doc.row_keys("tasks")?.len() >= ROWS, "rows lost");
        doc.conflicts()?;
        Ok(())
    })?;
    println!(
        "{:<46} {:>12}",
        "place every row + scan for conflicts (median)",
        ms(rescan)
    );
    doc.take_touched();
    let told = median(EDIT_RUNS, || {
        doc.splice_cell_text("tasks", middle, "progress", 0, 0, "进")?;
        doc.commit(1_700_000_000_000, None);
        let touched = doc.take_touched();
        anyhow::ensure!(touched.any && !touched.row_places && !touched.keys);
        Ok(())
    })?;
    println!(
        "{:<46} {:>12}",
        "the same keystroke + take_touched (median)",
        ms(told)
    );
    let mut rng = Rng(99);
    let last = rows.last().cloned();
    let add = median(EDIT_RUNS, || {
        doc.add_row("tasks", last.as_ref(), &mut rng)?;
        doc.commit(1_700_000_000_000, None);
        Ok(())
    })?;
    println!(
        "{:<46} {:>12}",
        "add a row after the last one (median)",
        ms(add)
    );
    history(&mut doc, middle)
}

/// 留痕: the history of one field, of one row and the document's newest
/// page, once the tracker has 10,000 changes (its rows, then edits of
/// fields and cells by two people).
fn history(doc: &mut ConcordDoc, row: &RowId) -> anyhow::Result<()> {
    const CHANGES: usize = 10_000;
    let already = doc.automerge_mut().get_changes(&[]).len();
    for n in 1..=CHANGES.saturating_sub(already) as i64 {
        let by = if n % 2 == 0 { "p0" } else { "p1" };
        if n % 50 == 0 {
            doc.set_field("project", Value::Text(format!("Q4 交付 {n}")))?;
        } else {
            doc.splice_text("notes", 0, 0, "进度")?;
        }
        doc.commit(1_700_000_000_000 + n * 1000, Some(by));
    }
    println!("\n== model: history (留痕) in the tracker with {CHANGES} changes (release build)");
    for (label, scope) in [
        (
            "history of a form field, first page",
            HistoryScope::Field("project".into()),
        ),
        (
            "history of a long-text field, first page",
            HistoryScope::Field("notes".into()),
        ),
        (
            "history of one row, first page",
            HistoryScope::Row {
                table: "tasks".into(),
                row: row.clone(),
            },
        ),
        (
            "history of the document, first page",
            HistoryScope::Document,
        ),
    ] {
        let mut total = 0;
        let first = median(LOAD_RUNS, || {
            let page = doc.history(&scope, 0, 50);
            anyhow::ensure!(!page.entries.is_empty(), "{label}: nothing found");
            total = page.total;
            Ok(())
        })?;
        // What a tap on "history" paints first when the screen has not yet
        // read ahead: the changes listed, then newest first no more than
        // the page needs (at most the panel's budget).
        let mut shown = 0;
        let tapped = median(LOAD_RUNS, || {
            let page = doc.history_so_far(
                &mut HistoryIndex::default(),
                &scope,
                0,
                HISTORY_PAGE,
                HISTORY_PAGE_BUDGET,
            );
            shown = page.entries.len();
            Ok(())
        })?;
        // A screen keeps its index: after one more edit it reads one change.
        let mut index = HistoryIndex::default();
        doc.history_in(&mut index, &scope, 0, 50);
        let mut n = 0;
        let again = median(EDIT_RUNS, || {
            n += 1;
            doc.set_field("project", Value::Text(format!("Q4 {n}")))?;
            doc.commit(1_800_000_000_000 + n, Some("p0"));
            let page = doc.history_in(&mut index, &scope, 0, 50);
            anyhow::ensure!(!page.entries.is_empty(), "{label}: nothing found");
            Ok(())
        })?;
        println!("{label} ({total} changes in scope)");
        println!(
            "{:<46} {:>12}",
            "  first read, every change (median)",
            ms(first)
        );
        println!(
            "{:<46} {:>12}",
            format!("  first page as the panel paints it ({shown})"),
            ms(tapped)
        );
        println!(
            "{:<46} {:>12}",
            "  kept index, one edit later (median)",
            ms(again)
        );
    }
    Ok(())
}

/// The tracker, filled as people would: each row its own change.
fn build() -> anyhow::Result<(ConcordDoc, Vec<RowId>)> {
    crate::fixture::tracker(ROWS, &"p0".parse()?, true)
}

fn median(runs: usize, mut f: impl FnMut() -> anyhow::Result<()>) -> anyhow::Result<Duration> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        f()?;
        times.push(started.elapsed());
    }
    times.sort();
    Ok(times[runs / 2])
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}
