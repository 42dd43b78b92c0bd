//! The dashboard: completion and overdue rates per person, department or
//! template over a window of days, and the same rates per period within
//! it, so a chart can show bars over time. A task counts in the period
//! its due day falls in, as `DueWindow` admits it by its due day: a task
//! with no due day belongs to no window.

use std::collections::BTreeMap;

use crate::{
    access::{DeptId, PersonId},
    calendar::{Day, Weekday},
};

use serde::{Deserialize, Serialize};

use super::{
    dashboard_window::DashboardWindow,
    stats::Rates,
    task::{TaskItem, department_of, due_day},
};

/// Windows up to this many days are shown day by day.
const DAYS_UP_TO: i64 = 14;
/// Up to this many (a quarter and a little), week by week.
const WEEKS_UP_TO: i64 = 100;
/// Up to this many (three years), month by month; longer, year by year,
/// so a window of any length gives a chart of a few dozen bars at most.
const MONTHS_UP_TO: i64 = 3 * 366;

/// What the dashboard's rows are; on the wire (`by=`) as its `word`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grouping {
    Person,
    Department,
    /// The template a task's document was made from ("type").
    Template,
}

impl Grouping {
    pub const ALL: [Grouping; 3] = [Self::Person, Self::Department, Self::Template];

    /// `person`, `department` or `template`.
    pub fn word(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Department => "department",
            Self::Template => "template",
        }
    }

    /// The grouping `word` names; `None` for any other text.
    pub fn from_word(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.word() == word)
    }
}

/// How long one bar of the chart is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    Day,
    /// Monday to Sunday.
    Week,
    Month,
    Year,
}

impl PeriodKind {
    /// The bar length a window of `days` days is shown in.
    pub fn for_days(days: i64) -> Self {
        if days <= DAYS_UP_TO {
            Self::Day
        } else if days <= WEEKS_UP_TO {
            Self::Week
        } else if days <= MONTHS_UP_TO {
            Self::Month
        } else {
            Self::Year
        }
    }

    /// The first day of the period `day` is in.
    pub(super) fn start_of(self, day: Day) -> Option<Day> {
        match self {
            Self::Day => Some(day),
            Self::Week => day.add_days(-monday_offset(day.weekday())),
            Self::Month => Day::from_ymd(day.year(), day.month(), 1),
            Self::Year => Day::from_ymd(day.year(), 1, 1),
        }
    }

    /// The first day of the period after the one starting on `start`.
    pub(super) fn next(self, start: Day) -> Option<Day> {
        match self {
            Self::Day => start.add_days(1),
            Self::Week => start.add_days(7),
            Self::Month if start.month() == 12 => Day::from_ymd(start.year() + 1, 1, 1),
            Self::Month => Day::from_ymd(start.year(), start.month() + 1, 1),
            Self::Year => Day::from_ymd(start.year() + 1, 1, 1),
        }
    }
}

fn monday_offset(day: Weekday) -> i64 {
    match day {
        Weekday::Monday => 0,
        Weekday::Tuesday => 1,
        Weekday::Wednesday => 2,
        Weekday::Thursday => 3,
        Weekday::Friday => 4,
        Weekday::Saturday => 5,
        Weekday::Sunday => 6,
    }
}

/// One bar's days, inclusive, cut to the window: the first week of a
/// window starting on a Wednesday runs from that Wednesday. Its days go
/// as `YYYY-MM-DD` text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub first: Day,
    pub last: Day,
}

/// The periods of `kind` covering `[from, to]`, in order; none when `to`
/// is before `from`.
pub fn periods(from: Day, to: Day, kind: PeriodKind) -> Vec<Period> {
    let mut out = Vec::new();
    let Some(mut start) = kind.start_of(from) else {
        return out;
    };
    while start <= to {
        let next = kind.next(start);
        let last = next.and_then(|n| n.add_days(-1)).unwrap_or(to).min(to);
        out.push(Period {
            first: start.max(from),
            last,
        });
        match next {
            Some(n) => start = n,
            None => break,
        }
    }
    out
}

/// One row of the dashboard: whose or which tasks. On the wire as
/// `{"kind": "person", "id": "li.na"}`, `{"kind": "nobody"}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
pub enum GroupKey {
    Person(PersonId),
    Department(DeptId),
    Template(String),
    /// No one assigned, or no department known.
    Nobody,
}

/// One task and the template of the document it is in.
#[derive(Debug, Clone, Copy)]
pub struct TypedTask<'a> {
    pub template: &'a str,
    pub task: &'a TaskItem,
}

/// One row's rates over the whole window and per period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRates {
    pub key: GroupKey,
    pub total: Rates,
    /// One per `Dashboard::periods`.
    pub per_period: Vec<Rates>,
}

/// What the dashboard shows for one window and one grouping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub kind: PeriodKind,
    pub periods: Vec<Period>,
    /// Ordered by key, `Nobody` last.
    pub groups: Vec<GroupRates>,
    /// Every task in the window.
    pub all: GroupRates,
}

impl Dashboard {
    /// Rates of the tasks due within the window, grouped, overall and per
    /// period. Overdue as in `task_stats`: open and due before `today` (so a
    /// period still ahead has none). A task's department is its own
    /// department cell, else its assignee's in `departments` (the directory).
    pub fn of<'a>(
        tasks: impl IntoIterator<Item = TypedTask<'a>>,
        window: DashboardWindow,
        grouping: Grouping,
        departments: &BTreeMap<PersonId, DeptId>,
    ) -> Dashboard {
        let kind = PeriodKind::for_days(window.from.days_until(window.to) + 1);
        let periods = periods(window.from, window.to, kind);
        let empty = || GroupRates {
            key: GroupKey::Nobody,
            total: Rates::default(),
            per_period: vec![Rates::default(); periods.len()],
        };
        let mut all = empty();
        let mut groups: BTreeMap<GroupKey, GroupRates> = BTreeMap::new();
        for TypedTask { template, task } in tasks {
            let Some(due) = due_day(task).filter(|d| (window.from..=window.to).contains(d)) else {
                continue;
            };
            let at = periods.partition_point(|p| p.last < due);
            let overdue = !task.done && due < window.today;
            let key = match grouping {
                Grouping::Person => task.assignee.clone().map(GroupKey::Person),
                Grouping::Department => department_of(task, departments).map(GroupKey::Department),
                Grouping::Template => Some(GroupKey::Template(template.to_owned())),
            }
            .unwrap_or(GroupKey::Nobody);
            let group = groups
                .entry(key.clone())
                .or_insert_with(|| GroupRates { key, ..empty() });
            for rates in [&mut all, group] {
                rates.total.add(task.done, overdue);
                if let Some(bar) = rates.per_period.get_mut(at) {
                    bar.add(task.done, overdue);
                }
            }
        }
        Dashboard {
            kind,
            periods,
            groups: groups.into_values().collect(),
            all,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::RowId;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    fn task(assignee: Option<&str>, due: &str, done: bool) -> TaskItem {
        TaskItem {
            doc: "d".into(),
            table: "tasks",
            row: RowId("r".into()),
            title: "t".into(),
            assignee: assignee.map(|a| a.parse().unwrap()),
            department: None,
            start: None,
            due: Some(due.into()),
            status: None,
            done,
            priority: None,
            steps: false,
        }
    }

    fn window(from: &str, to: &str, today: &str) -> DashboardWindow {
        DashboardWindow {
            from: day(from),
            to: day(to),
            today: day(today),
        }
    }

    /// Trackers' tasks counted per person, with no departments known.
    fn by_person(tasks: &[TaskItem], window: DashboardWindow) -> Dashboard {
        let typed = tasks.iter().map(|task| TypedTask {
            template: "task-tracker",
            task,
        });
        Dashboard::of(typed, window, Grouping::Person, &BTreeMap::new())
    }

    fn rates(total: usize, done: usize, overdue: usize) -> Rates {
        Rates {
            total,
            done,
            overdue,
        }
    }

    #[test]
    fn the_window_length_chooses_the_bar_length() {
        assert_eq!(PeriodKind::for_days(7), PeriodKind::Day);
        assert_eq!(PeriodKind::for_days(31), PeriodKind::Week);
        assert_eq!(PeriodKind::for_days(92), PeriodKind::Week);
        assert_eq!(PeriodKind::for_days(365), PeriodKind::Month);
        assert_eq!(PeriodKind::for_days(3650), PeriodKind::Year);
    }

    #[test]
    fn periods_are_cut_to_the_window() {
        // 2026-11-04 is a Wednesday.
        let weeks = periods(day("2026-11-04"), day("2026-11-20"), PeriodKind::Week);
        let spans: Vec<(String, String)> = weeks
            .iter()
            .map(|p| (p.first.to_string(), p.last.to_string()))
            .collect();
        assert_eq!(
            spans,
            [
                ("2026-11-04".into(), "2026-11-08".into()),
                ("2026-11-09".into(), "2026-11-15".into()),
                ("2026-11-16".into(), "2026-11-20".into()),
            ]
        );
        let months = periods(day("2026-11-15"), day("2027-01-10"), PeriodKind::Month);
        assert_eq!(months.len(), 3);
        assert_eq!(months[1].first, day("2026-12-01"));
        assert_eq!(months[1].last, day("2026-12-31"));
        assert_eq!(months[2].last, day("2027-01-10"));
        assert!(periods(day("2026-11-15"), day("2026-11-14"), PeriodKind::Day).is_empty());
        // The last representable year ends the list rather than looping.
        let end = periods(day("9999-12-01"), day("9999-12-31"), PeriodKind::Year);
        assert_eq!(end.len(), 1);
    }

    #[test]
    fn rates_per_person_and_per_week_match_a_hand_count() {
        let tasks = [
            task(Some("bob"), "2026-11-02", true),
            task(Some("bob"), "2026-11-03", false), // overdue on the 10th
            task(Some("bob"), "2026-11-12", false), // not yet due
            task(Some("carol"), "2026-11-09", true),
            task(None, "2026-11-10", false),
            task(Some("carol"), "2026-12-01", false), // outside the window
        ];
        let board = by_person(&tasks, window("2026-11-01", "2026-11-30", "2026-11-10"));
        assert_eq!(board.kind, PeriodKind::Week);
        // Sun 1st alone, then four Monday weeks, the last cut at the 30th.
        assert_eq!(board.periods.len(), 6);
        assert_eq!(board.all.total, rates(5, 2, 1));
        let keys: Vec<&GroupKey> = board.groups.iter().map(|g| &g.key).collect();
        assert_eq!(
            keys,
            [
                &GroupKey::Person("bob".parse().unwrap()),
                &GroupKey::Person("carol".parse().unwrap()),
                &GroupKey::Nobody,
            ]
        );
        let bob = &board.groups[0];
        assert_eq!(bob.total, rates(3, 1, 1));
        assert_eq!(bob.total.completion_rate(), Some(1.0 / 3.0));
        assert_eq!(
            bob.per_period,
            [
                rates(0, 0, 0),
                rates(2, 1, 1),
                rates(1, 0, 0),
                rates(0, 0, 0),
                rates(0, 0, 0),
                rates(0, 0, 0),
            ]
        );
        assert_eq!(board.groups[1].total, rates(1, 1, 0));
        // The 10th's open task is due today: not overdue yet.
        assert_eq!(board.groups[2].total, rates(1, 0, 0));
    }

    #[test]
    fn departments_come_from_the_row_else_the_directory() {
        let mut own = task(Some("bob"), "2026-11-02", true);
        own.department = Some("eng".parse().unwrap());
        let tasks = [
            own,
            task(Some("bob"), "2026-11-02", false),
            task(Some("dan"), "2026-11-02", false),
        ];
        let directory = BTreeMap::from([(
            "bob".parse::<PersonId>().unwrap(),
            "sales".parse::<DeptId>().unwrap(),
        )]);
        let typed = tasks.iter().map(|task| TypedTask {
            template: "task-tracker",
            task,
        });
        let board = Dashboard::of(
            typed,
            window("2026-11-01", "2026-11-07", "2026-11-01"),
            Grouping::Department,
            &directory,
        );
        assert_eq!(board.kind, PeriodKind::Day);
        let totals: Vec<(GroupKey, Rates)> = board
            .groups
            .iter()
            .map(|g| (g.key.clone(), g.total))
            .collect();
        assert_eq!(
            totals,
            [
                (GroupKey::Department("eng".parse().unwrap()), rates(1, 1, 0)),
                (
                    GroupKey::Department("sales".parse().unwrap()),
                    rates(1, 0, 0)
                ),
                (GroupKey::Nobody, rates(1, 0, 0)),
            ]
        );
    }

    #[test]
    fn templates_group_their_tasks_and_undated_tasks_count_nowhere() {
        let dated = task(Some("bob"), "2026-11-02", false);
        let mut undated = task(Some("bob"), "", false);
        undated.due = None;
        let typed = [
            TypedTask {
                template: "task-tracker",
                task: &dated,
            },
            TypedTask {
                template: "meeting-minutes",
                task: &dated,
            },
            TypedTask {
                template: "meeting-minutes",
                task: &undated,
            },
        ];
        let board = Dashboard::of(
            typed,
            window("2026-10-01", "2026-12-31", "2026-11-20"),
            Grouping::Template,
            &BTreeMap::new(),
        );
        let totals: Vec<(GroupKey, Rates)> = board
            .groups
            .iter()
            .map(|g| (g.key.clone(), g.total))
            .collect();
        assert_eq!(
            totals,
            [
                (GroupKey::Template("meeting-minutes".into()), rates(1, 0, 1)),
                (GroupKey::Template("task-tracker".into()), rates(1, 0, 1)),
            ]
        );
        assert_eq!(board.all.total.overdue_rate(), Some(1.0));
    }

    #[test]
    fn windows_around_today() {
        let today = day("2026-11-19"); // a Thursday
        let span = |w: Option<DashboardWindow>| {
            let w = w.unwrap();
            (w.from.to_string(), w.to.to_string())
        };
        assert_eq!(
            span(DashboardWindow::this_week(today)),
            ("2026-11-16".into(), "2026-11-22".into())
        );
        assert_eq!(
            span(DashboardWindow::this_month(today)),
            ("2026-11-01".into(), "2026-11-30".into())
        );
        assert_eq!(
            span(DashboardWindow::this_quarter(today)),
            ("2026-10-01".into(), "2026-12-31".into())
        );
        assert_eq!(
            span(DashboardWindow::this_quarter(day("2026-02-28"))),
            ("2026-01-01".into(), "2026-03-31".into())
        );
        assert!(DashboardWindow::between(today, day("2026-11-18"), today).is_none());
        // A quarter is shown week by week, a week day by day.
        let quarter = DashboardWindow::this_quarter(today).unwrap();
        let board = Dashboard::of([], quarter, Grouping::Person, &BTreeMap::new());
        assert_eq!(board.kind, PeriodKind::Week);
        assert!(board.groups.is_empty());
        assert_eq!(board.all.per_period.len(), 14);
    }

    #[test]
    fn a_dashboard_travels_as_json_with_days_as_text() {
        let tasks = [
            task(Some("bob"), "2026-11-02", true),
            task(None, "2026-11-03", false),
        ];
        let board = by_person(&tasks, window("2026-11-01", "2026-11-07", "2026-11-10"));
        let json = serde_json::to_value(&board).unwrap();
        assert_eq!(json["kind"], "day");
        assert_eq!(json["periods"][0]["first"], "2026-11-01");
        assert_eq!(
            json["groups"][0]["key"],
            serde_json::json!({"kind": "person", "id": "bob"})
        );
        assert_eq!(
            json["groups"][1]["key"],
            serde_json::json!({"kind": "nobody"})
        );
        assert_eq!(
            json["all"]["total"],
            serde_json::json!({"total": 2, "done": 1, "overdue": 1})
        );
        assert_eq!(serde_json::from_value::<Dashboard>(json).unwrap(), board);
        for g in Grouping::ALL {
            assert_eq!(Grouping::from_word(g.word()), Some(g));
            assert_eq!(serde_json::to_value(g).unwrap(), g.word());
        }
        assert_eq!(Grouping::from_word("Person"), None);
    }
}
