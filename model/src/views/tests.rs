//! The views over fixed documents and fixed dates.

use std::collections::BTreeMap;

use super::*;
use crate::access::{DeptId, PersonId};
use crate::document::tests::{TestRng, actor, alice};
use crate::document::{ConcordDoc, RowId, Value};
use crate::library::find_template;

fn person(id: &str) -> PersonId {
    id.parse().unwrap()
}

fn dept(id: &str) -> DeptId {
    id.parse().unwrap()
}

/// A task tracker with rows (title, owner, deadline, status).
fn tracker(rows: &[(&str, &str, &str, &str)]) -> ConcordDoc {
    let t = find_template("task-tracker").unwrap();
    let mut doc = ConcordDoc::create(t, "跟踪", &alice(), 0, actor(1)).unwrap();
    let mut rng = TestRng(42);
    let mut after: Option<RowId> = None;
    for (title, owner, deadline, status) in rows {
        let row = doc.add_row("tasks", after.as_ref(), &mut rng).unwrap();
        doc.set_cell("tasks", &row, "task", Value::Text((*title).into()))
            .unwrap();
        if !owner.is_empty() {
            doc.set_cell("tasks", &row, "owner", Value::Person((*owner).into()))
                .unwrap();
        }
        doc.set_cell("tasks", &row, "deadline", Value::Date((*deadline).into()))
            .unwrap();
        doc.set_cell("tasks", &row, "status", Value::Choice((*status).into()))
            .unwrap();
        after = Some(row);
    }
    doc
}

fn titles(tasks: &[TaskItem]) -> Vec<&str> {
    tasks.iter().map(|t| t.title.as_str()).collect()
}

#[test]
fn my_open_tasks_span_documents_soonest_first() {
    let a = tracker(&[
        ("late", "bob", "2026-11-25", "in_progress"),
        ("done", "bob", "2026-11-01", "done"),
        ("carol's", "carol", "2026-11-02", "not_started"),
    ]);
    let b = tracker(&[("first", "bob", "2026-11-20", "not_started")]);
    let notice = ConcordDoc::create(
        find_template("internal-notice").unwrap(),
        "n",
        &alice(),
        0,
        actor(2),
    )
    .unwrap();
    let docs = [
        DocRef {
            id: "automerge:a",
            doc: &a,
        },
        DocRef {
            id: "automerge:b",
            doc: &b,
        },
        DocRef {
            id: "automerge:n",
            doc: &notice,
        },
    ];
    let mine = my_open_tasks(&docs, &person("bob"));
    assert_eq!(titles(&mine), ["first", "late"]);
    assert_eq!(mine[0].doc, "automerge:b");
    assert!(my_open_tasks(&docs, &person("nobody")).is_empty());
}

#[test]
fn overdue_and_due_within_three_days() {
    let doc = tracker(&[
        ("way late", "bob", "2026-11-10", "delayed"),
        ("late", "bob", "2026-11-20", "in_progress"),
        ("today", "bob", "2026-11-21", "not_started"),
        ("in 3", "bob", "2026-11-24", "not_started"),
        ("in 4", "bob", "2026-11-25", "not_started"),
        ("done late", "bob", "2026-11-01", "done"),
    ]);
    let all = tasks(&[DocRef { id: "d", doc: &doc }]);
    let alerts = due_alerts(&all, "2026-11-21");
    let summary = |items: &[DueItem]| -> Vec<(String, i64)> {
        items
            .iter()
            .map(|i| (i.task.title.clone(), i.days_left))
            .collect()
    };
    assert_eq!(
        summary(&alerts.overdue),
        [("way late".to_string(), -11), ("late".to_string(), -1)]
    );
    assert_eq!(
        summary(&alerts.due_soon),
        [("today".to_string(), 0), ("in 3".to_string(), 3)]
    );
    assert_eq!(due_alerts(&all, "not a date"), DueAlerts::default());
}

#[test]
fn completion_and_overdue_rates_per_person_and_department() {
    let doc = tracker(&[
        ("a", "bob", "2026-11-10", "done"),
        ("b", "bob", "2026-11-10", "in_progress"),
        ("c", "bob", "2026-12-10", "not_started"),
        ("d", "carol", "2026-11-10", "done"),
        ("e", "", "2026-11-10", "not_started"),
    ]);
    let all = tasks(&[DocRef { id: "d", doc: &doc }]);
    let directory = BTreeMap::from([(person("bob"), dept("rd")), (person("carol"), dept("rd"))]);
    let stats = task_stats(&all, "2026-11-21", DueWindow::default(), &directory);
    let bob = stats.per_person[&person("bob")];
    assert_eq!((bob.total, bob.done, bob.overdue), (3, 1, 1));
    assert_eq!(bob.completion_rate(), Some(1.0 / 3.0));
    assert_eq!(bob.overdue_rate(), Some(1.0 / 3.0));
    let rd = stats.per_department[&dept("rd")];
    assert_eq!((rd.total, rd.done, rd.overdue), (4, 2, 1));
    assert_eq!(rd.completion_rate(), Some(0.5));
    assert_eq!((stats.unassigned.total, stats.unassigned.overdue), (1, 1));
    assert_eq!(Rates::default().completion_rate(), None);

    // Filtered to November: the December task drops out.
    let november = DueWindow {
        from: Some("2026-11-01"),
        to: Some("2026-11-30"),
    };
    let stats = task_stats(&all, "2026-11-21", november, &directory);
    assert_eq!(stats.per_person[&person("bob")].total, 2);
}

/// A breakdown: (no, name, dept, start, end, depends, status).
fn breakdown(rows: &[(&str, &str, &str, &str, &str, &str, &str)]) -> ConcordDoc {
    let t = find_template("task-breakdown").unwrap();
    let mut doc = ConcordDoc::create(t, "分解", &alice(), 0, actor(1)).unwrap();
    let mut rng = TestRng(7);
    let mut after: Option<RowId> = None;
    for (no, name, department, start, end, depends, status) in rows {
        let row = doc.add_row("tasks", after.as_ref(), &mut rng).unwrap();
        let mut set =
            |field: &str, value: Value| doc.set_cell("tasks", &row, field, value).unwrap();
        set("no", Value::Text((*no).into()));
        set("name", Value::Text((*name).into()));
        set("department", Value::Department((*department).into()));
        set("owner", Value::Person("bob".into()));
        set("start", Value::Date((*start).into()));
        set("end", Value::Date((*end).into()));
        set("depends_on", Value::Text((*depends).into()));
        set("status", Value::Choice((*status).into()));
        after = Some(row);
    }
    doc
}

#[test]
fn gantt_rows_carry_dependencies_progress_and_slip() {
    let doc = breakdown(&[
        ("1", "design", "rd", "2026-11-01", "2026-11-10", "", "done"),
        (
            "2",
            "build",
            "rd",
            "2026-11-11",
            "2026-11-18",
            "1",
            "in_progress",
        ),
        (
            "3",
            "test",
            "qa",
            "2026-11-19",
            "2026-11-25",
            "2，9",
            "not_started",
        ),
        (
            "4",
            "launch",
            "ops",
            "2026-11-30",
            "2026-12-01",
            "3、2",
            "not_started",
        ),
    ]);
    let bars = gantt_rows(&doc, "tasks", "2026-11-21");
    let by_no = |n: &str| {
        bars.iter()
            .find(|b| b.number.as_deref() == Some(n))
            .unwrap()
    };
    assert_eq!(bars.len(), 4);
    assert_eq!(by_no("1").progress, 100);
    assert_eq!(by_no("1").slip_days, 0);
    // Build is 3 days past its end.
    assert_eq!(by_no("2").progress, 50);
    assert_eq!(by_no("2").slip_days, 3);
    assert_eq!(by_no("2").depends_on, [by_no("1").row.clone()]);
    // Test starts the 19th, but build now ends the 21st: pushed 3 days.
    assert_eq!(by_no("3").slip_days, 3);
    assert_eq!(by_no("3").unknown_dependencies, ["9"]);
    // Test now ends the 28th, launch starts the 30th: no push.
    assert_eq!(by_no("4").slip_days, 0);
    assert_eq!(by_no("4").depends_on.len(), 2);

    // The same tasks a day later: launch is still clear, test is pushed 4.
    let later = gantt_rows(&doc, "tasks", "2026-11-22");
    assert_eq!(
        later.iter().map(|b| b.slip_days).collect::<Vec<_>>(),
        [0, 4, 4, 0]
    );
    // Departments come from the rows' own cells.
    let stats = task_stats(
        &tasks(&[DocRef { id: "d", doc: &doc }]),
        "2026-11-21",
        DueWindow::default(),
        &BTreeMap::new(),
    );
    assert_eq!(stats.per_department[&dept("rd")].total, 2);
    assert_eq!(stats.per_department[&dept("qa")].total, 1);
}

#[test]
fn dependency_cycles_and_templates_without_gantt_do_not_hang() {
    let doc = breakdown(&[
        (
            "1",
            "a",
            "rd",
            "2026-11-01",
            "2026-11-05",
            "2",
            "not_started",
        ),
        (
            "2",
            "b",
            "rd",
            "2026-11-06",
            "2026-11-08",
            "1 1",
            "not_started",
        ),
    ]);
    let bars = gantt_rows(&doc, "tasks", "2026-11-07");
    assert_eq!(bars.len(), 2);
    assert!(bars.iter().all(|b| b.slip_days >= 0));
    let issues = ConcordDoc::create(
        find_template("internal-notice").unwrap(),
        "n",
        &alice(),
        0,
        actor(2),
    )
    .unwrap();
    assert!(gantt_rows(&issues, "tasks", "2026-11-07").is_empty());
    assert!(gantt_rows(&doc, "no-such-table", "2026-11-07").is_empty());
}

#[test]
fn gantt_marks_a_late_task_slipped_and_the_tasks_after_it_pushed() {
    let doc = breakdown(&[
        (
            "1",
            "design",
            "rd",
            "2026-11-01",
            "2026-11-10",
            "",
            "in_progress",
        ),
        (
            "2",
            "build",
            "rd",
            "2026-11-12",
            "2026-11-20",
            "1",
            "not_started",
        ),
        (
            "3",
            "late too",
            "qa",
            "2026-11-05",
            "2026-11-11",
            "1",
            "in_progress",
        ),
    ]);
    let bars = gantt_rows(&doc, "tasks", "2026-11-13");
    let by_no = |n: &str| {
        bars.iter()
            .find(|b| b.number.as_deref() == Some(n))
            .unwrap()
    };
    // Design is 3 days past its end: its own lateness, no push.
    let design = by_no("1");
    assert_eq!((design.own_slip_days, design.pushed_days), (3, 0));
    assert_eq!(design.pushed_by, None);
    // Build is not due yet, but design now ends the 13th: pushed 2 days.
    let build = by_no("2");
    assert_eq!(
        (build.own_slip_days, build.pushed_days, build.slip_days),
        (0, 2, 2)
    );
    assert_eq!(build.pushed_by.as_ref(), Some(&design.row));
    // Both at once: the slip is the larger.
    let both = by_no("3");
    assert_eq!(
        (both.own_slip_days, both.pushed_days, both.slip_days),
        (2, 9, 9)
    );
}

#[test]
fn gantt_applies_to_task_tables_with_start_dates() {
    assert!(gantt_applies("task-breakdown", "tasks"));
    assert!(gantt_applies("task-tracker", "tasks"));
    // Issues have a resolve-by date and no start.
    assert!(!gantt_applies("issue-risk-tracker", "issues"));
    assert!(!gantt_applies("task-tracker", "issues"));
    assert!(!gantt_applies("meeting-minutes", "action_items"));
}

#[test]
fn gantt_walks_a_long_chain_of_dependencies_without_overflow() {
    // 1,000 tasks, each waiting for the one before, the first late: the
    // push reaches the last without recursion.
    let rows: Vec<(String, String, String)> = (0..1000)
        .map(|i| {
            (
                format!("{}", i + 1),
                format!("t{i}"),
                if i == 0 {
                    String::new()
                } else {
                    format!("{i}")
                },
            )
        })
        .collect();
    let t = find_template("task-breakdown").unwrap();
    let mut doc = ConcordDoc::create(t, "chain", &alice(), 0, actor(1)).unwrap();
    let mut rng = TestRng(9);
    let mut after: Option<RowId> = None;
    for (no, name, depends) in &rows {
        let row = doc.add_row("tasks", after.as_ref(), &mut rng).unwrap();
        let mut set =
            |field: &str, value: Value| doc.set_cell("tasks", &row, field, value).unwrap();
        set("no", Value::Text(no.clone()));
        set("name", Value::Text(name.clone()));
        set("start", Value::Date("2026-11-01".into()));
        set("end", Value::Date("2026-11-02".into()));
        set("depends_on", Value::Text(depends.clone()));
        set("status", Value::Choice("in_progress".into()));
        after = Some(row);
    }
    let bars = gantt_rows(&doc, "tasks", "2026-11-04");
    assert_eq!(bars.len(), 1000);
    assert_eq!(bars[0].own_slip_days, 2);
    // Each waits a day more than the one before it ends.
    assert_eq!(bars[1].pushed_days, 4);
    assert!(bars[999].pushed_days > bars[998].pushed_days);
}

mod awaiting_items {
    use super::*;
    use crate::{
        access::{Affiliation, Person},
        calendar::{Offset, Today, WorkingDays},
    };

    fn today() -> Today {
        // Wednesday 2 December 2026, 10:00 in Shanghai.
        Today::at(1_796_176_800_000, &Offset::CHINA, WorkingDays::new()).unwrap()
    }

    fn staff(id: &str, depts: &[&str], heads: &[&str]) -> Person {
        let mut p = Person::staff(person(id), depts.iter().map(|d| dept(d)).collect());
        p.heads = heads.iter().map(|d| dept(d)).collect();
        p
    }

    #[test]
    fn open_tasks_are_their_owners_and_done_ones_are_nobodys() {
        let doc = tracker(&[
            ("send the quote", "bob", "2026-12-01", "in_progress"),
            ("book the hall", "carol", "2026-12-20", "done"),
            ("nobody's", "", "2026-12-20", "not_started"),
        ]);
        let items = awaiting("t1", &doc, &today(), &Offset::CHINA);
        let tasks: Vec<_> = items
            .iter()
            .filter(|i| i.kind == AwaitingKind::Task)
            .collect();
        // Done, or owned by nobody: waiting for no one.
        assert_eq!(tasks.len(), 1, "{tasks:?}");
        let quote = tasks.iter().find(|i| i.what == "send the quote").unwrap();
        assert!(quote.is_for(&staff("bob", &[], &[])));
        assert!(!quote.is_for(&staff("carol", &[], &[])));
        assert!(quote.due.unwrap().is_past(&today()), "due yesterday");
        assert_eq!(quote.table, Some("tasks"));
    }

    #[test]
    fn a_review_waits_for_the_recorded_superior_and_a_notice_for_its_unread_recipients() {
        let t = find_template("requirement-approval").unwrap();
        let mut approval = ConcordDoc::create(t, "需求", &alice(), 0, actor(1)).unwrap();
        approval.set_direct_superior(&person("boss")).unwrap();
        approval.set_status("submitted").unwrap();
        approval.set_status_at(1_796_176_800_000).unwrap();
        let items = awaiting("a1", &approval, &today(), &Offset::CHINA);
        let step = items.iter().find(|i| i.kind == AwaitingKind::Step).unwrap();
        assert!(step.is_for(&staff("boss", &[], &[])));
        assert!(!step.is_for(&staff("alice", &[], &[])));
        // Two working days on, at the day's end of work.
        assert_eq!(step.due.unwrap().day().to_string(), "2026-12-04");

        let n = find_template("internal-notice").unwrap();
        let mut notice = ConcordDoc::create(n, "通知", &alice(), 0, actor(1)).unwrap();
        notice
            .set_field(
                "recipient_departments",
                Value::Departments(vec!["sales".into()]),
            )
            .unwrap();
        notice.set_status("published").unwrap();
        let read_item = |doc: &ConcordDoc| {
            awaiting("n1", doc, &today(), &Offset::CHINA)
                .into_iter()
                .find(|i| i.kind == AwaitingKind::Read)
        };
        let item = read_item(&notice).unwrap();
        let sun = staff("sun", &["sales"], &[]);
        assert!(item.is_for(&sun));
        assert!(!item.is_for(&staff("rd-person", &["rd"], &[])));
        let mut partner = sun.clone();
        partner.affiliation = Affiliation::Partner("acme".parse().unwrap());
        assert!(!item.is_for(&partner), "notices are for staff");
        notice.confirm_read(&person("sun"), 5).unwrap();
        assert!(
            !read_item(&notice).unwrap().is_for(&sun),
            "read: no longer waiting"
        );
    }
}

mod doc_messages {
    use super::*;
    use crate::{
        access::Person,
        calendar::{Offset, Today, WorkingDays},
        document::CommentTarget,
    };

    /// Wednesday 2 December 2026, 10:00 in Shanghai.
    const NOW: i64 = 1_796_176_800_000;

    fn today() -> Today {
        Today::at(NOW, &Offset::CHINA, WorkingDays::new()).unwrap()
    }

    fn staff(id: &str) -> Person {
        Person::staff(person(id), vec![])
    }

    fn kinds_for(doc: &mut ConcordDoc, who: &str) -> Vec<(MessageKind, String)> {
        let mut out: Vec<_> = messages("d", doc, &today(), &Offset::CHINA)
            .into_iter()
            .filter(|m| m.is_for(&staff(who)))
            .map(|m| (m.kind, m.about))
            .collect();
        out.sort_by_key(|(k, a)| (k.as_str(), a.clone()));
        out
    }

    #[test]
    fn mentions_assignments_and_reminders_reach_their_people_and_nobody_else() {
        let mut doc = tracker(&[
            ("late quote", "bob", "2026-12-01", "in_progress"),
            ("soon hall", "bob", "2026-12-04", "not_started"),
            ("far report", "bob", "2027-01-30", "not_started"),
        ]);
        doc.commit(NOW, Some("alice"));
        doc.add_comment(
            &person("alice"),
            &CommentTarget::Doc,
            "请 @bob 和 @alice 看一下",
            NOW,
            &mut TestRng(5),
        )
        .unwrap();
        doc.commit(NOW, Some("alice"));
        let bob = kinds_for(&mut doc, "bob");
        assert_eq!(
            bob,
            vec![
                (MessageKind::Assigned, "far report".into()),
                (MessageKind::Assigned, "late quote".into()),
                (MessageKind::Assigned, "soon hall".into()),
                (MessageKind::DueSoon, "soon hall".into()),
                (MessageKind::Mention, "请 @bob 和 @alice 看一下".into()),
                (MessageKind::Overdue, "late quote".into()),
            ]
        );
        // Alice mentioned herself and assigned the rows: nothing for her.
        assert!(kinds_for(&mut doc, "alice").is_empty());
        assert!(kinds_for(&mut doc, "carol").is_empty());
        // The same messages read again have the same ids.
        let ids = |doc: &mut ConcordDoc| {
            messages("d", doc, &today(), &Offset::CHINA)
                .into_iter()
                .map(|m| m.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&mut doc), ids(&mut doc));
        // A reminder is dated when it became due on the workspace's calendar.
        let soon = messages("d", &mut doc, &today(), &Offset::CHINA)
            .into_iter()
            .find(|m| m.kind == MessageKind::DueSoon)
            .unwrap();
        assert_eq!(
            crate::calendar::LocalDateTime::of_instant(soon.at, &Offset::CHINA)
                .unwrap()
                .to_string(),
            "2026-12-01 00:00"
        );
    }

    #[test]
    fn a_refusal_tells_the_initiator_with_its_reason_and_a_submission_the_superior() {
        let t = find_template("requirement-approval").unwrap();
        let mut doc = ConcordDoc::create(t, "需求", &alice(), 0, actor(1)).unwrap();
        doc.set_direct_superior(&person("boss")).unwrap();
        doc.set_status("submitted").unwrap();
        doc.set_status_at(NOW).unwrap();
        assert_eq!(
            kinds_for(&mut doc, "boss"),
            [(MessageKind::Awaited, "forward".into())]
        );
        doc.set_status("rejected").unwrap();
        doc.set_status_at(NOW + 60_000).unwrap();
        doc.set_status_reason("没有预算").unwrap();
        let told: Vec<_> = messages("d", &mut doc, &today(), &Offset::CHINA)
            .into_iter()
            .filter(|m| m.is_for(&staff("alice")))
            .collect();
        assert_eq!(told.len(), 1, "{told:?}");
        assert_eq!(told[0].kind, MessageKind::ReviewResult);
        assert_eq!(told[0].about, "rejected");
        assert_eq!(told[0].reason.as_deref(), Some("没有预算"));
    }

    fn at(instant: i64) -> Today {
        Today::at(instant, &Offset::CHINA, WorkingDays::new()).unwrap()
    }

    fn told(doc: &mut ConcordDoc, today: &Today, who: &str, kind: MessageKind) -> Vec<String> {
        let mut out: Vec<String> = messages("d", doc, today, &Offset::CHINA)
            .into_iter()
            .filter(|m| m.kind == kind && m.is_for(&staff(who)))
            .map(|m| m.about)
            .collect();
        out.sort();
        out
    }

    const HOUR: i64 = 3_600_000;
    const DAY: i64 = 24 * HOUR;

    #[test]
    fn the_daily_update_reminds_owners_of_rows_not_written_today_after_17_on_working_days() {
        let mut doc = tracker(&[
            ("quote", "bob", "2026-12-30", "in_progress"),
            ("hall", "bob", "2026-12-30", "not_started"),
            ("done one", "bob", "2026-12-30", "done"),
            ("carol's", "carol", "2026-12-30", "in_progress"),
        ]);
        let later = doc.add_row("tasks", None, &mut TestRng(9)).unwrap();
        for (field, value) in [
            ("task", Value::Text("next month".into())),
            ("owner", Value::Person("bob".into())),
            ("start", Value::Date("2026-12-20".into())),
            ("deadline", Value::Date("2026-12-30".into())),
        ] {
            doc.set_cell("tasks", &later, field, value).unwrap();
        }
        // Written Wednesday at 10:00: nothing is due that day.
        doc.commit(NOW, Some("alice"));
        let wednesday_evening = at(NOW + 7 * HOUR + 30 * 60_000);
        assert!(
            told(
                &mut doc,
                &wednesday_evening,
                "bob",
                MessageKind::DailyUpdate
            )
            .is_empty()
        );
        // Thursday: before 17:00 nothing, after it every open started row
        // of each owner not written that day.
        let thursday = NOW + DAY;
        assert!(
            told(
                &mut doc,
                &at(thursday + 6 * HOUR),
                "bob",
                MessageKind::DailyUpdate
            )
            .is_empty()
        );
        let evening = at(thursday + 7 * HOUR + 30 * 60_000);
        assert_eq!(
            told(&mut doc, &evening, "bob", MessageKind::DailyUpdate),
            ["hall", "quote"]
        );
        assert_eq!(
            told(&mut doc, &evening, "carol", MessageKind::DailyUpdate),
            ["carol's"]
        );
        // Bob types a progress note into one row on Thursday afternoon.
        let quote = doc
            .rows("tasks")
            .unwrap()
            .into_iter()
            .find(|r| r.cells.get("task") == Some(&Value::Text("quote".into())))
            .unwrap()
            .id;
        doc.splice_cell_text("tasks", &quote, "progress", 0, 0, "报价已发")
            .unwrap();
        doc.commit(thursday + 5 * HOUR, Some("bob"));
        assert_eq!(
            told(&mut doc, &evening, "bob", MessageKind::DailyUpdate),
            ["hall"]
        );
        assert_eq!(
            doc.row_written("tasks", &quote).map(|w| w.0),
            Some(Some(person("bob")))
        );
        // Saturday is not a working day.
        let saturday = at(NOW + 3 * DAY + 8 * HOUR);
        assert!(told(&mut doc, &saturday, "bob", MessageKind::DailyUpdate).is_empty());
        // One message per row and day: its id says which.
        let ids: Vec<String> = messages("d", &mut doc, &evening, &Offset::CHINA)
            .into_iter()
            .filter(|m| m.kind == MessageKind::DailyUpdate)
            .map(|m| m.id)
            .collect();
        assert!(ids.iter().all(|id| id.ends_with(":2026-12-03")), "{ids:?}");
    }

    #[test]
    fn the_weekly_report_reminds_its_initiator_and_silent_reporters_on_friday() {
        let t = find_template(WEEKLY_TEMPLATE).unwrap();
        // Started Monday 30 November.
        let mut doc = ConcordDoc::create(t, "第 49 周", &alice(), NOW - 2 * DAY, actor(1)).unwrap();
        let mut rng = TestRng(3);
        for (dept_id, reporter, done) in [("ops", "carol", ""), ("sales", "dan", "签了两单")] {
            let row = doc.add_row("departments", None, &mut rng).unwrap();
            doc.set_cell(
                "departments",
                &row,
                "department",
                Value::Department(dept_id.into()),
            )
            .unwrap();
            doc.set_cell(
                "departments",
                &row,
                "reporter",
                Value::Person(reporter.into()),
            )
            .unwrap();
            if !done.is_empty() {
                doc.set_cell("departments", &row, "done", Value::Text(done.into()))
                    .unwrap();
            }
        }
        doc.commit(NOW, Some("alice"));
        let thursday = at(NOW + DAY);
        assert!(told(&mut doc, &thursday, "alice", MessageKind::ReportDue).is_empty());
        let friday = at(NOW + 2 * DAY);
        for (who, expected) in [("alice", 1), ("carol", 1), ("dan", 0), ("erin", 0)] {
            assert_eq!(
                told(&mut doc, &friday, who, MessageKind::ReportDue).len(),
                expected,
                "{who}"
            );
        }
        doc.set_status("submitted").unwrap();
        assert!(told(&mut doc, &friday, "alice", MessageKind::ReportDue).is_empty());
    }

    #[test]
    fn a_followed_document_tells_of_its_changes_an_hour_at_a_time() {
        let mut doc = tracker(&[("quote", "bob", "2026-12-30", "in_progress")]);
        // Long ago: past the window.
        doc.commit(NOW - 20 * DAY, Some("alice"));
        let row = doc.rows("tasks").unwrap()[0].id.clone();
        let write = |doc: &mut ConcordDoc, text: &str, at: i64, by: &str| {
            doc.set_cell("tasks", &row, "problem", Value::Text(text.into()))
                .unwrap();
            doc.commit(at, Some(by));
        };
        // Wednesday 10:05, 10:30 and 10:40; then 11:10.
        write(&mut doc, "a", NOW + 5 * 60_000, "alice");
        write(&mut doc, "ab", NOW + 30 * 60_000, "alice");
        write(&mut doc, "abc", NOW + 40 * 60_000, "bob");
        write(&mut doc, "abcd", NOW + 70 * 60_000, "carol");
        let evening = at(NOW + 8 * HOUR);
        let followed: Vec<_> = messages("d", &mut doc, &evening, &Offset::CHINA)
            .into_iter()
            .filter(|m| m.kind == MessageKind::Followed)
            .collect();
        let said: Vec<_> = followed
            .iter()
            .map(|m| (m.id.as_str(), m.changed_by.clone(), m.at))
            .collect();
        assert_eq!(
            said,
            [
                (
                    "followed:2026-12-02T10",
                    vec![(person("alice"), 2), (person("bob"), 1)],
                    NOW + 40 * 60_000
                ),
                (
                    "followed:2026-12-02T11",
                    vec![(person("carol"), 1)],
                    NOW + 70 * 60_000
                ),
            ]
        );
        // The document cannot say who follows it: nobody matches by name.
        assert!(followed.iter().all(|m| m.to == AwaitedBy::Followers
            && !m.is_for(&staff("alice"))
            && m.about == "跟踪"));
    }
}

mod task_steps {
    use super::*;
    use crate::{
        access::Person,
        calendar::{Offset, Today, WorkingDays},
        document::TaskAct,
    };

    /// Wednesday 2 December 2026, 10:00 in Shanghai.
    const NOW: i64 = 1_796_176_800_000;

    fn today() -> Today {
        Today::at(NOW, &Offset::CHINA, WorkingDays::new()).unwrap()
    }

    /// carol asked bob for "the quote" in alice's tracker.
    fn carols_task() -> (ConcordDoc, RowId) {
        let mut doc = tracker(&[("the quote", "bob", "2026-12-20", "in_progress")]);
        let row = doc.rows("tasks").unwrap()[0].id.clone();
        doc.set_cell("tasks", &row, "initiator", Value::Person("carol".into()))
            .unwrap();
        doc.commit(NOW, Some("carol"));
        (doc, row)
    }

    fn waits(doc: &ConcordDoc) -> Vec<(AwaitingKind, String)> {
        let items = awaiting("d", doc, &today(), &Offset::CHINA);
        let mut out: Vec<_> = items
            .into_iter()
            .map(|i| match i.by {
                AwaitedBy::People(p) => (i.kind, p[0].to_string()),
                other => panic!("{other:?}"),
            })
            .collect();
        out.sort_by_key(|(k, p)| (k.as_str(), p.clone()));
        out
    }

    fn told(doc: &mut ConcordDoc, who: &str) -> Vec<(MessageKind, Option<String>)> {
        let person = Person::staff(person(who), vec![]);
        messages("d", doc, &today(), &Offset::CHINA)
            .into_iter()
            .filter(|m| m.is_for(&person) && m.kind != MessageKind::Assigned)
            .map(|m| (m.kind, m.reason))
            .collect()
    }

    fn step(doc: &mut ConcordDoc, row: &RowId, act: TaskAct, by: &str, at: i64) {
        doc.take_task_step("tasks", row, &act).unwrap();
        doc.commit(at, Some(by));
    }

    #[test]
    fn a_task_in_review_waits_for_its_initiator_and_the_answer_reaches_the_owner() {
        let (mut doc, row) = carols_task();
        assert_eq!(waits(&doc), [(AwaitingKind::Task, "bob".into())]);
        assert_eq!(doc.rows("tasks").unwrap().len(), 1);
        let task = &tasks(&[DocRef { id: "d", doc: &doc }])[0];
        assert_eq!(task.priority.as_deref(), Some("medium"), "none set: medium");
        step(&mut doc, &row, TaskAct::SubmitForReview, "bob", NOW);
        assert_eq!(waits(&doc), [(AwaitingKind::Review, "carol".into())]);
        let note = "add the API part".to_owned();
        let returned = TaskAct::ReturnReview { note: note.clone() };
        step(&mut doc, &row, returned, "carol", NOW + 1_000);
        assert_eq!(waits(&doc), [(AwaitingKind::Task, "bob".into())]);
        assert_eq!(
            told(&mut doc, "bob"),
            [(MessageKind::TaskReturned, Some(note))]
        );
        assert!(told(&mut doc, "carol").is_empty());
        step(&mut doc, &row, TaskAct::SubmitForReview, "bob", NOW + 2_000);
        assert!(
            told(&mut doc, "bob").is_empty(),
            "a new review is undecided"
        );
        step(&mut doc, &row, TaskAct::ApproveReview, "carol", NOW + 3_000);
        assert!(waits(&doc).is_empty(), "done: waiting for nobody");
        assert_eq!(told(&mut doc, "bob"), [(MessageKind::TaskApproved, None)]);
    }

    #[test]
    fn a_deadline_asked_for_waits_for_the_initiator_and_the_answer_reaches_the_owner() {
        let (mut doc, row) = carols_task();
        let ask = |date: &str| TaskAct::AskDeadline {
            deadline: date.into(),
            reason: "the supplier is late".into(),
        };
        step(&mut doc, &row, ask("2027-01-10"), "bob", NOW);
        assert_eq!(
            waits(&doc),
            [
                (AwaitingKind::DeadlineAsked, "carol".into()),
                (AwaitingKind::Task, "bob".into())
            ]
        );
        let no = TaskAct::RefuseDeadline {
            answer: "the launch is fixed".into(),
        };
        step(&mut doc, &row, no, "carol", NOW + 1_000);
        assert_eq!(waits(&doc), [(AwaitingKind::Task, "bob".into())]);
        assert_eq!(
            told(&mut doc, "bob"),
            [(
                MessageKind::DeadlineRefused,
                Some("the launch is fixed".into())
            )]
        );
        step(&mut doc, &row, ask("2026-12-28"), "bob", NOW + 2_000);
        assert!(told(&mut doc, "bob").is_empty());
        step(
            &mut doc,
            &row,
            TaskAct::ApproveDeadline,
            "carol",
            NOW + 3_000,
        );
        assert_eq!(
            told(&mut doc, "bob"),
            [(MessageKind::DeadlineApproved, None)]
        );
        let task = &tasks(&[DocRef { id: "d", doc: &doc }])[0];
        assert_eq!(task.due.as_deref(), Some("2026-12-28"));
    }
}

/// A digest kept up to date batch by batch, reading again only the task
/// rows each batch touched, says exactly what one read of the whole
/// document says; a batch that touched more asks for a whole read.
mod digest_kept {
    use super::*;
    use crate::{
        calendar::{Offset, Today, WorkingDays},
        document::{CommentTarget, TaskAct},
        rules::RowsTouched,
    };

    /// Wednesday 2 December 2026, 18:00 in Shanghai: past the daily update.
    const NOW: i64 = 1_796_176_800_000 + 8 * 3_600_000;

    fn today() -> Today {
        Today::at(NOW, &Offset::CHINA, WorkingDays::new()).unwrap()
    }

    fn said(d: &DocDigest) -> (Vec<String>, Vec<String>) {
        let mut waits: Vec<String> = d.awaiting().map(|a| format!("{a:?}")).collect();
        let mut told: Vec<String> = d.messages().map(|m| format!("{m:?}")).collect();
        waits.sort();
        told.sort();
        (waits, told)
    }

    #[test]
    fn a_digest_kept_row_by_row_says_what_a_whole_read_says() {
        let mut doc = tracker(&[
            ("the quote", "bob", "2026-12-04", "in_progress"),
            ("the plan", "carol", "2026-12-20", "not_started"),
            ("old", "bob", "2026-11-01", "in_progress"),
            ("idle", "erin", "2026-12-24", "in_progress"),
        ]);
        doc.commit(NOW - 86_400_000, Some("alice"));
        let rows: Vec<RowId> = doc
            .rows("tasks")
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        let (zone, today) = (Offset::CHINA, today());
        let mut kept = DocDigest::read("d", &mut doc, &today, &zone);
        type Edit = Box<dyn Fn(&mut ConcordDoc)>;
        let (quote, plan, old) = (rows[0].clone(), rows[1].clone(), rows[2].clone());
        let q = quote.clone();
        let edits: Vec<(&str, bool, Edit)> = vec![
            (
                "alice",
                false,
                Box::new(move |d| {
                    d.set_cell("tasks", &q, "initiator", Value::Person("carol".into()))
                        .unwrap()
                }),
            ),
            ("alice", false, {
                let r = plan.clone();
                Box::new(move |d| {
                    d.set_cell("tasks", &r, "owner", Value::Person("dan".into()))
                        .unwrap()
                })
            }),
            ("bob", false, {
                let r = quote.clone();
                Box::new(move |d| {
                    let ask = TaskAct::AskDeadline {
                        deadline: "2026-12-30".into(),
                        reason: "parts".into(),
                    };
                    d.take_task_step("tasks", &r, &ask).unwrap()
                })
            }),
            ("carol", false, {
                let r = quote.clone();
                Box::new(move |d| {
                    d.take_task_step("tasks", &r, &TaskAct::ApproveDeadline)
                        .unwrap()
                })
            }),
            ("bob", false, {
                let r = quote.clone();
                Box::new(move |d| {
                    d.take_task_step("tasks", &r, &TaskAct::SubmitForReview)
                        .unwrap()
                })
            }),
            ("bob", false, {
                let r = old.clone();
                Box::new(move |d| {
                    d.set_cell("tasks", &r, "description", Value::Text("先".into()))
                        .unwrap();
                    d.splice_cell_text("tasks", &r, "description", 1, 0, "写好")
                        .unwrap()
                })
            }),
            (
                "alice",
                false,
                Box::new(|d| {
                    let row = d.add_row("tasks", None, &mut TestRng(9)).unwrap();
                    d.set_cell("tasks", &row, "task", Value::Text("new".into()))
                        .unwrap();
                    d.set_cell("tasks", &row, "owner", Value::Person("bob".into()))
                        .unwrap();
                    d.set_cell("tasks", &row, "deadline", Value::Date("2026-12-03".into()))
                        .unwrap();
                }),
            ),
            ("alice", false, {
                let r = plan.clone();
                Box::new(move |d| d.delete_row("tasks", &r).unwrap())
            }),
            (
                "carol",
                true,
                Box::new(|d| {
                    let body = "@bob 看一下";
                    d.add_comment(
                        &person("carol"),
                        &CommentTarget::Doc,
                        body,
                        NOW,
                        &mut TestRng(3),
                    )
                    .unwrap();
                }),
            ),
            (
                "alice",
                true,
                Box::new(|d| d.set_field("project", Value::Text("Q4".into())).unwrap()),
            ),
        ];
        for (i, (by, beyond, edit)) in edits.iter().enumerate() {
            let before = doc.heads();
            edit(&mut doc);
            // The second edit (dan given a row) is yesterday's: dan owes today's update.
            let day_before = if i == 1 { 86_400_000 } else { 0 };
            doc.commit(NOW - day_before - 60_000 * (10 - i as i64), Some(by));
            let after = doc.heads();
            let auto = doc.automerge();
            let touched =
                RowsTouched::of(&crate::rules::Touch::all_of(&auto.diff(&before, &after)));
            assert_eq!(touched.beyond_rows, *beyond, "edit {i}: {touched:?}");
            let changes: Vec<_> = auto.get_changes(&before);
            let up_to_date = kept.accepted(auto, &touched, &changes, &today, &zone);
            assert_eq!(up_to_date, !beyond, "edit {i}");
            let whole = DocDigest::read("d", &mut doc, &today, &zone);
            if up_to_date {
                assert_eq!(said(&kept), said(&whole), "edit {i} by {by}");
            }
            kept = whole;
        }
        let told = said(&kept).1.join("\n");
        for kind in [
            "Assigned",
            "DeadlineApproved",
            "DailyUpdate",
            "Overdue",
            "DueSoon",
            "Followed",
            "Mention",
        ] {
            assert!(told.contains(kind), "{kind} in {told}");
        }
    }

    /// A new phase of the day moves reminders: the kept digest says so.
    #[test]
    fn a_new_phase_of_the_day_asks_for_a_whole_read() {
        let mut doc = tracker(&[("the quote", "bob", "2026-12-04", "in_progress")]);
        doc.commit(NOW - 86_400_000, Some("alice"));
        let zone = Offset::CHINA;
        let morning = Today::at(NOW - 9 * 3_600_000, &zone, WorkingDays::new()).unwrap();
        let mut kept = DocDigest::read("d", &mut doc, &morning, &zone);
        let row = doc.rows("tasks").unwrap()[0].id.clone();
        let before = doc.heads();
        doc.set_cell("tasks", &row, "progress", Value::Text("half".into()))
            .unwrap();
        doc.commit(NOW, Some("bob"));
        let after = doc.heads();
        let auto = doc.automerge();
        let touched = RowsTouched::of(&crate::rules::Touch::all_of(&auto.diff(&before, &after)));
        let changes = auto.get_changes(&before);
        assert!(!kept.accepted(auto, &touched, &changes, &today(), &zone));
        assert!(kept.accepted(auto, &touched, &changes, &morning, &zone));
    }
}
