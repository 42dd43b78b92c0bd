//! What one document waits for, and from whom: the task centre's items.
//! Read once per state of a document (by the relay for every document, by
//! the app for those it holds), then kept for each person they are for.

use super::task::{TaskItem, due_day, task_of};
use super::task_shape::task_shapes;
use crate::{
    access::{DeptId, Person, PersonId},
    calendar::{Day, LocalDateTime, TimeZone, Today},
    document::{ConcordDoc, RowId},
    rules::{Awaited, Permissions},
    workflow::{Audience, TaskRow, Who},
};

/// What kind of thing waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AwaitingKind {
    /// A task row not done: its person does it.
    Task,
    /// A workflow step: a review, a sign-off, a submission.
    Step,
    /// A published notice its recipient has not confirmed reading.
    Read,
    /// A task submitted for review: its initiator approves or returns it.
    Review,
    /// A task's owner asked for a new deadline: its initiator answers.
    DeadlineAsked,
}

impl AwaitingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AwaitingKind::Task => "task",
            AwaitingKind::Step => "step",
            AwaitingKind::Read => "read",
            AwaitingKind::Review => "review",
            AwaitingKind::DeadlineAsked => "deadline-asked",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Task,
            Self::Step,
            Self::Read,
            Self::Review,
            Self::DeadlineAsked,
        ]
        .into_iter()
        .find(|k| k.as_str() == text)
    }
}

/// When something is due: a day (a task's deadline, due by its end), or a
/// moment (a review due at 17:00 two working days on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DueAt {
    Day(Day),
    At(LocalDateTime),
}

impl DueAt {
    pub fn day(self) -> Day {
        match self {
            DueAt::Day(d) => d,
            DueAt::At(at) => at.day(),
        }
    }

    /// Past due on `today`: a day once it has ended, a moment once passed.
    pub fn is_past(self, today: &Today) -> bool {
        match self {
            DueAt::Day(d) => d < today.day(),
            DueAt::At(at) => today.now() > at,
        }
    }
}

/// Whom an item waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AwaitedBy {
    People(Vec<PersonId>),
    HeadsOf(Vec<DeptId>),
    /// A notice's recipients, less those who confirmed.
    Readers {
        audience: Audience,
        read: Vec<PersonId>,
    },
    /// Whoever follows the document: the relay knows who, the document
    /// does not.
    Followers,
}

/// One thing a document waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Awaiting {
    pub kind: AwaitingKind,
    /// The row, for a task.
    pub table: Option<&'static str>,
    pub row: Option<RowId>,
    /// A task's title; for a step, its id (the app says its label).
    pub what: String,
    pub by: AwaitedBy,
    pub due: Option<DueAt>,
    /// A task's priority option (`high`, `medium`, `low`), where its table
    /// has one; `None` for steps and reads.
    pub priority: Option<String>,
}

impl Awaiting {
    /// Whether it waits for `person`.
    pub fn is_for(&self, person: &Person) -> bool {
        match &self.by {
            AwaitedBy::People(people) => people.contains(&person.id),
            AwaitedBy::HeadsOf(depts) => depts.iter().any(|d| person.heads.contains(d)),
            AwaitedBy::Readers { audience, read } => {
                audience.includes(person) && !read.contains(&person.id)
            }
            AwaitedBy::Followers => false,
        }
    }
}

/// Everything `doc` (whose id is `id`) waits for now: its open tasks, the
/// step its process waits for, and the reads a published notice awaits.
/// Steps waiting on a role anyone of many holds (any editor) are left to
/// the document's own screen: they are nobody's in particular.
pub fn awaiting(id: &str, doc: &ConcordDoc, today: &Today, zone: &dyn TimeZone) -> Vec<Awaiting> {
    let initiator = doc.meta().ok().map(|m| m.created_by);
    let mut items = Vec::new();
    // Each table read once, the task and its step cells from the same row:
    // a lookup of one row by its key costs a scan of the table.
    for shape in task_shapes(doc.template().id.0) {
        let Ok(rows) = doc.rows_with(shape.table, &shape.item_cells()) else {
            continue;
        };
        for row in &rows {
            let t = task_of(id, shape, row);
            let steps = shape
                .steps
                .then(|| crate::document::task_row_of(row.owner.clone(), &row.cells));
            items.extend(task_awaiting(&t, steps.as_ref(), initiator.as_ref()));
        }
    }
    items.extend(process_awaiting(doc, today, zone));
    items
}

/// What the document's process waits for, apart from its tasks: the step
/// its state waits for, and the reads a published notice awaits.
pub(super) fn process_awaiting(
    doc: &ConcordDoc,
    today: &Today,
    zone: &dyn TimeZone,
) -> Vec<Awaiting> {
    let mut items = Vec::new();
    let Ok(meta) = doc.meta() else {
        return items;
    };
    // Whose permissions these are does not change what the process waits for.
    let reader = Person::staff(meta.created_by.clone(), Vec::new());
    if let Ok(perms) = Permissions::of(doc, &reader)
        && let Some(waiting) = perms.waiting(today, zone)
    {
        let by = match waiting.awaited {
            Awaited::People(people) => Some(AwaitedBy::People(people)),
            Awaited::HeadsOf(depts) => Some(AwaitedBy::HeadsOf(depts)),
            Awaited::Role(Who::Owner) => doc.members().ok().map(|members| {
                AwaitedBy::People(
                    members
                        .into_iter()
                        .filter(|(_, role)| *role == crate::access::DocRole::Owner)
                        .map(|(p, _)| p)
                        .collect(),
                )
            }),
            Awaited::Role(_) => None,
        };
        if let Some(by) = by.filter(|b| !matches!(b, AwaitedBy::People(p) if p.is_empty())) {
            items.push(Awaiting {
                kind: AwaitingKind::Step,
                table: None,
                row: None,
                what: waiting.step.id.to_owned(),
                by,
                due: waiting.due.map(DueAt::At),
                priority: None,
            });
        }
    }
    let published = doc
        .template()
        .workflow
        .state(&meta.status)
        .is_some_and(|s| s.publishes.is_some());
    if published && let Ok(Some(audience)) = doc.audience() {
        let read = doc.reads().unwrap_or_default().into_keys().collect();
        let due = doc.status_at().ok().flatten().and_then(|at| {
            LocalDateTime::of_instant(at + crate::READ_WITHIN_MINUTES * 60_000, zone)
        });
        items.push(Awaiting {
            kind: AwaitingKind::Read,
            table: None,
            row: None,
            what: String::new(),
            by: AwaitedBy::Readers { audience, read },
            due: due.map(DueAt::At),
            priority: None,
        });
    }
    items
}

/// What one task waits for: an open task its owner; a task in review, and
/// a new deadline asked for, the task's initiator (else the document's).
/// `row`: the cells its steps read, where its table has steps.
pub(super) fn task_awaiting(
    t: &TaskItem,
    row: Option<&TaskRow>,
    doc_initiator: Option<&PersonId>,
) -> Vec<Awaiting> {
    let mut items = Vec::new();
    let due = due_day(t).map(DueAt::Day);
    let decider = row
        .and_then(|r| r.initiator.as_ref().or(doc_initiator))
        .cloned();
    let mut push = |kind, by: PersonId| {
        items.push(Awaiting {
            kind,
            table: Some(t.table),
            due,
            row: Some(t.row.clone()),
            what: t.title.clone(),
            by: AwaitedBy::People(vec![by]),
            priority: t.priority.clone(),
        })
    };
    if let (Some(r), Some(decider)) = (row, &decider)
        && r.deadline_asked()
    {
        push(AwaitingKind::DeadlineAsked, decider.clone());
    }
    let in_review = row.is_some_and(|r| r.is_reviewed() && r.in_review());
    match (row, in_review) {
        (Some(r), true) => {
            if let Some(initiator) = r.initiator.clone() {
                push(AwaitingKind::Review, initiator);
            }
        }
        _ if t.done => {}
        _ => {
            if let Some(assignee) = t.assignee.clone() {
                push(AwaitingKind::Task, assignee);
            }
        }
    }
    items
}
