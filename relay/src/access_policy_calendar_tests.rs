//! The relay judges dates against the workspace's today and calendar, not
//! the sender's: a failed acceptance whose re-acceptance date is out of
//! range is refused, whatever a modified client sends.

use std::sync::Arc;

use automerge::{Automerge, Change};
use concord_model::{
    ConcordDoc, Day, DayKind, DocRole, LocalDateTime, Person, Today, Value, WorkingDays,
    find_template,
};
use concord_sync::{
    DocumentId,
    engine::{ChangeBatch, Policy},
};

use super::super::*;
use super::documents::{NOW, actor, peer, pid};

/// A calendar that says the same today whatever the clock: Thursday
/// 3 December 2026, with Friday the 4th a holiday.
struct Thursday;

impl WorkspaceToday for Thursday {
    fn today(&self, _now_ms: i64) -> Option<Today> {
        let day: Day = "2026-12-03".parse().ok()?;
        let holiday = WorkingDays::new().with("2026-12-04".parse().ok()?, DayKind::Holiday);
        Some(Today::new(LocalDateTime::new(day, 10, 0, 0)?, holiday))
    }

    fn zone(&self) -> crate::accounts::WorkspaceZone {
        crate::accounts::WorkspaceZone::default_zone()
    }
}

/// Alice's deliverable in acceptance by bob.
fn in_acceptance() -> ConcordDoc {
    let template = find_template("deliverable-acceptance").unwrap();
    let mut doc = ConcordDoc::create(template, "验收", &pid("alice"), NOW, actor(1)).unwrap();
    for (field, value) in [
        ("deliverable", Value::Text("报表".into())),
        ("version", Value::Text("V1.0".into())),
        ("delivered_at", Value::DateTime(NOW)),
        ("delivered_by", Value::Person("alice".into())),
        ("self_check", Value::Text("ok".into())),
        ("acceptors", Value::People(vec!["bob".into()])),
    ] {
        doc.set_field(field, value).unwrap();
    }
    doc.set_member_role(&pid("bob"), DocRole::Editor).unwrap();
    doc.set_status("in_acceptance").unwrap();
    doc.commit(NOW, None);
    doc
}

/// Bob's failing batch with `date`, judged by a policy on `Thursday`.
fn bob_fails_with(date: &str) -> Result<(), concord_sync::RefusalNotice> {
    let mut doc = in_acceptance();
    let before = doc.heads();
    let mut bob = doc.fork(actor(2));
    bob.set_status("revision").unwrap();
    bob.set_status_reason("totals wrong").unwrap();
    bob.set_field("revision_comments", Value::Text("fix".into()))
        .unwrap();
    bob.set_field("reacceptance_date", Value::Date(date.into()))
        .unwrap();
    bob.commit(NOW, None);
    let bob_copy = Automerge::load(&bob.save()).unwrap();
    let changes: Vec<Change> = bob_copy.get_changes(&before);
    let mut relay_copy = Automerge::load(&doc.save()).unwrap();
    relay_copy.apply_changes(changes.clone()).unwrap();
    let policy = AccessPolicy::default().with_calendar(Arc::new(Thursday));
    let bob_peer = peer("bob-phone");
    policy.bind_peer(bob_peer.clone(), Person::staff(pid("bob"), Vec::new()));
    let batch = ChangeBatch {
        doc: &relay_copy,
        before: &before,
        changes: &changes,
    };
    policy.check_changes(&bob_peer, &DocumentId::from_bytes([7; 16]), &batch)
}

#[test]
fn the_reacceptance_date_is_judged_on_the_workspace_calendar() {
    // Thursday: the holiday Friday is skipped; Monday, Tuesday, Wednesday.
    assert_eq!(bob_fails_with("2026-12-09"), Ok(()));
    assert_eq!(bob_fails_with("2026-12-07"), Ok(()));
    for refused in ["2026-12-04", "2026-12-10", "2026-12-03", "2026-12-05"] {
        let notice = bob_fails_with(refused).expect_err(refused);
        assert_eq!(notice.code, "date-not-within", "{refused}");
        assert_eq!(
            notice.params.get("latest").map(String::as_str),
            Some("2026-12-09")
        );
    }
}
