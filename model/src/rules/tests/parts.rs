//! Who may act at all, meta, acl, fields, custom fields, unknown parts, heads.

use super::*;
use crate::{access::Classification, document::Value, rules::Violation};

const RA: &str = "requirement-approval";

fn set_text(field: &'static str, text: &'static str) -> impl FnOnce(&mut ConcordDoc) {
    move |d| d.set_field(field, Value::Text(text.into())).unwrap()
}

#[test]
fn creating_a_document_is_its_creators_own_act() {
    let mut doc = ConcordDoc::create(template(RA), "t", &pid("alice"), NOW, actor(1)).unwrap();
    doc.set_field("title", Value::Text("x".into())).unwrap();
    doc.commit(NOW, None);
    let heads = doc.heads();
    assert_eq!(
        check_change(&[], &heads, &mut doc, &alice(), &today()),
        Ok(())
    );
    assert_eq!(
        check_change(&[], &heads, &mut doc, &staff("bob"), &today()),
        Err(Refusal::NotYours {
            path: "meta.created_by".into(),
            owner: "alice".into()
        })
    );
}

#[test]
fn an_initiator_cannot_name_themselves_their_superior() {
    let create = |superior: &str| {
        let mut doc = ConcordDoc::create(template(RA), "t", &pid("alice"), NOW, actor(1)).unwrap();
        put(&mut doc, &["meta"], &[("direct_superior", s(superior))]);
        doc.commit(NOW, None);
        let heads = doc.heads();
        check_change(&[], &heads, &mut doc, &alice(), &today())
    };
    assert!(matches!(
        create("alice"),
        Err(Refusal::FieldNotWritable { .. })
    ));
    assert_eq!(create("boss"), Ok(()));
    // A friend is no superior, whoever the directory does not name.
    assert_eq!(
        create("bob"),
        Err(Refusal::NotYourSuperior {
            named: "bob".into()
        })
    );
}

#[test]
fn a_new_document_names_its_creator_as_owner() {
    let mut doc = ConcordDoc::create(template(RA), "t", &pid("alice"), NOW, actor(1)).unwrap();
    doc.set_member_role(&pid("alice"), DocRole::Viewer).unwrap();
    doc.commit(NOW, None);
    let heads = doc.heads();
    assert!(matches!(
        check_change(&[], &heads, &mut doc, &alice(), &today()),
        Err(Refusal::FieldNotWritable { .. })
    ));
}

#[test]
fn a_new_document_starts_in_its_first_state() {
    let mut doc = ConcordDoc::create(template(RA), "t", &pid("alice"), NOW, actor(1)).unwrap();
    doc.set_status("approved").unwrap();
    doc.commit(NOW, None);
    let heads = doc.heads();
    assert!(matches!(
        check_change(&[], &heads, &mut doc, &alice(), &today()),
        Err(Refusal::TransitionNotAllowed { .. })
    ));
}

#[test]
fn people_without_a_role_change_nothing() {
    let mut doc = shared(RA);
    assert_eq!(by(&mut doc, &staff("bob"), set_text("title", "b")), Ok(()));
    assert_eq!(
        by(&mut doc, &staff("nobody"), set_text("title", "n")),
        Err(Refusal::NoAccess)
    );
}

#[test]
fn viewers_only_confirm_their_own_reading() {
    let mut doc = shared(RA);
    assert_eq!(
        by(&mut doc, &staff("vic"), set_text("title", "v")),
        Err(Refusal::ViewerCannotEdit)
    );
    assert_eq!(
        by(&mut doc, &staff("vic"), |d| put(
            d,
            &["reads", "vic"],
            &[("at", int(NOW))]
        )),
        Ok(())
    );
    assert_eq!(
        by(&mut doc, &staff("vic"), |d| put(
            d,
            &["reads", "bob"],
            &[("at", int(NOW))]
        )),
        Err(Refusal::ViewerCannotEdit)
    );
    // Not even an editor confirms for someone else.
    assert_eq!(
        by(&mut doc, &staff("bob"), |d| put(
            d,
            &["reads", "vic"],
            &[("at", int(NOW + 1))]
        )),
        Err(Refusal::NotYours {
            path: "reads.vic".into(),
            owner: "vic".into()
        })
    );
}

#[test]
fn an_archived_document_is_read_only_but_still_shareable() {
    let mut doc = shared("meeting-minutes");
    move_status(&mut doc, "archived");
    doc.commit(NOW, None);
    assert_eq!(
        by(&mut doc, &alice(), |d| d.set_title("again").unwrap()),
        Err(Refusal::ArchivedReadOnly)
    );
    assert_eq!(
        by(&mut doc, &staff("vic"), |d| put(
            d,
            &["reads", "vic"],
            &[("at", int(NOW))]
        )),
        Err(Refusal::ArchivedReadOnly)
    );
    assert_eq!(
        by(&mut doc, &alice(), |d| {
            d.set_member_role(&pid("zoe"), DocRole::Viewer).unwrap()
        }),
        Ok(())
    );
}

#[test]
fn only_owners_change_the_acl_and_classification() {
    let mut doc = shared(RA);
    let grant = |d: &mut ConcordDoc| d.set_member_role(&pid("bob"), DocRole::Owner).unwrap();
    assert_eq!(
        by(&mut doc, &staff("bob"), grant),
        Err(Refusal::AclChangeNeedsOwner)
    );
    assert_eq!(by(&mut doc, &alice(), grant), Ok(()));
    let classify = |d: &mut ConcordDoc| d.set_classification(Classification::Public).unwrap();
    let mut doc = shared(RA);
    assert_eq!(
        by(&mut doc, &staff("bob"), classify),
        Err(Refusal::NeedsOwner {
            what: "meta.classification".into()
        })
    );
    assert_eq!(by(&mut doc, &alice(), classify), Ok(()));
}

#[test]
fn a_role_granted_in_the_same_batch_does_not_count() {
    let mut doc = shared(RA);
    // Nobody names himself editor and writes a field in one batch.
    let refused = by(&mut doc, &staff("nobody"), |d| {
        d.set_member_role(&pid("nobody"), DocRole::Editor).unwrap();
        d.set_field("title", Value::Text("mine".into())).unwrap();
    });
    assert_eq!(refused, Err(Refusal::NoAccess));
}

#[test]
fn what_creation_set_never_changes() {
    let mut doc = shared(RA);
    assert_eq!(
        by(&mut doc, &alice(), |d| put(
            d,
            &["meta"],
            &[("created_by", s("bob"))]
        )),
        Err(Refusal::Immutable {
            path: "meta.created_by".into()
        })
    );
    assert_eq!(
        by(&mut doc, &alice(), |d| d.set_title("renamed").unwrap()),
        Ok(())
    );
}

#[test]
fn fields_follow_their_write_rules_and_kinds() {
    let mut doc = shared(RA);
    let depts = |d: &mut ConcordDoc| {
        d.set_field("departments", Value::Departments(vec!["rd".into()]))
            .unwrap()
    };
    assert_eq!(by(&mut doc, &staff("bob"), depts), Ok(()));
    assert_eq!(
        by(&mut doc, &staff("bob"), |d| put(
            d,
            &["fields"],
            &[("budget", s("lots"))]
        )),
        Err(Refusal::BreaksSchema {
            violation: Violation::Misfit {
                path: "fields.budget".into(),
                reason: "wrong kind".into()
            }
        })
    );
    let mut doc = shared(RA);
    assert_eq!(
        by(&mut doc, &staff("bob"), |d| put(
            d,
            &["fields"],
            &[("nonsense", s("x"))]
        )),
        Err(Refusal::UnknownField {
            field: "nonsense".into()
        })
    );
    // Submitted: closed, so what the superior reviews cannot shift.
    let mut doc = shared(RA);
    fill_required(&mut doc);
    move_status(&mut doc, "submitted");
    doc.commit(NOW, None);
    assert_eq!(
        by(&mut doc, &staff("bob"), depts),
        Err(Refusal::StateReadOnly {
            state: "submitted".into()
        })
    );
}

#[test]
fn custom_fields_are_defined_by_owners_and_written_by_editors() {
    let mut doc = shared(RA);
    let define = |d: &mut ConcordDoc| {
        let field = crate::custom_field::CustomField {
            id: "cost_center".into(),
            label: crate::custom_field::Label::new("成本中心", "Cost centre"),
            kind: crate::custom_field::CustomKind::Text,
            required: false,
            table: None,
        };
        d.add_custom_field(&field).unwrap();
    };
    assert_eq!(
        by(&mut doc, &staff("bob"), define),
        Err(Refusal::NeedsOwner {
            what: "custom_fields".into()
        })
    );
    assert_eq!(by(&mut doc, &alice(), define), Ok(()));
    assert_eq!(
        by(&mut doc, &staff("bob"), |d| put(
            d,
            &["fields"],
            &[("cost_center", s("R&D"))]
        )),
        Ok(())
    );
    let undefine = |d: &mut ConcordDoc| {
        let custom = map_at(d, &["custom_fields"]);
        raw(d).delete(&custom, "cost_center").unwrap();
    };
    assert_eq!(
        by(&mut doc, &alice(), undefine),
        Err(Refusal::BreaksSchema {
            violation: Violation::unknown("fields.cost_center")
        })
    );
}

#[test]
fn parts_outside_the_schema_are_refused() {
    let mut doc = shared(RA);
    assert_eq!(
        by(&mut doc, &alice(), |d| put(d, &["junk"], &[("x", int(1))])),
        Err(Refusal::BreaksSchema {
            violation: Violation::Unknown {
                path: "junk".into()
            }
        })
    );
    let mut doc = shared(RA);
    assert_eq!(
        by(&mut doc, &alice(), |d| {
            raw(d).put_object(ROOT, "fields", ObjType::Map).unwrap();
        }),
        Err(Refusal::Immutable {
            path: "fields".into()
        })
    );
}

#[test]
fn heads_the_document_lacks_are_refused() {
    let mut doc = shared(RA);
    let mut other = ConcordDoc::create(template(RA), "o", &pid("x"), NOW, actor(9)).unwrap();
    let foreign = other.heads();
    let heads = doc.heads();
    assert_eq!(
        check_change(&heads, &foreign, &mut doc, &alice(), &today()),
        Err(Refusal::UnknownHeads)
    );
    assert_eq!(
        check_change(&heads, &heads, &mut doc, &alice(), &today()),
        Ok(())
    );
}

#[test]
fn an_offline_edit_cannot_land_in_a_document_submitted_meanwhile() {
    let mut doc = shared(RA);
    fill_required(&mut doc);
    doc.commit(NOW, None);
    let mut bobs = doc.fork(actor(77));
    bobs.set_field("title", Value::Text("bob's idea".into()))
        .unwrap();
    bobs.commit(NOW, None);
    // Meanwhile alice submits, and the relay accepts it.
    assert_eq!(
        by(&mut doc, &alice(), |d| {
            d.set_direct_superior(&pid("boss")).unwrap();
            move_status(d, "submitted");
        }),
        Ok(())
    );
    let before = doc.heads();
    doc.merge(&mut bobs).unwrap();
    let after = doc.heads();
    assert_eq!(
        check_change(&before, &after, &mut doc, &staff("bob"), &today()),
        Err(Refusal::StateReadOnly {
            state: "submitted".into()
        })
    );
}

/// Fills the requirement approval's required fields (alice, as owner).
pub(super) fn fill_required(doc: &mut ConcordDoc) {
    doc.set_field("title", Value::Text("CRM".into())).unwrap();
    doc.set_field("background", Value::Text("why".into()))
        .unwrap();
    doc.set_field("goal", Value::Text("what".into())).unwrap();
    doc.set_field("expected_date", Value::Date("2026-12-01".into()))
        .unwrap();
    doc.set_field(
        "departments",
        Value::Departments(vec!["sales".into(), "rd".into()]),
    )
    .unwrap();
    doc.set_field("priority", Value::Choice("high".into()))
        .unwrap();
}

#[test]
fn editors_tag_a_document_and_nobody_writes_a_malformed_tag() {
    let mut doc = shared(RA);
    assert_eq!(
        by(&mut doc, &staff("bob"), |d| {
            d.add_tag("验收").unwrap();
        }),
        Ok(())
    );
    assert_eq!(doc.tags(), vec!["验收".to_owned()]);
    assert!(
        by(&mut doc, &staff("vic"), |d| {
            d.add_tag("viewer's").unwrap();
        })
        .is_err()
    );
    assert!(by(&mut doc, &staff("vic"), |d| d.remove_tag("验收").unwrap()).is_err());
    // Past the app's `add_tag`: a tag too long, untrimmed, or not `true`.
    for (key, value) in [
        ("长".repeat(31), ScalarValue::Boolean(true)),
        (" padded".to_owned(), ScalarValue::Boolean(true)),
        ("yes".to_owned(), s("true")),
    ] {
        let refused = by(&mut doc, &alice(), |d| {
            put(d, &["meta", "tags"], &[(key.as_str(), value)])
        });
        assert!(
            matches!(refused, Err(Refusal::BreaksSchema { .. })),
            "{key:?}: {refused:?}"
        );
    }
    assert_eq!(
        by(&mut doc, &alice(), |d| d.remove_tag("验收").unwrap()),
        Ok(())
    );
    assert!(doc.tags().is_empty());
}
