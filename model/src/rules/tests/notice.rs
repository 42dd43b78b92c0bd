//! The notice's issuing department: filled in by the initiator, who names
//! only a department they belong to, and fixed once submitted. Publishing
//! reaches the recipients it names, given by whoever publishes, and nothing
//! more; each recipient confirms reading for themselves.

use super::*;
use crate::{Value, access::Classification, rules::Permissions};

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
    assert_eq!(by(&mut doc, &alice, filled), Ok(()));
    assert_eq!(
        by(&mut doc, &alice, |d| move_status(d, "in_review")),
        Err(Refusal::NoRecipients)
    );
    let perms = Permissions::of(&doc, &alice).unwrap();
    let submit = doc.template().workflow.transition("submit").unwrap();
    assert_eq!(
        perms.due_before(&doc, submit),
        vec![crate::rules::Due::Field("recipient_departments".into())]
    );
    assert_eq!(by(&mut doc, &alice, to(&["ops"])), Ok(()));
    assert_eq!(perms_due(&doc, &alice), vec![]);
    assert_eq!(
        by(&mut doc, &alice, |d| move_status(d, "in_review")),
        Ok(())
    );
    assert!(matches!(
        by(&mut doc, &alice, issued_by("ops")),
        Err(Refusal::StateReadOnly { .. } | Refusal::FieldNotWritable { .. })
    ));
}

fn to(depts: &[&str]) -> impl FnOnce(&mut ConcordDoc) {
    let depts = depts.iter().map(|d| (*d).to_owned()).collect();
    move |doc| {
        doc.set_field("recipient_departments", Value::Departments(depts))
            .unwrap()
    }
}

fn perms_due(doc: &ConcordDoc, who: &Person) -> Vec<crate::rules::Due> {
    let submit = doc.template().workflow.transition("submit").unwrap();
    Permissions::of(doc, who).unwrap().due_before(doc, submit)
}

/// A notice's required fields, issued by hr.
fn filled(d: &mut ConcordDoc) {
    d.set_field("title", Value::Text("停电通知".into()))
        .unwrap();
    d.set_field("issuing_department", Value::Department("hr".into()))
        .unwrap();
    d.set_field("date", Value::Date("2026-12-04".into()))
        .unwrap();
    d.set_field("urgency", Value::Choice("urgent".into()))
        .unwrap();
}

/// A notice by alice of hr, to `recipients`, submitted to hr's head, who
/// may read it through hr's grant.
fn submitted(recipients: impl FnOnce(&mut ConcordDoc)) -> (ConcordDoc, Person) {
    let mut doc = shared("internal-notice");
    let alice = Person::staff(pid("alice"), vec![dept("hr")]);
    let ready = |d: &mut ConcordDoc| {
        filled(d);
        recipients(d);
        d.set_dept_role(&dept("hr"), DocRole::Viewer).unwrap();
        move_status(d, "in_review");
    };
    assert_eq!(by(&mut doc, &alice, ready), Ok(()));
    let mut head = Person::staff(pid("hana"), vec![dept("hr")]);
    head.heads = vec![dept("hr")];
    (doc, head)
}

fn publish(d: &mut ConcordDoc) {
    move_status(d, "published");
}

/// Publishes as the app does: the recipients granted with the move.
fn granted_and_published(d: &mut ConcordDoc) {
    d.publish_on("published").unwrap();
    publish(d);
}

#[test]
fn publishing_gives_the_recipient_departments_read_access() {
    let (mut doc, head) = submitted(to(&["ops", "rd"]));
    assert_eq!(
        by(&mut doc, &head, publish),
        Err(Refusal::NotPublishedTo {
            recipients: "ops, rd".into()
        })
    );
    // Only a viewer's grant, only to the recipients.
    let more = |d: &mut ConcordDoc| {
        d.publish_on("published").unwrap();
        d.set_dept_role(&dept("sales"), DocRole::Viewer).unwrap();
        publish(d);
    };
    assert_eq!(by(&mut doc, &head, more), Err(Refusal::AclChangeNeedsOwner));
    let editors = |d: &mut ConcordDoc| {
        d.set_dept_role(&dept("ops"), DocRole::Editor).unwrap();
        d.set_dept_role(&dept("rd"), DocRole::Viewer).unwrap();
        publish(d);
    };
    assert_eq!(
        by(&mut doc, &head, editors),
        Err(Refusal::AclChangeNeedsOwner)
    );
    let myself = |d: &mut ConcordDoc| {
        d.publish_on("published").unwrap();
        d.set_member_role(&pid("hana"), DocRole::Owner).unwrap();
        publish(d);
    };
    assert_eq!(
        by(&mut doc, &head, myself),
        Err(Refusal::AclChangeNeedsOwner)
    );
    // Granting outside the publishing move stays the owner's.
    let early = |d: &mut ConcordDoc| d.set_dept_role(&dept("ops"), DocRole::Viewer).unwrap();
    assert_eq!(by(&mut doc, &head, early), Err(Refusal::ViewerCannotEdit));
    assert_eq!(by(&mut doc, &head, granted_and_published), Ok(()));
    let reader = Person::staff(pid("olga"), vec![dept("ops")]);
    assert_eq!(
        crate::rules::role_in(doc.automerge(), &reader),
        Ok(DocRole::Viewer)
    );
    let outsider = Person::staff(pid("sam"), vec![dept("sales")]);
    assert_eq!(
        crate::rules::role_in(doc.automerge(), &outsider),
        Err(Refusal::NoAccess)
    );
    // Each recipient confirms their own reading, and only their own.
    let confirm = |p: &str| {
        let p = pid(p);
        move |d: &mut ConcordDoc| d.confirm_read(&p, NOW).unwrap()
    };
    assert_eq!(
        by(&mut doc, &reader, confirm("sam")),
        Err(Refusal::ViewerCannotEdit)
    );
    assert_eq!(by(&mut doc, &reader, confirm("olga")), Ok(()));
    let audience = doc.audience().unwrap().unwrap();
    assert!(audience.includes(&reader) && !audience.includes(&outsider));
    assert_eq!(
        doc.unread_by(&[pid("olga"), pid("rita")]).unwrap(),
        vec![pid("rita")]
    );
}

#[test]
fn a_notice_to_everyone_is_made_public_by_publishing_it() {
    let everyone = |d: &mut ConcordDoc| d.set_field("everyone", Value::Checkbox(true)).unwrap();
    let (mut doc, head) = submitted(everyone);
    assert_eq!(
        by(&mut doc, &head, publish),
        Err(Refusal::NotPublishedTo {
            recipients: "everyone".into()
        })
    );
    assert_eq!(by(&mut doc, &head, granted_and_published), Ok(()));
    assert_eq!(doc.meta().unwrap().classification, Classification::Public);
    let anyone = Person::staff(pid("olga"), vec![dept("ops")]);
    assert_eq!(
        crate::rules::role_in(doc.automerge(), &anyone),
        Ok(DocRole::Viewer)
    );
    // A department notice cannot be made public by its publisher.
    let (mut doc, head) = submitted(to(&["ops"]));
    let public = |d: &mut ConcordDoc| {
        d.publish_on("published").unwrap();
        d.set_classification(Classification::Public).unwrap();
        publish(d);
    };
    assert!(matches!(
        by(&mut doc, &head, public),
        Err(Refusal::NeedsOwner { .. })
    ));
}
