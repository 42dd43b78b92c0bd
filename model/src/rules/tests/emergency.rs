//! The emergency plan: its department owners are given access as they are
//! named; one action triggers it; the log is written only while it is active.

use super::*;
use crate::document::{Value, tests::TestRng};

const PLAN: &str = "emergency-response";

fn log_entry(d: &mut ConcordDoc) {
    let row = d.add_row("log", None, &mut TestRng(5)).unwrap();
    d.set_cell("log", &row, "time", Value::DateTime(NOW))
        .unwrap();
    d.set_cell("log", &row, "reporter", Value::Person("ops".into()))
        .unwrap();
    d.set_cell(
        "log",
        &row,
        "status",
        Value::Text("on site, need a truck".into()),
    )
    .unwrap();
}

#[test]
fn named_owners_get_access_and_log_only_once_triggered() {
    let mut doc = shared(PLAN);
    let named = by(&mut doc, &alice(), |d| {
        for (i, (dept, owner)) in [("ops", "ops"), ("it", "bob")].into_iter().enumerate() {
            let row = d
                .add_row("owners", None, &mut TestRng(i as u64 + 1))
                .unwrap();
            d.set_cell("owners", &row, "department", Value::Department(dept.into()))
                .unwrap();
            d.set_cell("owners", &row, "owner", Value::Person(owner.into()))
                .unwrap();
        }
        // bob is an editor already; only ops is new.
        assert_eq!(d.grant_named_to_act().unwrap(), [pid("ops")]);
    });
    assert_eq!(named, Ok(()));
    assert_eq!(doc.member_role(&pid("ops")).unwrap(), Some(DocRole::Editor));
    // An editor cannot grant: the same change from bob is refused.
    let mut other = shared(PLAN);
    let by_bob = by(&mut other, &staff("bob"), |d| {
        d.set_member_role(&pid("ops"), DocRole::Editor).unwrap()
    });
    assert_eq!(by_bob, Err(Refusal::AclChangeNeedsOwner));
    // Logging in a prepared plan is refused; once triggered it is taken.
    assert!(matches!(
        by(&mut doc, &staff("ops"), log_entry),
        Err(Refusal::FieldNotWritable { .. })
    ));
    doc.set_field("name", Value::Text("Flood".into())).unwrap();
    doc.set_field("scenario", Value::Text("water".into()))
        .unwrap();
    doc.set_field("owner", Value::Person("alice".into()))
        .unwrap();
    doc.commit(NOW, None);
    assert_eq!(
        by(&mut doc, &staff("bob"), |d| move_status(d, "active")),
        Ok(())
    );
    assert_eq!(by(&mut doc, &staff("ops"), log_entry), Ok(()));
    assert!(crate::views::is_alarm(PLAN, &doc.meta().unwrap().status));
}
