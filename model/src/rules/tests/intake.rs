//! The customer intake: reviewers named on the form answer the review; the
//! customer (a partner's person) accepts and scores, staff cannot for them.

use super::*;
use crate::{
    access::Person,
    document::{Value, tests::TestRng},
    library::find_template,
};

const INTAKE: &str = "customer-requirement-intake";

fn li() -> Person {
    Person::partner(pid("li"), "acme".parse().unwrap())
}

/// Alice's intake naming rev as reviewer, shared with rev and bob (editors)
/// and li of acme (the customer, editor); submitted for review.
fn submitted() -> ConcordDoc {
    let mut doc = shared(INTAKE);
    for who in ["rev", "li"] {
        doc.set_member_role(&pid(who), DocRole::Editor).unwrap();
    }
    doc.set_field("customer", Value::Text("ACME".into()))
        .unwrap();
    doc.set_field("requirement", Value::Text("export".into()))
        .unwrap();
    doc.set_field("owner", Value::Person("bob".into())).unwrap();
    doc.set_field("reviewers", Value::People(vec!["rev".into()]))
        .unwrap();
    doc.commit(NOW, None);
    let submit = by(&mut doc, &alice(), |d| move_status(d, "in_review"));
    assert_eq!(submit, Ok(()));
    doc
}

fn step(id: &'static str, reason: Option<&'static str>) -> impl FnOnce(&mut ConcordDoc) {
    move |d: &mut ConcordDoc| {
        let t = find_template(INTAKE).unwrap().workflow.transition(id);
        let t = t.filter(|t| t.from == d.meta().unwrap().status).unwrap();
        d.record_step(t, NOW).unwrap();
        d.set_status(t.to).unwrap();
        if let Some(reason) = reason {
            d.set_status_reason(reason).unwrap();
        }
    }
}

#[test]
fn only_a_named_reviewer_answers_the_review_and_the_answer_is_recorded() {
    let mut doc = submitted();
    assert!(matches!(
        by(&mut doc, &staff("bob"), step("accept", None)),
        Err(Refusal::TransitionNotAllowed { .. })
    ));
    // The move alone, without its answer on the form, is refused.
    assert!(matches!(
        by(&mut doc, &staff("rev"), |d| move_status(d, "in_progress")),
        Err(Refusal::StepAnswerMissing { .. })
    ));
    let answer = by(
        &mut doc,
        &staff("rev"),
        step("needs_changes", Some("scope")),
    );
    assert_eq!(answer, Ok(()));
    assert_eq!(
        doc.field("review_outcome").unwrap(),
        Some(Value::Choice("needs_changes".into()))
    );
    assert_eq!(doc.meta().unwrap().status, "received");
    // Back in the first state, the customer cannot name themselves reviewer.
    let self_review = |d: &mut ConcordDoc| {
        d.set_field("reviewers", Value::People(vec!["li".into()]))
            .unwrap()
    };
    assert!(matches!(
        by(&mut doc, &li(), self_review),
        Err(Refusal::FieldNotWritable { .. })
    ));
    assert_eq!(
        by(&mut doc, &alice(), |d| move_status(d, "in_review")),
        Ok(())
    );
    assert_eq!(by(&mut doc, &staff("rev"), step("accept", None)), Ok(()));
    assert_eq!(doc.meta().unwrap().status, "in_progress");
}

#[test]
fn the_customer_reads_progress_and_alone_accepts_and_scores() {
    let mut doc = submitted();
    assert_eq!(by(&mut doc, &staff("rev"), step("accept", None)), Ok(()));
    let entry = |d: &mut ConcordDoc| {
        let row = d.add_row("progress", None, &mut TestRng(3)).unwrap();
        d.set_cell("progress", &row, "date", Value::Date("2026-12-04".into()))
            .unwrap();
        d.set_cell("progress", &row, "progress", Value::Text("half".into()))
            .unwrap();
    };
    assert!(matches!(
        by(&mut doc, &li(), entry),
        Err(Refusal::FieldNotWritable { .. })
    ));
    assert_eq!(by(&mut doc, &staff("bob"), entry), Ok(()));
    assert_eq!(by(&mut doc, &staff("bob"), step("deliver", None)), Ok(()));
    // Staff giving the customer's verdict or score, even the owner: refused.
    for who in [alice(), staff("bob")] {
        assert!(matches!(
            by(&mut doc, &who, step("close", None)),
            Err(Refusal::TransitionNotAllowed { .. })
        ));
        assert!(matches!(
            by(&mut doc, &who, |d| d
                .set_field("satisfaction", Value::Rating(5))
                .unwrap()),
            Err(Refusal::FieldNotWritable { .. })
        ));
    }
    let score = |d: &mut ConcordDoc| d.set_field("satisfaction", Value::Rating(4)).unwrap();
    assert_eq!(by(&mut doc, &li(), score), Ok(()));
    assert_eq!(by(&mut doc, &li(), step("close", None)), Ok(()));
    assert_eq!(doc.meta().unwrap().status, "done");
    assert_eq!(
        doc.field("acceptance").unwrap(),
        Some(Value::Choice("passed".into()))
    );
}
