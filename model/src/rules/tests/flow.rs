//! Status moves and signatures, on the requirement approval's flow.

use super::parts::fill_required;
use super::*;
use crate::rules::Violation;

const RA: &str = "requirement-approval";

pub(super) fn head(id: &str, of: &str) -> Person {
    staff(id).heading(dept(of))
}

/// Alice's filled-in request; boss is her superior; the heads of sales
/// and rd review it; all three only view the document.
fn request() -> ConcordDoc {
    let mut doc = shared(RA);
    fill_required(&mut doc);
    doc.set_direct_superior(&pid("boss")).unwrap();
    for p in ["boss", "hsales", "hrd"] {
        doc.set_member_role(&pid(p), DocRole::Viewer).unwrap();
    }
    doc.commit(NOW, None);
    doc
}

/// The request as the department heads review it (round 2).
pub(super) fn in_review() -> ConcordDoc {
    let mut doc = request();
    assert_eq!(
        by(&mut doc, &alice(), |d| move_status(d, "submitted")),
        Ok(())
    );
    assert_eq!(
        by(&mut doc, &staff("boss"), |d| move_status(d, "in_review")),
        Ok(())
    );
    doc
}

pub(super) fn sign(
    id: &str,
    signer: &str,
    departments: &[&str],
    round: i64,
) -> impl FnOnce(&mut ConcordDoc) {
    let (id, signer) = (id.to_owned(), signer.to_owned());
    let departments: Vec<String> = departments.iter().map(|d| d.to_string()).collect();
    move |d| {
        let path = ["signoffs", id.as_str()];
        put(
            d,
            &path,
            &[
                ("by", s(&signer)),
                ("transition", s("sign")),
                ("decision", s("approve")),
                ("note", s("ok")),
                ("at", int(NOW)),
                ("round", int(round)),
            ],
        );
        let refs: Vec<&str> = departments.iter().map(String::as_str).collect();
        put_list(d, &path, "departments", &refs);
    }
}

#[test]
fn only_the_initiator_submits() {
    let mut doc = request();
    assert!(matches!(
        by(&mut doc, &staff("bob"), |d| move_status(d, "submitted")),
        Err(Refusal::TransitionNotAllowed { .. })
    ));
    assert_eq!(
        by(&mut doc, &alice(), |d| move_status(d, "submitted")),
        Ok(())
    );
}

#[test]
fn leaving_the_draft_makes_required_fields_due() {
    let mut doc = shared(RA);
    assert!(matches!(
        by(&mut doc, &alice(), |d| move_status(d, "submitted")),
        Err(Refusal::BreaksSchema {
            violation: Violation::RequiredMissing { .. }
        })
    ));
}

#[test]
fn every_status_move_advances_the_round() {
    let mut doc = request();
    assert_eq!(
        by(&mut doc, &alice(), |d| put(
            d,
            &["meta"],
            &[("status", s("submitted"))]
        )),
        Err(Refusal::BreaksSchema {
            violation: Violation::malformed("meta.round", crate::rules::check_flow::next_round())
        })
    );
    assert_eq!(
        by(&mut doc, &alice(), |d| put(
            d,
            &["meta"],
            &[("round", int(5))]
        )),
        Err(Refusal::FieldNotWritable {
            field: "meta.round".into(),
            rule: "only together with a status move".into()
        })
    );
    // Rewriting the status as it is does not open a new round either.
    let same = |d: &mut ConcordDoc| {
        put(d, &["meta"], &[("status", s("draft")), ("round", int(1))]);
    };
    assert_eq!(
        by(&mut doc, &alice(), same),
        Err(Refusal::FieldNotWritable {
            field: "meta.round".into(),
            rule: "only together with a status move".into()
        })
    );
}

#[test]
fn a_rejection_needs_a_reason() {
    let mut doc = request();
    assert_eq!(
        by(&mut doc, &alice(), |d| move_status(d, "submitted")),
        Ok(())
    );
    assert_eq!(
        by(&mut doc, &staff("boss"), |d| move_status(d, "rejected")),
        Err(Refusal::ReasonRequired {
            transition: "reject".into()
        })
    );
    let with_reason = |d: &mut ConcordDoc| {
        move_status(d, "rejected");
        d.set_status_reason("no budget this year").unwrap();
    };
    assert_eq!(by(&mut doc, &staff("bob"), with_reason), Err(not_boss()));
    assert_eq!(by(&mut doc, &staff("boss"), with_reason), Ok(()));
}

fn not_boss() -> Refusal {
    Refusal::TransitionNotAllowed {
        from: "submitted".into(),
        to: "rejected".into(),
        reason: "only the initiator's direct superior may take this step".into(),
    }
}

#[test]
fn every_head_signs_before_the_request_is_approved() {
    let mut doc = in_review();
    assert_eq!(
        by(
            &mut doc,
            &head("hsales", "sales"),
            sign("s1", "hsales", &["sales"], 2)
        ),
        Ok(())
    );
    // One signature of two: the request does not move yet.
    assert!(matches!(
        by(&mut doc, &head("hsales", "sales"), |d| move_status(
            d, "approved"
        )),
        Err(Refusal::TransitionNotAllowed { .. })
    ));
    // The last head signs and moves it on in one batch, freezing V1.0.
    let last = |d: &mut ConcordDoc| {
        sign("s2", "hrd", &["rd"], 2)(d);
        move_status(d, "approved");
        d.freeze_version(
            "",
            &pid("hrd"),
            NOW,
            &mut crate::document::tests::TestRng(2),
        )
        .unwrap();
    };
    assert_eq!(by(&mut doc, &head("hrd", "rd"), last), Ok(()));
}

#[test]
fn the_last_head_must_sign_to_move_it() {
    let mut doc = in_review();
    assert_eq!(
        by(
            &mut doc,
            &head("hsales", "sales"),
            sign("s1", "hsales", &["sales"], 2)
        ),
        Ok(())
    );
    assert!(matches!(
        by(&mut doc, &head("hrd", "rd"), |d| move_status(d, "approved")),
        Err(Refusal::TransitionNotAllowed { .. })
    ));
}

#[test]
fn signatures_are_ones_own_and_never_change() {
    let mut doc = in_review();
    assert!(matches!(
        by(&mut doc, &staff("bob"), sign("s1", "bob", &[], 2)),
        Err(Refusal::TransitionNotAllowed { .. })
    ));
    assert_eq!(
        by(
            &mut doc,
            &head("hsales", "sales"),
            sign("s1", "hrd", &["rd"], 2)
        ),
        Err(Refusal::NotYours {
            path: "signoffs.s1.by".into(),
            owner: "hsales".into()
        })
    );
    assert!(matches!(
        by(
            &mut doc,
            &head("hsales", "sales"),
            sign("s1", "hsales", &["rd"], 2)
        ),
        Err(Refusal::NotYours { .. })
    ));
    assert_eq!(
        by(
            &mut doc,
            &head("hsales", "sales"),
            sign("s1", "hsales", &["sales"], 2)
        ),
        Ok(())
    );
    assert_eq!(
        by(&mut doc, &head("hsales", "sales"), |d| put(
            d,
            &["signoffs", "s1"],
            &[("note", s("changed my mind"))]
        )),
        Err(Refusal::Immutable {
            path: "signoffs.s1".into()
        })
    );
    assert!(matches!(
        by(
            &mut doc,
            &head("hsales", "sales"),
            sign("s3", "hsales", &["sales"], 2)
        ),
        Err(Refusal::AlreadySigned { .. })
    ));
}

#[test]
fn a_signature_counts_only_in_its_round() {
    let mut doc = in_review();
    assert!(matches!(
        by(
            &mut doc,
            &head("hsales", "sales"),
            sign("s1", "hsales", &["sales"], 1)
        ),
        Err(Refusal::BreaksSchema { .. })
    ));
}

#[test]
fn each_rejection_gives_its_own_reason() {
    let mut doc = request();
    let reject = |d: &mut ConcordDoc| {
        move_status(d, "rejected");
        d.set_status_reason("no budget").unwrap();
    };
    assert_eq!(
        by(&mut doc, &alice(), |d| move_status(d, "submitted")),
        Ok(())
    );
    assert_eq!(by(&mut doc, &staff("boss"), reject), Ok(()));
    assert_eq!(by(&mut doc, &alice(), |d| move_status(d, "draft")), Ok(()));
    assert_eq!(
        by(&mut doc, &alice(), |d| move_status(d, "submitted")),
        Ok(())
    );
    // The last rejection's reason went with the moves since.
    assert_eq!(
        by(&mut doc, &staff("boss"), |d| move_status(d, "rejected")),
        Err(Refusal::ReasonRequired {
            transition: "reject".into()
        })
    );
    // The same words again are a reason all the same.
    assert_eq!(by(&mut doc, &staff("boss"), reject), Ok(()));
}

/// Alice's filled-in request with no superior recorded yet.
fn unsubmitted() -> ConcordDoc {
    let mut doc = shared(RA);
    fill_required(&mut doc);
    doc.set_member_role(&pid("boss"), DocRole::Viewer).unwrap();
    doc.commit(NOW, None);
    doc
}

fn submit_to(superior: &str) -> impl FnOnce(&mut ConcordDoc) {
    let superior = pid(superior);
    move |d| {
        d.set_direct_superior(&superior).unwrap();
        move_status(d, "submitted");
    }
}

#[test]
fn a_submission_records_the_superior_the_directory_gives_now() {
    // Nobody recorded in the directory: no submission, a reason to say.
    assert_eq!(
        by(&mut unsubmitted(), &staff("alice"), |d| move_status(
            d,
            "submitted"
        )),
        Err(Refusal::SuperiorNotRecorded)
    );
    // A friend named instead of the directory's superior.
    assert_eq!(
        by(&mut unsubmitted(), &alice(), submit_to("bob")),
        Err(Refusal::NotYourSuperior {
            named: "bob".into()
        })
    );
    // Submitted without naming anyone.
    assert_eq!(
        by(&mut unsubmitted(), &alice(), |d| move_status(
            d,
            "submitted"
        )),
        Err(Refusal::NotYourSuperior {
            named: "(none)".into()
        })
    );
    let mut doc = unsubmitted();
    assert_eq!(by(&mut doc, &alice(), submit_to("boss")), Ok(()));
    assert_eq!(
        by(&mut doc, &staff("boss"), |d| move_status(d, "in_review")),
        Ok(())
    );
}

#[test]
fn the_superior_is_written_only_as_the_initiator_submits() {
    // Not on its own, not by another editor.
    assert!(matches!(
        by(&mut unsubmitted(), &alice(), |d| d
            .set_direct_superior(&pid("boss"))
            .unwrap()),
        Err(Refusal::FieldNotWritable { .. })
    ));
    assert!(
        by(
            &mut unsubmitted(),
            &staff("bob").reporting_to(pid("boss")),
            submit_to("boss")
        )
        .is_err()
    );
    // Once submitted, it stays as recorded.
    let mut doc = unsubmitted();
    assert_eq!(by(&mut doc, &alice(), submit_to("boss")), Ok(()));
    assert!(
        by(&mut doc, &alice(), |d| d
            .set_direct_superior(&pid("bob"))
            .unwrap())
        .is_err()
    );
}

#[test]
fn a_resubmission_goes_to_the_superior_the_directory_gives_then() {
    // Recorded at creation as boss; the directory has since moved alice
    // under carol: submitting to boss is refused, to carol allowed.
    let moved = staff("alice").reporting_to(pid("carol"));
    assert_eq!(
        by(&mut request(), &moved, |d| move_status(d, "submitted")),
        Err(Refusal::NotYourSuperior {
            named: "boss".into()
        })
    );
    assert_eq!(by(&mut request(), &moved, submit_to("carol")), Ok(()));
}
