//! A failed acceptance leaves its revision comments and re-acceptance date
//! filled in: the app asks for them first, the relay refuses the move
//! without them.

use super::*;
use crate::{Value, rules::Permissions, rules::permissions::Due};

/// Alice's deliverable, in acceptance, with carol as the one acceptor.
fn in_acceptance() -> ConcordDoc {
    let mut doc = shared("deliverable-acceptance");
    doc.set_member_role(&pid("carol"), DocRole::Viewer).unwrap();
    for (field, value) in [
        ("deliverable", Value::Text("CRM 1.0".into())),
        ("version", Value::Text("1.0".into())),
        ("delivered_at", Value::DateTime(NOW)),
        ("delivered_by", Value::Person("alice".into())),
        ("self_check", Value::Text("all tests pass".into())),
        ("acceptors", Value::People(vec!["carol".into()])),
    ] {
        doc.set_field(field, value).unwrap();
    }
    doc.commit(NOW, None);
    assert_eq!(
        by(&mut doc, &alice(), |d| move_status(d, "in_acceptance")),
        Ok(())
    );
    doc
}

fn fail(d: &mut ConcordDoc) {
    move_status(d, "revision");
    d.set_status_reason("导出功能缺失").unwrap();
}

#[test]
fn a_failed_acceptance_brings_its_comments_and_reacceptance_date() {
    let mut doc = in_acceptance();
    let carol = staff("carol");
    let step = *doc.template().workflow.transition("fail").unwrap();
    let perms = Permissions::of(&doc, &carol).unwrap();
    assert_eq!(
        perms.due_before(&doc, &step),
        [
            Due::Field("revision_comments".into()),
            Due::Field("reacceptance_date".into())
        ]
    );
    assert_eq!(
        by(&mut doc, &carol, fail),
        Err(Refusal::BreaksSchema {
            violation: crate::rules::Violation::RequiredMissing {
                path: "fields.revision_comments".into()
            }
        })
    );
    let filled = |d: &mut ConcordDoc| {
        d.set_field("revision_comments", Value::Text("补上导出功能".into()))
            .unwrap();
        d.set_field("reacceptance_date", Value::Date("2023-11-17".into()))
            .unwrap();
    };
    // Another viewer, no party to it, may not write them.
    let vic = by(&mut doc, &staff("vic"), |d| {
        d.set_field("revision_comments", Value::Text("x".into()))
            .unwrap()
    });
    assert_eq!(vic, Err(Refusal::ViewerCannotEdit));
    // Carol, a party who only views the rest, may.
    assert_eq!(by(&mut doc, &carol, filled), Ok(()));
    let perms = Permissions::of(&doc, &carol).unwrap();
    assert!(perms.due_before(&doc, &step).is_empty());
    assert_eq!(by(&mut doc, &carol, fail), Ok(()));
}
