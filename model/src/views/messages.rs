//! The message centre's messages, read from what a document holds now: who
//! was mentioned, assigned, answered, awaited, notified, alarmed, reminded.
//! Read from the document (the relay's stored truth) rather than logged as
//! events, so a message reaches a person who never opened the document, is
//! the same on every relay and after every restart (its id says what it is
//! about, so it shows once), and goes when the person loses the document.

use std::collections::BTreeMap;

use crate::{
    access::{Person, PersonId},
    calendar::{LocalDateTime, TimeZone, Today},
    document::{ConcordDoc, Value},
    views::{
        AwaitedBy, Awaiting, AwaitingKind, DeptReport, DocDigest, DueAt, WEEKLY_TEMPLATE,
        department_reports, is_alarm, task::TaskItem,
    },
    workflow::{APPROVED, REFUSED, RETURNED, TaskRow, Who},
};

/// What a message tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// A comment names me (`@id`).
    Mention,
    /// A task row names me as its owner, written by someone else.
    Assigned,
    /// A step someone else took on what I initiated (approved, refused,
    /// passed on, failed with comments): its new state, with the reason.
    ReviewResult,
    /// A step waits for me (a review, a sign-off).
    Awaited,
    /// A notice was published to me.
    Published,
    /// An emergency plan naming me was triggered.
    Emergency,
    /// A task of mine is due within three days.
    DueSoon,
    /// A task of mine is past its deadline.
    Overdue,
    /// A tracker row of mine was not updated today by 17:00 (SPEC: updates
    /// due daily by 17:00; a reminder goes to those who have not).
    DailyUpdate,
    /// The weekly report is due today at 17:00 and my part is not in.
    ReportDue,
    /// A document I follow was changed by others: one message per hour
    /// it was changed in, naming who changed it how often.
    Followed,
    /// The initiator approved the task I submitted for review.
    TaskApproved,
    /// The initiator returned the task I submitted, with the reason.
    TaskReturned,
    /// The initiator approved the new deadline I asked for.
    DeadlineApproved,
    /// The initiator refused the new deadline I asked for, with the reason.
    DeadlineRefused,
}

impl MessageKind {
    pub const ALL: [MessageKind; 15] = [
        Self::Mention,
        Self::Assigned,
        Self::ReviewResult,
        Self::Awaited,
        Self::Published,
        Self::Emergency,
        Self::DueSoon,
        Self::Overdue,
        Self::DailyUpdate,
        Self::ReportDue,
        Self::Followed,
        Self::TaskApproved,
        Self::TaskReturned,
        Self::DeadlineApproved,
        Self::DeadlineRefused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mention => "mention",
            Self::Assigned => "assigned",
            Self::ReviewResult => "review-result",
            Self::Awaited => "awaited",
            Self::Published => "published",
            Self::Emergency => "emergency",
            Self::DueSoon => "due-soon",
            Self::Overdue => "overdue",
            Self::DailyUpdate => "daily-update",
            Self::ReportDue => "report-due",
            Self::Followed => "followed",
            Self::TaskApproved => "task-approved",
            Self::TaskReturned => "task-returned",
            Self::DeadlineApproved => "deadline-approved",
            Self::DeadlineRefused => "deadline-refused",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// One message about a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocMessage {
    /// Stable within the document: the same thing told twice has one id.
    pub id: String,
    pub kind: MessageKind,
    pub to: AwaitedBy,
    /// When it happened (ms since the epoch): a comment's time, the move's,
    /// or the moment a reminder became due on the workspace's calendar.
    pub at: i64,
    pub by: Option<PersonId>,
    /// What it is about: a comment's text, a task's title, a state's id, a
    /// step's id.
    pub about: String,
    /// A refusal's reason, where a step gave one.
    pub reason: Option<String>,
    pub row: Option<String>,
    /// For changes to a followed document: who changed it, how many times
    /// (those without a named author left out).
    pub changed_by: Vec<(PersonId, u32)>,
}

impl DocMessage {
    /// Whether it is for `person` (who may read the document: the caller's
    /// check). Nobody is told of their own act.
    pub fn is_for(&self, person: &Person) -> bool {
        if self.by.as_ref() == Some(&person.id) {
            return false;
        }
        match &self.to {
            AwaitedBy::People(people) => people.contains(&person.id),
            AwaitedBy::HeadsOf(depts) => depts.iter().any(|d| person.heads.contains(d)),
            AwaitedBy::Readers { audience, .. } => audience.includes(person),
            AwaitedBy::Followers => false,
        }
    }
}

/// Steps someone takes on another's document: reviewing, signing,
/// accepting. Their results and their waits are news to send.
fn reviews(who: Who) -> bool {
    matches!(
        who,
        Who::DirectSuperior
            | Who::HeadOfADepartment
            | Who::HeadOfEveryDepartment
            | Who::Reviewer
            | Who::AnyParty
            | Who::EveryParty
            | Who::Partner
    )
}

/// How many days ahead a deadline reminds its owner (SPEC: 3 days).
pub const REMIND_DAYS: i64 = 3;

/// The templates whose task rows are updated daily (SPEC: the task
/// tracker, by 17:00).
const DAILY_UPDATE_TEMPLATES: [&str; 1] = ["task-tracker"];

/// The time of day by which a daily update is due (SPEC: 17:00).
pub const DAILY_UPDATE_BY: (u8, u8) = (17, 0);

/// What the messages read on `today` depend on besides the document: the
/// day, and whether the daily update time has passed. A digest kept for
/// one phase is good for the whole phase.
pub fn message_phase(today: &Today) -> (crate::calendar::Day, bool) {
    let now = today.now();
    (today.day(), (now.hour(), now.minute()) >= DAILY_UPDATE_BY)
}

/// Every message `doc` (whose id is `id`) holds for anyone, on `today`.
pub fn messages(
    id: &str,
    doc: &mut ConcordDoc,
    today: &Today,
    zone: &dyn TimeZone,
) -> Vec<DocMessage> {
    DocDigest::read(id, doc, today, zone)
        .messages()
        .cloned()
        .collect()
}

/// What the document's process tells, apart from its tasks: mentions, the
/// result of a review, the step awaited, a notice published, an alarm;
/// `waits`: what the process waits for (`process_awaiting`).
pub(super) fn process_messages(
    doc: &mut ConcordDoc,
    waits: &[Awaiting],
    today: &Today,
    zone: &dyn TimeZone,
) -> Vec<DocMessage> {
    let mut out = Vec::new();
    let Ok(meta) = doc.meta() else {
        return out;
    };
    let round = doc.round().unwrap_or(0);
    let entered = doc.status_at().ok().flatten();
    for c in doc.comments(None).unwrap_or_default() {
        let to: Vec<PersonId> = c
            .mentions
            .iter()
            .filter(|p| **p != c.author)
            .cloned()
            .collect();
        if !to.is_empty() {
            out.push(DocMessage {
                id: format!("mention:{}", c.id),
                kind: MessageKind::Mention,
                to: AwaitedBy::People(to),
                at: c.at,
                by: Some(c.author.clone()),
                about: c.body.chars().take(200).collect(),
                reason: None,
                row: None,
                changed_by: Vec::new(),
            });
        }
    }
    let template_id = doc.template().id.0;
    let workflow = &doc.template().workflow;
    let into_here: Vec<_> = workflow
        .transitions
        .iter()
        .filter(|t| t.to == meta.status)
        .collect();
    let answered = !into_here.is_empty() && into_here.iter().all(|t| reviews(t.who));
    if answered && let Some(at) = entered {
        out.push(DocMessage {
            id: format!("result:{round}"),
            kind: MessageKind::ReviewResult,
            to: AwaitedBy::People(vec![meta.created_by.clone()]),
            at,
            by: None,
            about: meta.status.clone(),
            reason: doc.status_reason().ok().flatten(),
            row: None,
            changed_by: Vec::new(),
        });
    }
    for item in waits.iter().cloned() {
        match item.kind {
            AwaitingKind::Step if template_id == WEEKLY_TEMPLATE => {
                if let Some(message) = report_due(doc, item, round, today, zone) {
                    out.push(message);
                }
            }
            // One's own next step (submit a draft) is the task centre's, not news.
            AwaitingKind::Step
                if !workflow
                    .transition(&item.what)
                    .is_some_and(|t| reviews(t.who)) => {}
            AwaitingKind::Step => out.push(DocMessage {
                id: format!("awaited:{round}:{}", item.what),
                kind: MessageKind::Awaited,
                to: item.by,
                at: entered.unwrap_or(meta.created_at),
                by: None,
                about: item.what,
                reason: None,
                row: None,
                changed_by: Vec::new(),
            }),
            AwaitingKind::Read => {
                let AwaitedBy::Readers { audience, .. } = item.by else {
                    continue;
                };
                out.push(DocMessage {
                    id: format!("published:{round}"),
                    kind: MessageKind::Published,
                    to: AwaitedBy::Readers {
                        audience,
                        read: Vec::new(),
                    },
                    at: entered.unwrap_or(meta.created_at),
                    by: None,
                    about: meta.title.clone(),
                    reason: None,
                    row: None,
                    changed_by: Vec::new(),
                });
            }
            // Tasks tell through `task_messages`.
            AwaitingKind::Task | AwaitingKind::Review | AwaitingKind::DeadlineAsked => {}
        }
    }
    if is_alarm(&meta.template_id, &meta.status) {
        let mut named: Vec<PersonId> = Vec::new();
        if let Ok(Some(Value::Person(p))) = doc.field("owner") {
            named.extend(p.parse().ok());
        }
        for row in doc.rows("owners").unwrap_or_default() {
            if let Some(Value::Person(p)) = row.cells.get("owner") {
                named.extend(p.parse().ok());
            }
        }
        named.sort();
        named.dedup();
        out.push(DocMessage {
            id: format!("emergency:{round}"),
            kind: MessageKind::Emergency,
            to: AwaitedBy::People(named),
            at: entered.unwrap_or(meta.created_at),
            by: None,
            about: meta.title.clone(),
            reason: None,
            row: None,
            changed_by: Vec::new(),
        });
    }
    out
}

/// Who last wrote a task row's parts, and when: what its messages date.
pub(super) trait RowWrites {
    /// The row's owner.
    fn owner(&mut self) -> Written;
    /// One of its cells.
    fn cell(&mut self, field: &str) -> Written;
    /// Any of its cells: asked only where a daily update is due.
    fn any_cell(&mut self) -> Written;
}

/// Who wrote something (where the change names them), and when (ms).
pub(super) type Written = Option<(Option<PersonId>, i64)>;

/// What one task tells its people: that it was assigned to them, the
/// initiator's answers, the daily update it lacks, its deadline coming
/// or passed. `waits`: what the task waits for (`task_awaiting`); `row`:
/// the cells its steps read, where its table has steps; `template`: its
/// document's.
pub(super) fn task_messages(
    template: &str,
    task: &TaskItem,
    row: Option<&TaskRow>,
    waits: &[Awaiting],
    writes: &mut dyn RowWrites,
    today: &Today,
    zone: &dyn TimeZone,
) -> Vec<DocMessage> {
    let mut out = Vec::new();
    let Some(owner) = task.assignee.clone() else {
        return out;
    };
    if let Some((by, at)) = writes.owner()
        && by.as_ref() != Some(&owner)
    {
        out.push(DocMessage {
            id: format!("assigned:{}:{}:{owner}", task.table, task.row.0),
            kind: MessageKind::Assigned,
            to: AwaitedBy::People(vec![owner.clone()]),
            at,
            by,
            about: task.title.clone(),
            reason: None,
            row: Some(task.row.0.clone()),
            changed_by: Vec::new(),
        });
    }
    if let Some(row) = row {
        out.extend(task_answers(task, row, writes));
    }
    if DAILY_UPDATE_TEMPLATES.contains(&template) {
        out.extend(daily_update(task, &owner, writes, today, zone));
    }
    out.extend(waits.iter().filter_map(|w| due_reminder(w, today, zone)));
    out
}

/// A task's deadline three days ahead, or passed: told to its owner.
fn due_reminder(item: &Awaiting, today: &Today, zone: &dyn TimeZone) -> Option<DocMessage> {
    if item.kind != AwaitingKind::Task {
        return None;
    }
    let (Some(DueAt::Day(due)), Some(row)) = (item.due, item.row.as_ref()) else {
        return None;
    };
    let starts = |day| day_starts(day, zone);
    let (kind, from) = if today.day() > due {
        (MessageKind::Overdue, starts(due.add_days(1)))
    } else if today.day().days_until(due) <= REMIND_DAYS {
        (MessageKind::DueSoon, starts(due.add_days(-REMIND_DAYS)))
    } else {
        return None;
    };
    Some(DocMessage {
        id: format!("{}:{}:{due}", kind.as_str(), row.0),
        kind,
        to: item.by.clone(),
        at: from?,
        by: None,
        about: item.what.clone(),
        reason: None,
        row: Some(row.0.clone()),
        changed_by: Vec::new(),
    })
}

/// How far back the changes to a followed document are told.
pub const FOLLOWED_DAYS: i64 = 14;

/// The changes of the last `FOLLOWED_DAYS`, grouped by the hour (in the
/// workspace's zone) they were made in: a followed document tells of its
/// changes an hour at a time, not one message per keystroke. Changes with
/// no named author (none the app makes) are left out.
#[derive(Debug, Clone, Default)]
pub(super) struct FollowedHours {
    hours: BTreeMap<(crate::calendar::Day, u8), (i64, BTreeMap<PersonId, u32>)>,
}

impl FollowedHours {
    /// The window's first moment (ms), on `today`.
    pub fn since(today: &Today, zone: &dyn TimeZone) -> i64 {
        const DAY_MS: i64 = 24 * 60 * 60 * 1000;
        today.now().instant(zone) - FOLLOWED_DAYS * DAY_MS
    }

    /// Counts one change, by `by` at `at` (ms).
    pub fn add(&mut self, by: Option<PersonId>, at: i64, zone: &dyn TimeZone) {
        let (Some(by), Some(local)) = (by, LocalDateTime::of_instant(at, zone)) else {
            return;
        };
        let (latest, authors) = self.hours.entry((local.day(), local.hour())).or_default();
        *latest = (*latest).max(at);
        *authors.entry(by).or_default() += 1;
    }

    pub fn messages<'a>(&'a self, title: &'a str) -> impl Iterator<Item = DocMessage> + 'a {
        self.hours
            .iter()
            .map(move |((day, hour), (at, authors))| DocMessage {
                id: format!("followed:{day}T{hour:02}"),
                kind: MessageKind::Followed,
                to: AwaitedBy::Followers,
                at: *at,
                by: None,
                about: title.to_owned(),
                reason: None,
                row: None,
                changed_by: authors.iter().map(|(p, n)| (p.clone(), *n)).collect(),
            })
    }
}

/// The initiator's answers on a task, told to its owner: the last review
/// and the last deadline request, each until the owner starts another.
fn task_answers(task: &TaskItem, row: &TaskRow, writes: &mut dyn RowWrites) -> Vec<DocMessage> {
    let Some(owner) = row.owner.clone() else {
        return Vec::new();
    };
    let review = match row.review_decision.as_deref() {
        Some(APPROVED) => Some((MessageKind::TaskApproved, None)),
        Some(RETURNED) => Some((MessageKind::TaskReturned, row.review_note.clone())),
        _ => None,
    };
    let deadline = match row.deadline_decision.as_deref() {
        Some(APPROVED) => Some((MessageKind::DeadlineApproved, None)),
        Some(REFUSED) => Some((MessageKind::DeadlineRefused, row.deadline_answer.clone())),
        _ => None,
    };
    let mut out = Vec::new();
    for (cell, answer) in [("review_decision", review), ("deadline_decision", deadline)] {
        let Some((kind, reason)) = answer else {
            continue;
        };
        let Some((by, at)) = writes.cell(cell) else {
            continue;
        };
        out.push(DocMessage {
            // The moment tells one answer from the next on the same row.
            id: format!("{}:{}:{at}", kind.as_str(), task.row.0),
            kind,
            to: AwaitedBy::People(vec![owner.clone()]),
            at,
            by,
            about: task.title.clone(),
            reason,
            row: Some(task.row.0.clone()),
            changed_by: Vec::new(),
        });
    }
    out
}

/// The start of `day` in `zone`, ms since the epoch.
fn day_starts(day: Option<crate::calendar::Day>, zone: &dyn TimeZone) -> Option<i64> {
    day.and_then(|d| LocalDateTime::new(d, 0, 0, 0))
        .map(|at| at.instant(zone))
}

/// A reminder for an open row whose owner has not written it today, once
/// 17:00 has passed on a working day. A row not yet started (its start
/// day is later) needs no update.
fn daily_update(
    task: &TaskItem,
    owner: &PersonId,
    writes: &mut dyn RowWrites,
    today: &Today,
    zone: &dyn TimeZone,
) -> Option<DocMessage> {
    let day = today.day();
    if task.done || !message_phase(today).1 || !today.working_days().is_working_day(day) {
        return None;
    }
    let from = day_starts(Some(day), zone)?;
    let due = LocalDateTime::new(day, DAILY_UPDATE_BY.0, DAILY_UPDATE_BY.1, 0)?;
    let started = task
        .start
        .as_deref()
        .and_then(|s| crate::calendar::Day::parse(s).ok())
        .is_none_or(|start| start <= day);
    let written = writes.any_cell().map(|(_, at)| at);
    if !started || written.is_some_and(|at| at >= from) {
        return None;
    }
    Some(DocMessage {
        id: format!("daily-update:{}:{day}", task.row.0),
        kind: MessageKind::DailyUpdate,
        to: AwaitedBy::People(vec![owner.clone()]),
        at: due.instant(zone),
        by: None,
        about: task.title.clone(),
        reason: None,
        row: Some(task.row.0.clone()),
        changed_by: Vec::new(),
    })
}

/// The weekly report's reminder on its due day: to whoever submits it and
/// to each reporter whose department's part says nothing yet.
fn report_due(
    doc: &ConcordDoc,
    item: Awaiting,
    round: i64,
    today: &Today,
    zone: &dyn TimeZone,
) -> Option<DocMessage> {
    let Some(DueAt::At(due)) = item.due else {
        return None;
    };
    if today.day() < due.day() {
        return None;
    }
    let AwaitedBy::People(mut to) = item.by else {
        return None;
    };
    for line in department_reports(doc, &[]).unwrap_or_default() {
        if let DeptReport::Started {
            reporter: Some(reporter),
        } = line.report
        {
            to.push(reporter);
        }
    }
    to.sort();
    to.dedup();
    Some(DocMessage {
        id: format!("report-due:{round}:{}", due.day()),
        kind: MessageKind::ReportDue,
        to: AwaitedBy::People(to),
        at: day_starts(Some(due.day()), zone)?,
        by: None,
        about: doc.title().unwrap_or_default(),
        reason: None,
        row: None,
        changed_by: Vec::new(),
    })
}
