//! Comments, sign-offs, read confirmations and named versions.

use automerge::{ROOT, ReadDoc, transaction::Transactable};

use super::*;
use crate::access::DeptId;
use crate::library::find_template;
use crate::workflow::{Attempt, DocFacts, Step, may_transition};

fn person(id: &str) -> PersonId {
    id.parse().expect("a valid id")
}

#[test]
fn comments_are_added_edited_by_their_author_and_listed_by_target() {
    let (t, table) = table_template();
    let mut doc = new_doc(t);
    let mut rng = TestRng(11);
    let row = doc.add_row(table, None, &mut rng).unwrap();
    let on_row = CommentTarget::Row {
        table: table.into(),
        row: row.clone(),
    };
    let later = doc
        .add_comment(
            &alice(),
            &CommentTarget::Doc,
            "结论：按期交付",
            20,
            &mut rng,
        )
        .unwrap();
    let first = doc
        .add_comment(&person("bob"), &on_row, "@alice 请确认", 10, &mut rng)
        .unwrap();
    let all = doc.comments(None).unwrap();
    assert_eq!(
        all.iter().map(|c| &c.id).collect::<Vec<_>>(),
        [&first, &later]
    );
    assert_eq!(all[0].mentions, [alice()]);
    assert_eq!(all[0].author, person("bob"));
    assert_eq!(doc.comments(Some(&on_row)).unwrap().len(), 1);
    assert_eq!(
        doc.comments(Some(&CommentTarget::Doc)).unwrap()[0].id,
        later
    );

    // Only the author edits or deletes; mentions follow the body.
    assert!(matches!(
        doc.edit_comment(&alice(), &first, 0, 0, "x"),
        Err(DocError::NotCommentAuthor(_))
    ));
    doc.edit_comment(&person("bob"), &first, 0, 6, "@carol")
        .unwrap();
    let edited = &doc.comments(Some(&on_row)).unwrap()[0];
    assert_eq!(edited.body, "@carol 请确认");
    assert_eq!(edited.mentions, [person("carol")]);
    assert!(matches!(
        doc.edit_comment(&person("bob"), &first, 50, 1, ""),
        Err(DocError::SpliceOutOfRange { .. })
    ));
    assert!(doc.delete_comment(&alice(), &first).is_err());
    doc.delete_comment(&person("bob"), &first).unwrap();
    assert!(matches!(
        doc.delete_comment(&person("bob"), &first),
        Err(DocError::UnknownComment(_))
    ));
    assert_eq!(doc.comments(None).unwrap().len(), 1);
}

#[test]
fn concurrent_edits_of_one_comment_merge_by_character() {
    let t = template_with(|_| true);
    let mut one = new_doc(t);
    let mut rng = TestRng(3);
    let id = one
        .add_comment(&alice(), &CommentTarget::Doc, "ok", 1, &mut rng)
        .unwrap();
    let mut two = one.fork(actor(2));
    one.edit_comment(&alice(), &id, 0, 0, "@bob ").unwrap();
    two.edit_comment(&alice(), &id, 2, 0, " @carol").unwrap();
    one.merge(&mut two).unwrap();
    let c = &one.comments(None).unwrap()[0];
    assert_eq!(c.body, "@bob ok @carol");
    let mut mentioned: Vec<_> = c.mentions.iter().map(|p| p.to_string()).collect();
    mentioned.sort();
    assert_eq!(mentioned, ["bob", "carol"]);
}

#[test]
fn malformed_entries_are_skipped_not_fatal() {
    let t = template_with(|_| true);
    let mut doc = new_doc(t);
    let mut rng = TestRng(4);
    doc.add_comment(&alice(), &CommentTarget::Doc, "fine", 1, &mut rng)
        .unwrap();
    let am = doc.automerge_mut();
    for part in ["comments", "signoffs", "reads", "versions", "custom_fields"] {
        let (_, obj) = am.get(ROOT, part).unwrap().unwrap();
        am.put(&obj, "junk", 7).unwrap();
        let entry = am
            .put_object(&obj, "half", automerge::ObjType::Map)
            .unwrap();
        am.put(&entry, "at", "yesterday").unwrap();
    }
    assert_eq!(doc.comments(None).unwrap().len(), 1);
    assert!(doc.signoffs().unwrap().is_empty());
    assert!(doc.reads().unwrap().is_empty());
    assert!(doc.versions().unwrap().is_empty());
    assert!(doc.custom_fields().unwrap().is_empty());
    assert!(doc.at_version(&VersionId("half".into())).is_err());
    // A part replaced by a scalar is an error, not a panic.
    doc.automerge_mut().put(ROOT, "comments", 1).unwrap();
    assert!(matches!(doc.comments(None), Err(DocError::Corrupt(_))));
}

#[test]
fn signoffs_feed_the_workflow() {
    let t = find_template("requirement-approval").expect("built in");
    let mut doc = new_doc(t);
    let step = t
        .workflow
        .transitions
        .iter()
        .find(|s| s.who == crate::workflow::Who::HeadOfEveryDepartment)
        .expect("a step every head signs");
    let rd: DeptId = "rd".parse().unwrap();
    let qa: DeptId = "qa".parse().unwrap();
    let sign = |doc: &mut ConcordDoc, by: &str, dept: &DeptId, decision, at| {
        let by = person(by);
        let record = NewSignoff {
            by: &by,
            transition: step.id,
            departments: std::slice::from_ref(dept),
            decision,
            note: "",
        };
        doc.add_signoff(&record, at, &mut TestRng(at as u64 + 1))
            .unwrap()
    };
    sign(&mut doc, "old-head", &rd, Decision::Approve, 5);
    // A status move and back starts a new round: old-head's approval lapses.
    doc.set_status("archived").unwrap();
    doc.set_status(step.from).unwrap();
    sign(&mut doc, "rd-head", &rd, Decision::Approve, 50);
    sign(&mut doc, "qa-head", &qa, Decision::Reject, 60);
    let all = doc.signoffs().unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[2].decision, Decision::Reject);
    assert_eq!(all[0].round, 0);
    assert_eq!(all[1].round, 2);
    let approvals = doc.approvals(step.id).unwrap();
    assert_eq!(approvals.len(), 1);
    assert_eq!(approvals[0].by, person("rd-head"));

    // With rd signed, qa's head is the one signature outstanding.
    let mut facts = DocFacts::new(t, alice()).in_state(step.from);
    facts.departments = vec![rd.clone(), qa.clone()];
    let qa_head = crate::access::Actor {
        person: crate::access::Person::staff(person("qa-head"), vec![qa.clone()])
            .heading(qa.clone()),
        role: Some(crate::access::DocRole::Editor),
    };
    let attempt = Attempt {
        signed: &approvals,
        ..Attempt::new(step.id)
    };
    match may_transition(&qa_head, &facts, &attempt) {
        Ok(Step::Moves { to }) => assert_eq!(to, step.to),
        other => panic!("qa's signature should complete the step: {other:?}"),
    }
}

#[test]
fn reads_keep_the_first_confirmation() {
    let t = template_with(|_| true);
    let mut doc = new_doc(t);
    let mut other = doc.fork(actor(2));
    doc.confirm_read(&person("bob"), 100).unwrap();
    doc.confirm_read(&person("bob"), 200).unwrap();
    other.confirm_read(&person("carol"), 150).unwrap();
    doc.merge(&mut other).unwrap();
    let reads = doc.reads().unwrap();
    assert_eq!(reads.get(&person("bob")), Some(&100));
    assert_eq!(reads.get(&person("carol")), Some(&150));
    let everyone = [person("bob"), person("carol"), person("dave")];
    assert_eq!(doc.unread_by(&everyone).unwrap(), [person("dave")]);
}

#[test]
fn a_named_version_shows_the_document_as_it_was() {
    let t = template_with(|t| t.fields.iter().any(|f| f.kind == FieldKind::Text));
    let field = t
        .fields
        .iter()
        .find(|f| f.kind == FieldKind::Text)
        .unwrap()
        .id;
    let mut doc = new_doc(t);
    let mut rng = TestRng(9);
    doc.set_field(field, Value::Text("V2.0 内容".into()))
        .unwrap();
    assert!(doc.add_version(" ", "", &alice(), 1, &mut rng).is_err());
    let v2 = doc
        .add_version("V2.0", "首次定稿", &alice(), 1_000, &mut rng)
        .unwrap();
    doc.set_field(field, Value::Text("V2.1 内容".into()))
        .unwrap();
    let v21 = doc
        .add_version("V2.1", "调整范围", &alice(), 2_000, &mut rng)
        .unwrap();
    let versions = doc.versions().unwrap();
    assert_eq!(
        versions.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(),
        ["V2.0", "V2.1"]
    );
    assert_eq!(versions[0].note, "首次定稿");
    let old = doc.at_version(&v2).unwrap();
    assert_eq!(
        old.field(field).unwrap(),
        Some(Value::Text("V2.0 内容".into()))
    );
    assert!(old.versions().unwrap().is_empty());
    let newer = doc.at_version(&v21).unwrap();
    assert_eq!(
        newer.field(field).unwrap(),
        Some(Value::Text("V2.1 内容".into()))
    );
    // Survives bytes, and a replica without the named changes says so.
    let mut loaded = ConcordDoc::load(&doc.save()).unwrap();
    assert_eq!(loaded.versions().unwrap(), versions);
    assert!(loaded.at_version(&v2).is_ok());
    let mut fresh = new_doc(t);
    let mut copy = new_doc(t);
    let late = copy.add_version("V9", "", &alice(), 3, &mut rng).unwrap();
    let entry_heads = copy.versions().unwrap()[0].heads.clone();
    assert!(!entry_heads.is_empty());
    assert!(matches!(
        fresh.at_version(&late),
        Err(DocError::UnknownVersion(_))
    ));
}
