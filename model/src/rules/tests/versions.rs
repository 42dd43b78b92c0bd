//! Approval freezes a named version: the requirement approval's V1.0, then
//! V1.1 after a change reopens it; named versions never change.

use super::flow::{head, in_review, sign};
use super::*;
use crate::document::tests::TestRng;
use crate::{Value, VersionId};

/// The last head signs, approves and freezes the version, in one batch.
fn approve(round: i64, note: &'static str) -> impl FnOnce(&mut ConcordDoc) {
    move |d| {
        sign("s-rd", "hrd", &["rd"], round)(d);
        move_status(d, "approved");
        d.freeze_version(note, &pid("hrd"), NOW, &mut TestRng(round as u64))
            .unwrap();
    }
}

/// The request in review with the head of sales already signed.
fn awaiting_rd() -> ConcordDoc {
    let mut doc = in_review();
    let sales = head("hsales", "sales");
    assert_eq!(
        by(&mut doc, &sales, sign("s-sales", "hsales", &["sales"], 2)),
        Ok(())
    );
    let perms = crate::rules::Permissions::of(&doc, &alice()).unwrap();
    assert_eq!(perms.departments_to_sign(), [dept("rd")]);
    doc
}

fn not_frozen(name: &str) -> Refusal {
    Refusal::VersionNotFrozen {
        state: "approved".into(),
        name: name.into(),
    }
}

#[test]
fn the_last_signature_approves_and_freezes_v1_0_in_one_batch() {
    let mut doc = awaiting_rd();
    let rd = head("hrd", "rd");
    let unfrozen = |d: &mut ConcordDoc| {
        sign("s-rd", "hrd", &["rd"], 2)(d);
        move_status(d, "approved");
    };
    assert_eq!(by(&mut doc, &rd, unfrozen), Err(not_frozen("V1.0")));
    assert_eq!(by(&mut doc, &rd, approve(2, "approved")), Ok(()));
    let versions = doc.versions().unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].name, "V1.0");
    assert_eq!(versions[0].by, pid("hrd"));
    let frozen = doc.at_version(&versions[0].id).unwrap();
    assert_eq!(frozen.meta().unwrap().status, "approved");
}

#[test]
fn a_frozen_version_has_the_next_name_and_shows_the_approved_document() {
    let rd = head("hrd", "rd");
    let misnamed = |d: &mut ConcordDoc| {
        sign("s-rd", "hrd", &["rd"], 2)(d);
        move_status(d, "approved");
        d.add_version("V9.9", "", &pid("hrd"), NOW, &mut TestRng(1))
            .unwrap();
    };
    assert_eq!(
        by(&mut awaiting_rd(), &rd, misnamed),
        Err(not_frozen("V1.0"))
    );
    // Heads from before the move: the version would not show it approved.
    let early = |d: &mut ConcordDoc| {
        let heads = d.heads();
        sign("s-rd", "hrd", &["rd"], 2)(d);
        move_status(d, "approved");
        let hex: Vec<String> = heads.iter().map(ToString::to_string).collect();
        let refs: Vec<&str> = hex.iter().map(String::as_str).collect();
        let path = ["versions", "v-early"];
        put(
            d,
            &path,
            &[("name", s("V1.0")), ("by", s("hrd")), ("at", int(NOW))],
        );
        put_list(d, &path, "heads", &refs);
    };
    assert_eq!(by(&mut awaiting_rd(), &rd, early), Err(not_frozen("V1.0")));
    // Two versions at once.
    let twice = |d: &mut ConcordDoc| {
        approve(2, "")(d);
        d.add_version("V1.0", "", &pid("hrd"), NOW, &mut TestRng(9))
            .unwrap();
    };
    assert_eq!(by(&mut awaiting_rd(), &rd, twice), Err(not_frozen("V1.0")));
}

#[test]
fn versions_are_named_only_by_the_approval_and_never_change() {
    let mut doc = awaiting_rd();
    let freelance = |d: &mut ConcordDoc| {
        d.add_version("V1.0", "mine", &pid("alice"), NOW, &mut TestRng(3))
            .unwrap();
    };
    assert_eq!(by(&mut doc, &alice(), freelance), Err(not_frozen("V1.0")));
    assert_eq!(by(&mut doc, &head("hrd", "rd"), approve(2, "")), Ok(()));
    let id = doc.versions().unwrap()[0].id.0.clone();
    let path = format!("versions.{id}");
    assert_eq!(
        by(&mut doc, &alice(), |d| put(
            d,
            &["versions", id.as_str()],
            &[("note", s("quietly changed"))]
        )),
        Err(Refusal::Immutable { path: path.clone() })
    );
    let removed = |d: &mut ConcordDoc| {
        let versions = map_at(d, &["versions"]);
        raw(d).delete(&versions, id.as_str()).unwrap();
    };
    assert_eq!(
        by(&mut doc, &alice(), removed),
        Err(Refusal::Immutable { path })
    );
    // Nor can the approved document itself change: it is closed.
    assert!(matches!(
        by(&mut doc, &alice(), |d| d
            .set_field("goal", crate::Value::Text("more".into()))
            .unwrap()),
        Err(Refusal::StateReadOnly { .. })
    ));
}

#[test]
fn a_change_after_approval_opens_round_two_whose_approval_freezes_v1_1() {
    let mut doc = awaiting_rd();
    assert_eq!(by(&mut doc, &head("hrd", "rd"), approve(2, "")), Ok(()));
    let reopen = |d: &mut ConcordDoc| {
        move_status(d, "draft");
        d.set_status_reason("deadline moves to March").unwrap();
    };
    assert_eq!(
        by(&mut doc, &staff("bob"), reopen),
        Err(Refusal::TransitionNotAllowed {
            from: "approved".into(),
            to: "draft".into(),
            reason: "only the initiator may take this step".into(),
        })
    );
    assert_eq!(by(&mut doc, &alice(), reopen), Ok(()));
    assert_eq!(
        by(&mut doc, &alice(), |d| d
            .set_field("expected_date", crate::Value::Date("2027-03-31".into()))
            .unwrap()),
        Ok(())
    );
    let submit = |d: &mut ConcordDoc| {
        d.set_direct_superior(&pid("boss")).unwrap();
        move_status(d, "submitted");
    };
    assert_eq!(by(&mut doc, &alice(), submit), Ok(()));
    assert_eq!(
        by(&mut doc, &staff("boss"), |d| move_status(d, "in_review")),
        Ok(())
    );
    // Round 6: the signatures of round 2 count no more.
    let sales = head("hsales", "sales");
    assert_eq!(
        by(&mut doc, &sales, sign("s2-sales", "hsales", &["sales"], 6)),
        Ok(())
    );
    let rd = head("hrd", "rd");
    let misnamed = |d: &mut ConcordDoc| {
        sign("s2-rd", "hrd", &["rd"], 6)(d);
        move_status(d, "approved");
        d.add_version("V1.0", "", &pid("hrd"), NOW, &mut TestRng(5))
            .unwrap();
    };
    assert_eq!(by(&mut doc, &rd, misnamed), Err(not_frozen("V1.1")));
    let second = |d: &mut ConcordDoc| {
        sign("s2-rd", "hrd", &["rd"], 6)(d);
        move_status(d, "approved");
        d.freeze_version("deadline March", &pid("hrd"), NOW + 1, &mut TestRng(6))
            .unwrap();
    };
    assert_eq!(by(&mut doc, &rd, second), Ok(()));
    let names: Vec<String> = doc
        .versions()
        .unwrap()
        .into_iter()
        .map(|v| v.name)
        .collect();
    assert_eq!(names, ["V1.0", "V1.1"]);
}

#[test]
fn each_version_lists_the_heads_who_approved_it_and_the_reason_shows() {
    let mut doc = awaiting_rd();
    assert_eq!(by(&mut doc, &head("hrd", "rd"), approve(2, "")), Ok(()));
    let listed = doc.approved_versions().unwrap();
    let perms = crate::rules::Permissions::of(&doc, &alice()).unwrap();
    assert!(
        perms.departments_to_sign().is_empty(),
        "approved: nobody to sign"
    );
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].version.name, "V1.0");
    let mut approvers = listed[0].approvers.clone();
    approvers.sort();
    assert_eq!(approvers, [pid("hrd"), pid("hsales")]);
    assert_eq!(doc.status_reason().unwrap(), None);
    let reopen = |d: &mut ConcordDoc| {
        move_status(d, "draft");
        d.set_status_reason("scope grows").unwrap();
    };
    assert_eq!(by(&mut doc, &alice(), reopen), Ok(()));
    assert_eq!(doc.status_reason().unwrap().as_deref(), Some("scope grows"));
}

#[test]
fn a_submission_shares_with_the_reviewing_departments_and_named_people() {
    let mut doc = shared("requirement-approval");
    super::parts::fill_required(&mut doc);
    doc.set_field(
        "people",
        crate::Value::People(vec!["carol".into(), "dan".into()]),
    )
    .unwrap();
    let row = doc.add_row("action_items", None, &mut TestRng(4)).unwrap();
    doc.set_cell(
        "action_items",
        &row,
        "owner",
        crate::Value::Person("erin".into()),
    )
    .unwrap();
    let parties = doc.parties().unwrap();
    let mut departments = parties.departments.clone();
    departments.sort();
    assert_eq!(departments, [dept("rd"), dept("sales")]);
    assert_eq!(parties.people, [pid("carol"), pid("dan"), pid("erin")]);
    let mut notice = shared("internal-notice");
    notice
        .set_field("responsible", crate::Value::People(vec!["carol".into()]))
        .unwrap();
    assert!(
        notice.parties().unwrap().people.is_empty(),
        "only where approval freezes a version"
    );
}

/// Restoring a named version is an edit like any other: an editor may, a
/// viewer may not.
#[test]
fn a_restore_is_judged_as_the_edits_it_makes() {
    let mut doc = shared("task-tracker");
    let bob = staff("bob");
    let named = |d: &mut ConcordDoc| {
        d.set_field("project", Value::Text("一期".into())).unwrap();
        d.add_version("V1.0", "立项", &pid("bob"), NOW, &mut TestRng(5))
            .unwrap();
    };
    assert_eq!(by(&mut doc, &bob, named), Ok(()));
    let later = |d: &mut ConcordDoc| d.set_field("project", Value::Text("二期".into())).unwrap();
    assert_eq!(by(&mut doc, &bob, later), Ok(()));
    let v1 = doc.versions().unwrap()[0].id.clone();
    let restore = |id: VersionId| move |d: &mut ConcordDoc| d.restore_version(&id).unwrap();
    assert_eq!(
        by(&mut doc, &staff("vic"), restore(v1.clone())),
        Err(Refusal::ViewerCannotEdit)
    );
    assert_eq!(
        doc.field("project").unwrap(),
        Some(Value::Text("二期".into()))
    );
    assert_eq!(by(&mut doc, &bob, restore(v1.clone())), Ok(()));
    assert_eq!(
        doc.field("project").unwrap(),
        Some(Value::Text("一期".into()))
    );
}

#[test]
fn an_archive_offers_no_version_to_name_or_restore() {
    let mut doc = shared("task-tracker");
    let bob = staff("bob");
    let perms = |doc: &ConcordDoc| crate::rules::Permissions::of(doc, &bob).unwrap();
    assert_eq!(perms(&doc).may_restore_version(), Ok(()));
    assert_eq!(perms(&doc).may_name_version(), Ok(()));
    move_status(&mut doc, "archived");
    doc.commit(NOW, None);
    assert_eq!(
        perms(&doc).may_restore_version(),
        Err(Refusal::ArchivedReadOnly)
    );
    assert_eq!(
        perms(&doc).may_name_version(),
        Err(Refusal::ArchivedReadOnly)
    );
    assert_eq!(
        perms(&shared("task-tracker")).may_restore_version(),
        Ok(()),
        "a viewer is refused elsewhere; an editor of a live document may"
    );
}
