//! A failed acceptance's re-acceptance date: after the relay's today and at
//! most 3 working days later, across weekends, holidays and make-up days.

use super::*;
use crate::{
    calendar::{Day, DayKind, LocalDateTime, Today, WorkingDays},
    document::Value,
    field::FieldKind,
};

const DA: &str = "deliverable-acceptance";

fn day(text: &str) -> Day {
    text.parse().unwrap()
}

fn on(text: &str, working_days: WorkingDays) -> Today {
    Today::new(
        LocalDateTime::new(day(text), 9, 30, 0).unwrap(),
        working_days,
    )
}

/// Alice's deliverable, filled in and in acceptance by bob and carol.
fn in_acceptance() -> ConcordDoc {
    let mut doc = shared(DA);
    for def in template(DA).fields.iter().filter(|f| f.required) {
        let value = match def.kind {
            FieldKind::DateTime => Value::DateTime(NOW),
            FieldKind::Person => Value::Person("alice".into()),
            FieldKind::People => Value::People(vec!["bob".into(), "carol".into()]),
            _ => Value::Text("v1".into()),
        };
        doc.set_field(def.id, value).unwrap();
    }
    doc.set_member_role(&pid("carol"), DocRole::Viewer).unwrap();
    doc.commit(NOW, None);
    assert_eq!(
        by(&mut doc, &alice(), |d| move_status(d, "in_acceptance")),
        Ok(())
    );
    doc
}

/// Bob fails it with comments and `date` as the re-acceptance date.
fn fail_with(date: Option<&'static str>) -> impl FnOnce(&mut ConcordDoc) {
    move |d| {
        move_status(d, "revision");
        d.set_status_reason("the totals are wrong").unwrap();
        d.set_field("revision_comments", Value::Text("fix the totals".into()))
            .unwrap();
        if let Some(date) = date {
            d.set_field("reacceptance_date", Value::Date(date.into()))
                .unwrap();
        }
    }
}

fn not_within(date: &str, today: &str, latest: &str) -> Refusal {
    Refusal::DateNotWithin {
        field: "reacceptance_date".into(),
        date: date.into(),
        today: today.into(),
        latest: latest.into(),
    }
}

#[test]
fn a_failure_needs_a_reacceptance_date() {
    let mut doc = in_acceptance();
    let thursday = on("2026-12-03", WorkingDays::new());
    assert_eq!(
        by_on(&mut doc, &staff("bob"), &thursday, fail_with(None)),
        Err(Refusal::BreaksSchema {
            violation: crate::rules::Violation::RequiredMissing {
                path: "fields.reacceptance_date".into()
            }
        })
    );
}

#[test]
fn at_most_three_working_days_later_across_a_weekend() {
    // Thursday 3 December: Friday 4, Monday 7, Tuesday 8.
    let thursday = on("2026-12-03", WorkingDays::new());
    for (date, allowed) in [
        ("2026-12-02", false),
        ("2026-12-03", false),
        ("2026-12-05", false),
        ("2026-12-09", false),
        ("2026-12-04", true),
        ("2026-12-08", true),
    ] {
        let mut doc = in_acceptance();
        let verdict = by_on(&mut doc, &staff("bob"), &thursday, fail_with(Some(date)));
        if allowed {
            assert_eq!(verdict, Ok(()), "{date}");
            assert_eq!(doc.meta().unwrap().status, "revision");
        } else {
            assert_eq!(
                verdict,
                Err(not_within(date, "2026-12-03", "2026-12-08")),
                "{date}"
            );
            assert_eq!(
                doc.meta().unwrap().status,
                "in_acceptance",
                "nothing stored"
            );
        }
    }
}

#[test]
fn holidays_and_make_up_days_move_the_limit() {
    // Friday 4 December a holiday, Saturday 5 worked instead.
    let calendar = WorkingDays::new()
        .with(day("2026-12-04"), DayKind::Holiday)
        .with(day("2026-12-05"), DayKind::MakeUpWorkingDay);
    let thursday = on("2026-12-03", calendar.clone());
    let cases = [
        ("2026-12-04", false),
        ("2026-12-05", true),
        ("2026-12-08", true),
        ("2026-12-09", false),
    ];
    for (date, allowed) in cases {
        let mut doc = in_acceptance();
        let verdict = by_on(&mut doc, &staff("bob"), &thursday, fail_with(Some(date)));
        assert_eq!(verdict.is_ok(), allowed, "{date}: {verdict:?}");
    }
    // Without the make-up day, the third working day is Wednesday 9.
    let holiday_only = WorkingDays::new().with(day("2026-12-04"), DayKind::Holiday);
    let mut doc = in_acceptance();
    let thursday = on("2026-12-03", holiday_only);
    assert_eq!(
        by_on(
            &mut doc,
            &staff("bob"),
            &thursday,
            fail_with(Some("2026-12-09"))
        ),
        Ok(())
    );
}

#[test]
fn the_date_cannot_be_moved_out_of_range_while_it_is_set() {
    let mut doc = in_acceptance();
    let thursday = on("2026-12-03", WorkingDays::new());
    let set = |date: &'static str| {
        move |d: &mut ConcordDoc| {
            d.set_field("reacceptance_date", Value::Date(date.into()))
                .unwrap()
        }
    };
    assert_eq!(
        by_on(&mut doc, &staff("bob"), &thursday, set("2026-12-31")),
        Err(not_within("2026-12-31", "2026-12-03", "2026-12-08"))
    );
    assert_eq!(
        by_on(&mut doc, &staff("bob"), &thursday, set("2026-12-07")),
        Ok(())
    );
    // Judged on the relay's today, whatever day the sender's phone shows.
    let next_week = on("2026-12-10", WorkingDays::new());
    assert_eq!(
        by_on(&mut doc, &staff("bob"), &next_week, fail_with(None)),
        Err(not_within("2026-12-07", "2026-12-10", "2026-12-15"))
    );
}

#[test]
fn the_refusal_reads_in_both_languages() {
    let refusal = not_within("2026-12-31", "2026-12-03", "2026-12-08");
    let en = refusal.message(crate::locale::Locale::En);
    assert!(
        en.contains("2026-12-08") && en.contains("working day"),
        "{en}"
    );
    let zh = refusal.message(crate::locale::Locale::ZhCn);
    assert!(zh.contains("工作日") && zh.contains("2026-12-31"), "{zh}");
}

#[test]
fn the_app_hears_the_same_answer_before_it_sends_the_step() {
    let doc = in_acceptance();
    let perms = crate::rules::Permissions::of(&doc, &staff("bob")).unwrap();
    let fail = template(DA).workflow.transition("fail").unwrap();
    let thursday = on("2026-12-03", WorkingDays::new());
    assert_eq!(
        perms.date_for(&doc, fail, &thursday),
        Err(not_within("(none)", "2026-12-03", "2026-12-08"))
    );
    let mut dated = in_acceptance();
    dated
        .set_field("reacceptance_date", Value::Date("2026-12-08".into()))
        .unwrap();
    assert_eq!(perms.date_for(&dated, fail, &thursday), Ok(()));
    dated
        .set_field("reacceptance_date", Value::Date("2026-12-09".into()))
        .unwrap();
    assert_eq!(
        perms.date_for(&dated, fail, &thursday),
        Err(not_within("2026-12-09", "2026-12-03", "2026-12-08"))
    );
    let submit = template(DA).workflow.transition("submit").unwrap();
    assert_eq!(perms.date_for(&doc, submit, &thursday), Ok(()));
}

#[test]
fn writing_the_date_alone_hears_the_relays_answer_first() {
    let mut doc = in_acceptance();
    let perms = crate::rules::Permissions::of(&doc, &staff("bob")).unwrap();
    let thursday = on("2026-12-03", WorkingDays::new());
    assert_eq!(
        perms.may_write_date("reacceptance_date", day("2026-12-09"), &thursday),
        Err(not_within("2026-12-09", "2026-12-03", "2026-12-08"))
    );
    assert_eq!(
        perms.may_write_date("reacceptance_date", day("2026-12-08"), &thursday),
        Ok(())
    );
    // The relay agrees: the same write alone is refused, then allowed.
    let write = |date: &'static str| {
        move |d: &mut ConcordDoc| {
            d.set_field("reacceptance_date", Value::Date(date.into()))
                .unwrap()
        }
    };
    assert_eq!(
        by_on(&mut doc, &staff("bob"), &thursday, write("2026-12-09")),
        Err(not_within("2026-12-09", "2026-12-03", "2026-12-08"))
    );
    assert_eq!(
        by_on(&mut doc, &staff("bob"), &thursday, write("2026-12-08")),
        Ok(())
    );
    // A date with no limit in this state takes any day.
    assert_eq!(
        perms.may_write_date("delivered_at", day("2030-01-01"), &thursday),
        Ok(())
    );
}
