//! The notice's issuing department: filled in by the initiator, who names
//! only a department they belong to, and fixed once submitted.

use super::*;
use crate::{Value, rules::Permissions};

fn hr_staff(id: &str) -> Person {
    Person::staff(pid(id), vec![dept("hr")])
}

fn issued_by(d: &str) -> impl FnOnce(&mut ConcordDoc) {
    let d = d.to_owned();
    move |doc| {
        doc.set_field("issuing_department", Value::Department(d))
            .unwrap()
    }
}

#[test]
fn the_initiator_names_one_of_their_own_departments_as_issuer() {
    let mut doc = shared("internal-notice");
    let alice = hr_staff("alice");
    assert_eq!(
        by(&mut doc, &alice, issued_by("ops")),
        Err(Refusal::NotYourDepartment {
            department: "ops".into()
        })
    );
    assert!(matches!(
        by(&mut doc, &hr_staff("bob"), issued_by("hr")),
        Err(Refusal::FieldNotWritable { .. })
    ));
    let perms = Permissions::of(&doc, &alice).unwrap();
    assert_eq!(perms.may_edit_field("issuing_department"), Ok(()));
    assert!(perms.names_own_departments_only("issuing_department"));
    assert!(!perms.names_own_departments_only("recipient_departments"));
    assert_eq!(by(&mut doc, &alice, issued_by("hr")), Ok(()));
    assert_eq!(
        doc.field("issuing_department").unwrap(),
        Some(Value::Department("hr".into()))
    );
}

#[test]
fn the_issuer_is_fixed_once_the_notice_is_submitted() {
    let mut doc = shared("internal-notice");
    let alice = Person::staff(pid("alice"), vec![dept("hr"), dept("ops")]);
    let ready = |d: &mut ConcordDoc| {
        d.set_field("title", Value::Text("停电通知".into()))
            .unwrap();
        d.set_field("issuing_department", Value::Department("hr".into()))
            .unwrap();
        d.set_field("date", Value::Date("2026-12-04".into()))
            .unwrap();
        d.set_field("urgency", Value::Choice("routine".into()))
            .unwrap();
    };
    assert_eq!(by(&mut doc, &alice, ready), Ok(()));
    assert_eq!(
        by(&mut doc, &alice, |d| move_status(d, "in_review")),
        Ok(())
    );
    assert!(matches!(
        by(&mut doc, &alice, issued_by("ops")),
        Err(Refusal::StateReadOnly { .. } | Refusal::FieldNotWritable { .. })
    ));
}
