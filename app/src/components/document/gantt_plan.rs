//! What a Gantt chart draws, worked out once per change of the rows (not
//! per scroll or zoom): the bars in the order shown, their days, the span
//! of days, and which bars the arrows join.

use std::{collections::HashMap, ops::Range};

use concord_model::{RowId, views::GanttRow};

use super::gantt_scale::{BarDays, Span};

/// One line of the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub bar: GanttRow,
    /// `None` without a due date: the line shows its name, no bar.
    pub days: Option<BarDays>,
}

/// An arrow from the end of line `from` (a dependency) to the start of
/// line `to`; `late` when the dependency is expected to end on or after
/// the dependent's start, which is what pushes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrow {
    pub from: usize,
    pub to: usize,
    pub late: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Moves with every new plan, so lines keyed by it are drawn afresh.
    /// First, so that comparing two plans stops here.
    pub generation: u64,
    pub lines: Vec<Line>,
    pub span: Span,
    pub arrows: Vec<Arrow>,
    /// Today, in epoch days.
    pub today: i64,
}

impl Plan {
    /// `bars` in `order` (the rows a person's filter lets through, in its
    /// sort) when given, else in table order.
    pub fn new(bars: &[GanttRow], order: Option<&[RowId]>, today: i64) -> Plan {
        let shown: Vec<&GanttRow> = match order {
            Some(order) => {
                let by_id: HashMap<&RowId, &GanttRow> = bars.iter().map(|b| (&b.row, b)).collect();
                order
                    .iter()
                    .filter_map(|id| by_id.get(id).copied())
                    .collect()
            }
            None => bars.iter().collect(),
        };
        let lines: Vec<Line> = shown
            .into_iter()
            .map(|bar| Line {
                days: BarDays::of(bar),
                bar: bar.clone(),
            })
            .collect();
        let place: HashMap<&RowId, usize> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| (&l.bar.row, i))
            .collect();
        let mut arrows = Vec::new();
        for (to, line) in lines.iter().enumerate() {
            for dep in &line.bar.depends_on {
                let Some(&from) = place.get(dep) else {
                    continue;
                };
                let late = match (lines.get(from).and_then(|l| l.days), line.days) {
                    (Some(d), Some(t)) => line.bar.progress < 100 && d.expected_end >= t.start,
                    _ => false,
                };
                arrows.push(Arrow { from, to, late });
            }
        }
        let days: Vec<Option<BarDays>> = lines.iter().map(|l| l.days).collect();
        Plan {
            span: Span::of(&days, today),
            lines,
            arrows,
            today,
            generation: 0,
        }
    }

    /// The arrows that cross the rows `window`: one end in it, or passing by.
    pub fn arrows_in(&self, window: &Range<usize>) -> impl Iterator<Item = Arrow> + '_ {
        let window = window.clone();
        self.arrows.iter().copied().filter(move |a| {
            let (lo, hi) = (a.from.min(a.to), a.from.max(a.to));
            lo < window.end && hi >= window.start
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(id: &str, start: &str, due: &str, deps: &[&str], progress: u8) -> GanttRow {
        GanttRow {
            row: RowId(id.into()),
            number: Some(id.into()),
            title: id.into(),
            start: Some(start.into()),
            due: Some(due.into()),
            progress,
            depends_on: deps.iter().map(|d| RowId((*d).into())).collect(),
            unknown_dependencies: Vec::new(),
            slip_days: 0,
            own_slip_days: 0,
            pushed_days: 0,
            pushed_by: None,
        }
    }

    #[test]
    fn arrows_join_shown_lines_and_say_which_push() {
        let bars = [
            bar("a", "2026-11-01", "2026-11-05", &[], 50),
            bar("b", "2026-11-05", "2026-11-08", &["a"], 0),
            bar("c", "2026-11-09", "2026-11-12", &["b", "a"], 0),
        ];
        let plan = Plan::new(&bars, None, 20_400);
        assert_eq!(
            plan.arrows,
            [
                Arrow {
                    from: 0,
                    to: 1,
                    late: true
                },
                Arrow {
                    from: 1,
                    to: 2,
                    late: false
                },
                Arrow {
                    from: 0,
                    to: 2,
                    late: false
                },
            ]
        );
        // A filter that hides "a" hides its arrows; the order is the filter's.
        let order = [RowId("c".into()), RowId("b".into())];
        let filtered = Plan::new(&bars, Some(&order), 20_400);
        assert_eq!(filtered.lines[0].bar.row, RowId("c".into()));
        assert_eq!(
            filtered.arrows,
            [Arrow {
                from: 1,
                to: 0,
                late: false
            }]
        );
        // Rows 1..2 in view: the arrow 0 → 2 passes by, so it is drawn.
        assert_eq!(plan.arrows_in(&(1..2)).count(), 3);
        assert_eq!(plan.arrows_in(&(2..3)).count(), 2);
    }
}
