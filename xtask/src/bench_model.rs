//! The model section of `cargo xtask bench`: a task tracker of 2,000 rows
//! with realistic cells, measured in a release build (the parent `bench`
//! re-runs xtask with `--release` for this part).

use std::time::{Duration, Instant};

use concord_model::{ActorId, ConcordDoc, PersonId, RowId, Value, find_template};
use rand_core::{RngCore, impls};

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
    Ok(())
}

/// The tracker, filled as people would: each row its own change.
fn build() -> anyhow::Result<(ConcordDoc, Vec<RowId>)> {
    let template = find_template("task-tracker").ok_or_else(|| anyhow::anyhow!("no tracker"))?;
    let creator: PersonId = "p0".parse()?;
    let mut doc = ConcordDoc::create(
        template,
        "2026 Q4 产品发布",
        &creator,
        1_700_000_000_000,
        ActorId::from(vec![1u8; 16]),
    )?;
    doc.set_field("project", Value::Text("Q4 交付".into()))?;
    let mut rng = Rng(7);
    let mut rows = Vec::with_capacity(ROWS);
    for i in 0..ROWS {
        let row = doc.add_row("tasks", rows.last(), &mut rng)?;
        let owner = format!("p{}", i % 40);
        let day = 1 + i % 28;
        let cells = [
            (
                "task",
                Value::Text(format!("任务 {i}: 完成模块 {} 的接口联调", i % 97)),
            ),
            ("owner", Value::Person(owner.clone())),
            (
                "collaborators",
                Value::People(vec![
                    format!("p{}", (i + 1) % 40),
                    format!("p{}", (i + 2) % 40),
                ]),
            ),
            ("start", Value::Date(format!("2026-10-{day:02}"))),
            ("deadline", Value::Date(format!("2026-11-{day:02}"))),
            ("deliverable", Value::Text(format!("接口文档 v{}", i % 5))),
            (
                "status",
                Value::Choice(["not_started", "in_progress", "done", "delayed"][i % 4].into()),
            ),
            ("risk", Value::Checkbox(i.is_multiple_of(9))),
        ];
        for (field, value) in cells {
            doc.set_cell("tasks", &row, field, value)?;
        }
        doc.splice_cell_text(
            "tasks",
            &row,
            "progress",
            0,
            0,
            "今日完成联调用例 12 个，剩余 3 个待后端修复后验证。",
        )?;
        doc.set_row_owner("tasks", &row, Some(&owner.parse()?))?;
        doc.commit(1_700_000_000_000 + i as i64 * 60_000, None);
        rows.push(row);
    }
    Ok((doc, rows))
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

/// splitmix64: row ids only need to differ, not to be unguessable.
struct Rng(u64);

impl RngCore for Rng {
    fn next_u32(&mut self) -> u32 {
        self.next_u64() as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        impls::fill_bytes_via_next(self, dest)
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}
