use std::collections::BTreeMap;

use crate::{
    calendar::Day,
    document::{ConcordDoc, RowId, Value},
};

use super::task::task_of;
use super::task_shape::{TaskShape, task_shapes};

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
    /// Days this task is late: `own_slip_days` or `pushed_days`, whichever
    /// is more. Done tasks have no slip.
    pub slip_days: i64,
    /// Days past its own due date while open (today minus due).
    pub own_slip_days: i64,
    /// Days a dependency expected to end on or after this task's start
    /// pushes it: the chart marks it apart from its own lateness, since
    /// the fix lies with another task.
    pub pushed_days: i64,
    /// The dependency that pushes this task the most, when one does.
    pub pushed_by: Option<RowId>,
}

/// Whether `template`'s table `table` is drawn as a Gantt chart: its rows
/// are tasks with start and end dates.
pub fn gantt_applies(template: &str, table: &str) -> bool {
    gantt_shape(template, table).is_some()
}

fn gantt_shape(template: &str, table: &str) -> Option<&'static TaskShape> {
    task_shapes(template).find(|s| s.table == table && s.start.is_some())
}

/// The Gantt rows of the document's task table `table`, in table order;
/// empty when that table has no start dates (`gantt_applies`).
pub fn gantt_rows(doc: &ConcordDoc, table: &str, today: &str) -> Vec<GanttRow> {
    let Some(shape) = gantt_shape(doc.template().id.0, table) else {
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
                own_slip_days: 0,
                pushed_days: 0,
                pushed_by: None,
            }
        })
        .collect();
    let slips = slips(&bars, Day::parse(today).ok());
    for (bar, slip) in bars.iter_mut().zip(slips) {
        bar.slip_days = slip.own.max(slip.pushed);
        bar.own_slip_days = slip.own;
        bar.pushed_days = slip.pushed;
        bar.pushed_by = slip.by;
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

/// One bar's lateness, in days.
#[derive(Debug, Clone, Default)]
struct Slip {
    own: i64,
    pushed: i64,
    by: Option<RowId>,
}

impl Slip {
    fn total(&self) -> i64 {
        self.own.max(self.pushed)
    }
}

/// Each bar's slip, dependencies first; a done bar (progress 100) has none.
/// Walked with a stack of its own, not recursion: a chain of thousands of
/// dependent rows must not overflow the browser's stack. A dependency
/// cycle (a data error) counts as no push where it closes, and each bar is
/// entered once, so no input makes this loop.
fn slips(bars: &[GanttRow], today: Option<Day>) -> Vec<Slip> {
    let index: BTreeMap<&RowId, usize> =
        bars.iter().enumerate().map(|(i, b)| (&b.row, i)).collect();
    let deps: Vec<Vec<usize>> = bars
        .iter()
        .map(|b| {
            b.depends_on
                .iter()
                .filter_map(|d| index.get(d).copied())
                .collect()
        })
        .collect();
    let mut memo: Vec<Option<Slip>> = vec![None; bars.len()];
    let mut entered = vec![false; bars.len()];
    // (bar, how many of its dependencies were looked at)
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..bars.len() {
        if entered[root] {
            continue;
        }
        entered[root] = true;
        stack.push((root, 0));
        while let Some((bar, next)) = stack.last().copied() {
            match deps[bar].get(next) {
                Some(&dep) => {
                    if let Some(top) = stack.last_mut() {
                        top.1 += 1;
                    }
                    if !entered[dep] {
                        entered[dep] = true;
                        stack.push((dep, 0));
                    }
                }
                None => {
                    memo[bar] = Some(slip_of(bar, bars, &deps[bar], &memo, today));
                    stack.pop();
                }
            }
        }
    }
    memo.into_iter().map(Option::unwrap_or_default).collect()
}

/// The slip of bar `i`, its dependencies' slips known (a dependency still
/// being walked, in a cycle, counts as on time).
fn slip_of(
    i: usize,
    bars: &[GanttRow],
    deps: &[usize],
    memo: &[Option<Slip>],
    today: Option<Day>,
) -> Slip {
    let Some(bar) = bars.get(i) else {
        return Slip::default();
    };
    if bar.progress == 100 {
        return Slip::default();
    }
    let day = |text: Option<&str>| text.and_then(|t| Day::parse(t).ok());
    let mut slip = Slip {
        own: match (day(bar.due.as_deref()), today) {
            (Some(d), Some(t)) if t > d => d.days_until(t),
            _ => 0,
        },
        ..Slip::default()
    };
    let Some(start) = day(bar.start.as_deref()) else {
        return slip;
    };
    for &j in deps {
        let Some(dep) = bars.get(j) else { continue };
        let Some(end) = day(dep.due.as_deref()) else {
            continue;
        };
        let dep_slip = memo.get(j).and_then(Option::as_ref).map_or(0, Slip::total);
        // The dependency's expected end, then a day to start after it.
        let push = start.days_until(end) + dep_slip + 1;
        if push > slip.pushed {
            slip.pushed = push;
            slip.by = Some(dep.row.clone());
        }
    }
    slip
}
