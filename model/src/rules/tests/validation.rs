//! `validate` on well formed and broken documents.

use super::*;
use crate::{library::library, rules::Violation};

#[test]
fn every_new_document_is_valid() {
    for t in library() {
        let doc = ConcordDoc::create(t, "t", &pid("alice"), NOW, actor(1)).unwrap();
        assert_eq!(validate(&doc), [], "{}", t.id);
    }
}

#[test]
fn broken_parts_are_listed_with_their_paths() {
    let mut doc = shared("task-tracker");
    put(&mut doc, &["junk"], &[("x", int(1))]);
    put(
        &mut doc,
        &["meta"],
        &[("classification", s("secret")), ("colour", s("red"))],
    );
    put(&mut doc, &["acl", "members"], &[("mallory", s("god"))]);
    put(
        &mut doc,
        &["fields"],
        &[("project", int(3)), ("ghost", s("boo"))],
    );
    put(
        &mut doc,
        &["tables", "tasks", "r1"],
        &[("order", s("")), ("owner", s("a b"))],
    );
    put(&mut doc, &["reads", "vic"], &[("at", s("today"))]);
    let found = validate(&doc);
    for expected in [
        Violation::unknown("junk"),
        Violation::unknown("meta.colour"),
        Violation::Misfit {
            path: "fields.project".into(),
            reason: "wrong kind".into(),
        },
        Violation::unknown("fields.ghost"),
    ] {
        assert!(found.contains(&expected), "{expected:?} in {found:#?}");
    }
    let paths: Vec<String> = found.iter().map(|v| v.to_string()).collect();
    for part in [
        "meta.classification",
        "acl.members.mallory",
        "tables.tasks.r1.order",
        "tables.tasks.r1.owner",
        "reads.vic.at",
        "tables.tasks.r1.cells",
    ] {
        assert!(
            paths.iter().any(|p| p.starts_with(part)),
            "{part} in {paths:#?}"
        );
    }
}

#[test]
fn required_fields_are_due_after_the_first_state() {
    let mut doc = shared("requirement-approval");
    assert_eq!(validate(&doc), []);
    doc.set_status("submitted").unwrap();
    assert!(validate(&doc).contains(&Violation::RequiredMissing {
        path: "fields.title".into()
    }));
}

#[test]
fn documents_of_unknown_templates_say_so() {
    let mut doc = shared("task-tracker");
    put(&mut doc, &["meta"], &[("template_id", s("nope"))]);
    assert_eq!(
        validate(&doc),
        [Violation::UnknownTemplate { id: "nope".into() }]
    );
}
