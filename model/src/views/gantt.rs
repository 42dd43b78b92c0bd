use std::collections::BTreeMap;

use crate::{
    calendar::Day,
    document::{ConcordDoc, RowId, Value},
};

use super::task::task_of;
use super::task_shape::task_shapes;

/// One bar of a Gantt chart.
#[derive(Debug, Clone, PartialEq)]
pub struct GanttRow {
    pub row: RowId,
    /// The task number, where the template numbers tasks.
    pub number: Option<String>,
    pub title: String,
    pub start: Option<String>,
    pub due: Option<String>,
    /// 0, 50 or 100 percent, from the status: the templates record a status,
    /// not a percentage (not started 0; in progress or delayed 50; done 100).
    pub progress: u8,
    /// The rows this one waits for, resolved from task numbers.
    pub depends_on: Vec<RowId>,
    /// Numbers in the depends cell that no row carries.
    pub unknown_dependencies: Vec<String>,
    /// Days this task is late: past its own due date while open, or pushed
    /// by a dependency that is expected to end on or after its start,
    /// whichever is more. Done tasks have no slip.
    pub slip_days: i64,
}

/// The Gantt rows of a document's first task table that has start dates,
/// in table order; empty for templates without one.
pub fn gantt_rows(doc: &ConcordDoc, today: &str) -> Vec<GanttRow> {
    let Some(shape) = task_shapes(doc.template().id.0).find(|s| s.start.is_some()) else {
        return Vec::new();
    };
    let Ok(rows) = doc.rows(shape.table) else {
        return Vec::new();
    };
    let number_of = |cells: &BTreeMap<String, Value>| {
        shape.number.and_then(|n| match cells.get(n) {
            Some(Value::Text(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            _ => None,
        })
    };
    // The first row with a number owns it: numbers are set once, at creation.
    let mut by_number: BTreeMap<String, RowId> = BTreeMap::new();
    for row in &rows {
        if let Some(n) = number_of(&row.cells) {
            by_number.entry(n).or_insert_with(|| row.id.clone());
        }
    }
    let mut bars: Vec<GanttRow> = rows
        .iter()
        .map(|row| {
            let task = task_of("", shape, row);
            let listed = shape
                .depends
                .and_then(|d| match row.cells.get(d) {
                    Some(Value::Text(s)) => Some(dependency_numbers(s)),
                    _ => None,
                })
                .unwrap_or_default();
            let (known, unknown): (Vec<_>, Vec<_>) =
                listed.into_iter().partition(|n| by_number.contains_key(n));
            GanttRow {
                number: number_of(&row.cells),
                progress: match task.status.as_deref() {
                    _ if task.done => 100,
                    Some("in_progress" | "delayed") => 50,
                    _ => 0,
                },
                depends_on: known
                    .iter()
                    .filter_map(|n| by_number.get(n).cloned())
                    .filter(|id| *id != row.id)
                    .collect(),
                unknown_dependencies: unknown,
                row: task.row,
                title: task.title,
                start: task.start,
                due: task.due,
                slip_days: 0,
            }
        })
        .collect();
    let slips = slips(&bars, Day::parse(today).ok());
    for (bar, slip) in bars.iter_mut().zip(slips) {
        bar.slip_days = slip;
    }
    bars
}

/// The numbers a depends cell lists: "1, 2.1；3、4" → 1, 2.1, 3, 4.
fn dependency_numbers(cell: &str) -> Vec<String> {
    cell.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '，' | '；' | '、'))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Each bar's slip, dependencies first; a done bar (progress 100) has none.
/// A dependency cycle (a data error) counts as no push.
fn slips(bars: &[GanttRow], today: Option<Day>) -> Vec<i64> {
    let index: BTreeMap<&RowId, usize> =
        bars.iter().enumerate().map(|(i, b)| (&b.row, i)).collect();
    let mut memo: Vec<Option<i64>> = vec![None; bars.len()];
    let mut visiting = vec![false; bars.len()];
    fn visit(
        i: usize,
        bars: &[GanttRow],
        index: &BTreeMap<&RowId, usize>,
        today: Option<Day>,
        memo: &mut [Option<i64>],
        visiting: &mut [bool],
    ) -> i64 {
        if let Some(Some(done)) = memo.get(i) {
            return *done;
        }
        let Some(bar) = bars.get(i) else { return 0 };
        if bar.progress == 100 || visiting.get(i).copied().unwrap_or(true) {
            return 0;
        }
        if let Some(v) = visiting.get_mut(i) {
            *v = true;
        }
        let day = |text: Option<&str>| text.and_then(|t| Day::parse(t).ok());
        let due = day(bar.due.as_deref());
        let start = day(bar.start.as_deref());
        let own = match (due, today) {
            (Some(d), Some(t)) if t > d => d.days_until(t),
            _ => 0,
        };
        let mut pushed = 0;
        for dep in &bar.depends_on {
            let Some(&j) = index.get(dep) else { continue };
            let dep_slip = visit(j, bars, index, today, memo, visiting);
            let dep_end = day(bars.get(j).and_then(|b| b.due.as_deref()));
            if let (Some(end), Some(start)) = (dep_end, start) {
                pushed = pushed.max(start.days_until(end) + dep_slip + 1);
            }
        }
        let slip = own.max(pushed);
        if let Some(m) = memo.get_mut(i) {
            *m = Some(slip);
        }
        slip
    }
    (0..bars.len())
        .map(|i| visit(i, bars, &index, today, &mut memo, &mut visiting))
        .collect()
}
