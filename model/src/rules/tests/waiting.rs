//! What a process waits for, from whom, due when, as `Permissions` says it.

use super::parts::fill_required;
use super::*;
use crate::{
    calendar::{Day, DayKind, LocalDateTime, Offset, Today, WorkingDays},
    rules::{Awaited, Permissions},
};

fn day(text: &str) -> Day {
    text.parse().unwrap()
}

/// `text` at `hour`:00 in Shanghai, as an instant.
fn shanghai(text: &str, hour: u8) -> i64 {
    LocalDateTime::new(day(text), hour, 0, 0)
        .unwrap()
        .instant_at(Offset::CHINA)
}

fn on(text: &str, hour: u8, working_days: WorkingDays) -> Today {
    Today::new(
        LocalDateTime::new(day(text), hour, 0, 0).unwrap(),
        working_days,
    )
}

/// Alice's request, submitted to boss at `submitted_ms`.
fn submitted_at(submitted_ms: i64) -> ConcordDoc {
    let mut doc = shared("requirement-approval");
    fill_required(&mut doc);
    doc.set_member_role(&pid("boss"), DocRole::Viewer).unwrap();
    doc.commit(NOW, None);
    let submit = |d: &mut ConcordDoc| {
        move_status(d, "submitted");
        d.set_direct_superior(&pid("boss")).unwrap();
        d.set_status_at(submitted_ms).unwrap();
    };
    assert_eq!(by(&mut doc, &alice(), submit), Ok(()));
    doc
}

#[test]
fn the_superiors_review_is_due_two_working_days_after_submission() {
    // Submitted Thursday 3 December 2026, 16:00 in Shanghai.
    let doc = submitted_at(shanghai("2026-12-03", 16));
    let perms = Permissions::of(&doc, &staff("bob")).unwrap();
    let plain = WorkingDays::new();
    let waiting = perms
        .waiting(&on("2026-12-04", 9, plain.clone()), &Offset::CHINA)
        .unwrap();
    assert_eq!(waiting.awaited, Awaited::People(vec![pid("boss")]));
    assert_eq!(waiting.step.who, crate::workflow::Who::DirectSuperior);
    // Friday, Monday: due at the end of Monday the 7th.
    assert_eq!(waiting.due.map(|d| d.day()), Some(day("2026-12-07")));
    assert!(!waiting.overdue);
    let late = perms
        .waiting(&on("2026-12-08", 9, plain), &Offset::CHINA)
        .unwrap();
    assert!(late.overdue);
    // Monday a holiday: due Tuesday, and Tuesday morning is not late.
    let holiday = WorkingDays::new().with(day("2026-12-07"), DayKind::Holiday);
    let waiting = perms
        .waiting(&on("2026-12-08", 9, holiday.clone()), &Offset::CHINA)
        .unwrap();
    assert_eq!(waiting.due.map(|d| d.day()), Some(day("2026-12-08")));
    assert!(!waiting.overdue);
    // Saturday made up as well: Friday, Saturday.
    let made_up = holiday.with(day("2026-12-05"), DayKind::MakeUpWorkingDay);
    let waiting = perms
        .waiting(&on("2026-12-04", 9, made_up), &Offset::CHINA)
        .unwrap();
    assert_eq!(waiting.due.map(|d| d.day()), Some(day("2026-12-05")));
}

#[test]
fn the_submission_day_is_read_in_the_workspace_zone() {
    // 17:00 UTC on Thursday is 01:00 on Friday in Shanghai: due Tuesday.
    let late_utc = LocalDateTime::new(day("2026-12-03"), 17, 0, 0)
        .unwrap()
        .instant_at(Offset::UTC);
    let doc = submitted_at(late_utc);
    let perms = Permissions::of(&doc, &alice()).unwrap();
    let waiting = perms
        .waiting(&on("2026-12-04", 9, WorkingDays::new()), &Offset::CHINA)
        .unwrap();
    assert_eq!(waiting.due.map(|d| d.day()), Some(day("2026-12-08")));
}

#[test]
fn the_time_of_a_move_is_written_only_with_the_move() {
    let mut doc = submitted_at(shanghai("2026-12-03", 16));
    let backdate = |d: &mut ConcordDoc| d.set_status_at(0).unwrap();
    assert!(matches!(
        by(&mut doc, &alice(), backdate),
        Err(Refusal::FieldNotWritable { .. })
    ));
}

#[test]
fn a_draft_waits_for_its_initiator_and_the_heads_for_their_signatures() {
    let mut doc = shared("requirement-approval");
    fill_required(&mut doc);
    doc.commit(NOW, None);
    let perms = Permissions::of(&doc, &alice()).unwrap();
    let waiting = perms.waiting(&today(), &Offset::CHINA).unwrap();
    assert_eq!(waiting.awaited, Awaited::People(vec![pid("alice")]));
    assert_eq!(waiting.due, None, "a draft has no due date");

    let mut doc = submitted_at(shanghai("2026-12-03", 16));
    let review = |d: &mut ConcordDoc| {
        move_status(d, "in_review");
        d.set_status_at(shanghai("2026-12-04", 10)).unwrap();
    };
    assert_eq!(by(&mut doc, &staff("boss"), review), Ok(()));
    let perms = Permissions::of(&doc, &alice()).unwrap();
    let waiting = perms.waiting(&today(), &Offset::CHINA).unwrap();
    assert_eq!(
        waiting.awaited,
        Awaited::HeadsOf(vec![dept("sales"), dept("rd")])
    );
    assert_eq!(waiting.due, None, "the SPEC sets no time for the heads");
}

#[test]
fn the_weekly_report_is_due_friday_at_five_of_its_week() {
    let mut doc = ConcordDoc::create(
        template("weekly-progress-report"),
        "W49",
        &pid("alice"),
        shanghai("2026-12-01", 9),
        actor(1),
    )
    .unwrap();
    doc.commit(NOW, None);
    let perms = Permissions::of(&doc, &alice()).unwrap();
    let friday_noon = on("2026-12-04", 12, WorkingDays::new());
    let waiting = perms.waiting(&friday_noon, &Offset::CHINA).unwrap();
    assert_eq!(waiting.due, LocalDateTime::new(day("2026-12-04"), 17, 0, 0));
    assert!(!waiting.overdue);
    let friday_evening = on("2026-12-04", 18, WorkingDays::new());
    assert!(
        perms
            .waiting(&friday_evening, &Offset::CHINA)
            .unwrap()
            .overdue
    );
}
