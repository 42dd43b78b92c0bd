//! One test that each rule allows what it should and one that it refuses
//! what it should, on the built-in templates.

use super::*;
use crate::{
    access::{Acl, Actor, Classification, DeptId, DocRole, Person, PersonId, Refusal},
    library::find_template,
    template::Template,
};

fn pid(s: &str) -> PersonId {
    s.parse().unwrap()
}

fn dept(s: &str) -> DeptId {
    s.parse().unwrap()
}

fn actor(id: &str, role: DocRole) -> Actor {
    Actor {
        person: Person::staff(pid(id), vec![]),
        role: Some(role),
    }
}

fn head(id: &str, of: &str) -> Actor {
    Actor {
        person: Person::staff(pid(id), vec![dept(of)]).heading(dept(of)),
        role: Some(DocRole::Viewer),
    }
}

fn doc(template: &str, state: &str) -> DocFacts<'static> {
    let template: &'static Template = find_template(template).unwrap();
    DocFacts::new(template, pid("ini")).in_state(state)
}

// Roles and states, for every write.

#[test]
fn an_editor_writes_an_unruled_field_in_an_open_state() {
    let d = doc("task-tracker", "active");
    assert_eq!(
        may_write_field(&actor("ed", DocRole::Editor), &d, "notes", false),
        Ok(())
    );
}

#[test]
fn a_viewer_may_not_write() {
    let d = doc("task-tracker", "active");
    let refused = may_write_field(&actor("vi", DocRole::Viewer), &d, "notes", false);
    assert_eq!(refused, Err(Refusal::ViewerCannotEdit));
}

#[test]
fn someone_without_access_may_not_write() {
    let d = doc("task-tracker", "active");
    let stranger = Actor {
        person: Person::staff(pid("zed"), vec![]),
        role: None,
    };
    assert_eq!(
        may_write_field(&stranger, &d, "notes", false),
        Err(Refusal::NoAccess)
    );
}

#[test]
fn archived_documents_are_read_only_even_for_owners() {
    let d = doc("task-tracker", ARCHIVED);
    let owner = actor("own", DocRole::Owner);
    assert_eq!(
        may_write_field(&owner, &d, "notes", false),
        Err(Refusal::ArchivedReadOnly)
    );
    let step = may_transition(&owner, &d, &Attempt::new("archive"));
    assert_eq!(step, Err(Refusal::ArchivedReadOnly));
}

#[test]
fn closed_states_freeze_fields_they_do_not_open() {
    let d = doc("requirement-approval", "in_review");
    let refused = may_write_field(&actor("own", DocRole::Owner), &d, "budget", false);
    assert_eq!(
        refused,
        Err(Refusal::StateReadOnly {
            state: "in_review".into()
        })
    );
}

#[test]
fn unknown_fields_and_states_are_refused() {
    let ed = actor("ed", DocRole::Editor);
    let d = doc("task-tracker", "active");
    assert!(matches!(
        may_write_field(&ed, &d, "nope", false),
        Err(Refusal::UnknownField { .. })
    ));
    assert!(matches!(
        may_write_cell(&ed, &d, "tasks", "nope", false, None),
        Err(Refusal::UnknownField { .. })
    ));
    let lost = doc("task-tracker", "limbo");
    assert!(matches!(
        may_write_field(&ed, &lost, "notes", false),
        Err(Refusal::UnknownState { .. })
    ));
}

// Writer::RowOwner

#[test]
fn the_row_owner_and_a_document_owner_write_progress() {
    let d = doc("task-tracker", "active");
    let ann = pid("ann");
    let write = |a: &Actor| may_write_cell(a, &d, "tasks", "progress", false, Some(&ann));
    assert_eq!(write(&actor("ann", DocRole::Editor)), Ok(()));
    assert_eq!(write(&actor("own", DocRole::Owner)), Ok(()));
}

#[test]
fn another_editor_may_not_write_someone_elses_progress() {
    let d = doc("task-tracker", "active");
    let ann = pid("ann");
    let refused = may_write_cell(
        &actor("bob", DocRole::Editor),
        &d,
        "tasks",
        "progress",
        false,
        Some(&ann),
    );
    assert_eq!(
        refused,
        Err(Refusal::NotRowOwner {
            row_owner: "ann".into()
        })
    );
    // Nor its name: a row that is someone's is wholly theirs.
    let task = may_write_cell(
        &actor("bob", DocRole::Editor),
        &d,
        "tasks",
        "task",
        false,
        Some(&ann),
    );
    assert!(matches!(task, Err(Refusal::NotRowOwner { .. })));
    // In a table with no owners' cells, any editor writes any row.
    let minutes = doc("meeting-minutes", "draft");
    let item = may_write_cell(
        &actor("bob", DocRole::Editor),
        &minutes,
        "action_items",
        "item",
        false,
        Some(&ann),
    );
    assert_eq!(item, Ok(()));
}

// Writer::OnlyAtCreation

#[test]
fn creation_only_fields_are_set_at_creation() {
    let d = doc("issue-risk-tracker", "active");
    let ed = actor("ed", DocRole::Editor);
    assert_eq!(
        may_write_cell(&ed, &d, "issues", "raised_by", true, None),
        Ok(())
    );
}

#[test]
fn creation_only_fields_are_never_changed_afterwards() {
    let d = doc("issue-risk-tracker", "active");
    let refused = may_write_cell(
        &actor("own", DocRole::Owner),
        &d,
        "issues",
        "raised_by",
        false,
        None,
    );
    assert_eq!(
        refused,
        Err(Refusal::FieldNotWritable {
            field: "issues.raised_by".into(),
            rule: "only when it is created".into()
        })
    );
}

// Writer::InitiatorsOwnDepartment

#[test]
fn the_initiator_names_the_issuing_department_while_in_draft() {
    let d = doc("internal-notice", "draft");
    let ini = actor("ini", DocRole::Owner);
    assert_eq!(
        may_write_field(&ini, &d, "issuing_department", false),
        Ok(())
    );
    let other = may_write_field(
        &actor("own", DocRole::Owner),
        &d,
        "issuing_department",
        false,
    );
    assert_eq!(
        other,
        Err(Refusal::FieldNotWritable {
            field: "issuing_department".into(),
            rule: "only the initiator, naming a department they belong to".into()
        })
    );
    let in_review = doc("internal-notice", "in_review");
    assert!(may_write_field(&ini, &in_review, "issuing_department", false).is_err());
}

// Writer::OnlyInitiator

#[test]
fn the_initiator_changes_a_deadline_and_anyone_sets_one_on_a_new_row() {
    let d = doc("task-tracker", "active");
    let ann = pid("ann");
    let ini = actor("ini", DocRole::Owner);
    assert_eq!(
        may_write_cell(&ini, &d, "tasks", "deadline", false, Some(&ann)),
        Ok(())
    );
    // The row's owner asks for a new deadline; another owner does not set it.
    for who in [actor("ann", DocRole::Editor), actor("own", DocRole::Owner)] {
        assert!(matches!(
            may_write_cell(&who, &d, "tasks", "deadline", false, Some(&ann)),
            Err(Refusal::FieldNotWritable { .. })
        ));
    }
    let new_row = may_write_cell(
        &actor("ann", DocRole::Editor),
        &d,
        "tasks",
        "deadline",
        true,
        None,
    );
    assert_eq!(new_row, Ok(()));
}

#[test]
fn a_task_owner_may_not_move_their_own_deadline() {
    let d = doc("task-tracker", "active");
    let ann = pid("ann");
    let refused = may_write_cell(
        &actor("ann", DocRole::Owner),
        &d,
        "tasks",
        "deadline",
        false,
        Some(&ann),
    );
    assert_eq!(
        refused,
        Err(Refusal::FieldNotWritable {
            field: "tasks.deadline".into(),
            rule: "only the task's initiator, once created".into()
        })
    );
}

// Writer::OnlyReviewer and Writer::OnlyInStates

#[test]
fn an_acceptor_writes_revision_comments_during_acceptance() {
    let mut d = doc("deliverable-acceptance", "in_acceptance");
    d.parties = vec![pid("acc")];
    let acc = actor("acc", DocRole::Editor);
    assert_eq!(
        may_write_field(&acc, &d, "revision_comments", false),
        Ok(())
    );
}

#[test]
fn a_non_acceptor_may_not_write_revision_comments() {
    let mut d = doc("deliverable-acceptance", "in_acceptance");
    d.parties = vec![pid("acc")];
    let refused = may_write_field(
        &actor("ini", DocRole::Owner),
        &d,
        "revision_comments",
        false,
    );
    assert!(
        matches!(refused, Err(Refusal::FieldNotWritable { rule, .. }) if rule == "only a reviewer")
    );
}

#[test]
fn state_bound_fields_are_refused_outside_their_states() {
    let mut d = doc("deliverable-acceptance", "draft");
    d.parties = vec![pid("acc")];
    let refused = may_write_field(
        &actor("acc", DocRole::Editor),
        &d,
        "revision_comments",
        false,
    );
    assert!(
        matches!(refused, Err(Refusal::FieldNotWritable { rule, .. }) if rule == "only in state in_acceptance")
    );
}

#[test]
fn a_state_bound_table_is_written_in_its_state_only() {
    let ed = actor("ed", DocRole::Editor);
    let active = doc("emergency-response", "active");
    assert_eq!(
        may_write_cell(&ed, &active, "log", "status", true, None),
        Ok(())
    );
    let prepared = doc("emergency-response", "prepared");
    assert!(matches!(
        may_write_cell(&ed, &prepared, "log", "status", true, None),
        Err(Refusal::FieldNotWritable { .. })
    ));
}

// Transitions

#[test]
fn every_involved_head_signs_before_approval() {
    let mut d = doc("requirement-approval", "in_review");
    d.departments = vec![dept("sales"), dept("ops")];
    let first = may_transition(&head("sam", "sales"), &d, &Attempt::new("sign")).unwrap();
    let Step::Signs {
        signoff,
        outstanding,
    } = first
    else {
        panic!("one signature of two should not approve: {first:?}");
    };
    assert_eq!(
        (signoff.departments.clone(), outstanding),
        (vec![dept("sales")], 1)
    );
    let signed = [signoff];
    let attempt = Attempt {
        signed: &signed,
        ..Attempt::new("sign")
    };
    assert_eq!(
        may_transition(&head("oli", "ops"), &d, &attempt),
        Ok(Step::Moves { to: "approved" })
    );
    assert_eq!(
        may_transition(&head("sam", "sales"), &d, &attempt),
        Err(Refusal::AlreadySigned { by: pid("sam") })
    );
}

#[test]
fn a_head_of_an_uninvolved_department_may_not_sign() {
    let mut d = doc("requirement-approval", "in_review");
    d.departments = vec![dept("sales")];
    let refused = may_transition(&head("hal", "hr"), &d, &Attempt::new("sign"));
    assert!(
        matches!(refused, Err(Refusal::TransitionNotAllowed { from, to, .. }) if from == "in_review" && to == "approved")
    );
}

#[test]
fn every_acceptor_signs_or_one_fails_it_with_comments() {
    let mut d = doc("deliverable-acceptance", "in_acceptance");
    d.parties = vec![pid("a"), pid("b")];
    let a = actor("a", DocRole::Editor);
    assert!(matches!(
        may_transition(&a, &d, &Attempt::new("sign")),
        Ok(Step::Signs { outstanding: 1, .. })
    ));
    assert_eq!(
        may_transition(&a, &d, &Attempt::new("fail")),
        Err(Refusal::ReasonRequired {
            transition: "fail".into()
        })
    );
    let with_comments = Attempt {
        reason: Some("the export is missing"),
        ..Attempt::new("fail")
    };
    assert_eq!(
        may_transition(&a, &d, &with_comments),
        Ok(Step::Moves { to: "revision" })
    );
}

#[test]
fn steps_start_only_from_their_state() {
    let d = doc("requirement-approval", "draft");
    let refused = may_transition(
        &actor("ini", DocRole::Owner),
        &d,
        &Attempt::new("major_change"),
    );
    assert!(
        matches!(refused, Err(Refusal::TransitionNotAllowed { from, to, .. }) if from == "draft" && to == "draft")
    );
    let unknown = may_transition(&actor("ini", DocRole::Owner), &d, &Attempt::new("teleport"));
    assert!(matches!(unknown, Err(Refusal::UnknownTransition { .. })));
}

#[test]
fn only_the_row_owner_confirms_a_row() {
    let d = doc("task-tracker", "active");
    let ann = pid("ann");
    let attempt = Attempt {
        row_owner: Some(&ann),
        ..Attempt::new("confirm_row")
    };
    assert_eq!(
        may_transition(&actor("ann", DocRole::Editor), &d, &attempt),
        Ok(Step::Moves { to: "active" })
    );
    assert!(may_transition(&actor("own", DocRole::Owner), &d, &attempt).is_err());
}

#[test]
fn access_comes_from_the_acl_through_actor_on() {
    let mut acl = Acl::default();
    acl.people.insert(pid("ann"), DocRole::Editor);
    let d = doc("task-tracker", "active");
    let ann = Actor::on(
        Person::staff(pid("ann"), vec![]),
        &acl,
        Classification::Confidential,
    );
    assert_eq!(may_write_field(&ann, &d, "notes", false), Ok(()));
    let bob = Actor::on(
        Person::staff(pid("bob"), vec![]),
        &acl,
        Classification::Confidential,
    );
    assert_eq!(
        may_write_field(&bob, &d, "notes", false),
        Err(Refusal::NoAccess)
    );
}

// Deleting rows

#[test]
fn a_row_owner_or_document_owner_deletes_an_owned_row() {
    let d = doc("task-tracker", "active");
    let ann = pid("ann");
    assert_eq!(
        may_delete_row(&actor("ann", DocRole::Editor), &d, "tasks", Some(&ann)),
        Ok(())
    );
    assert_eq!(
        may_delete_row(&actor("own", DocRole::Owner), &d, "tasks", Some(&ann)),
        Ok(())
    );
    let log = doc("project-communication-log", "active");
    assert_eq!(
        may_delete_row(&actor("bob", DocRole::Editor), &log, "records", Some(&ann)),
        Ok(())
    );
}

#[test]
fn another_editor_may_not_delete_an_owned_row_nor_a_log_entry_after_the_fact() {
    let d = doc("task-tracker", "active");
    let ann = pid("ann");
    assert_eq!(
        may_delete_row(&actor("bob", DocRole::Editor), &d, "tasks", Some(&ann)),
        Err(Refusal::NotRowOwner {
            row_owner: "ann".into()
        })
    );
    let resolved = doc("emergency-response", "resolved");
    assert!(may_delete_row(&actor("own", DocRole::Owner), &resolved, "log", None).is_err());
    let closed = doc("task-tracker", "closed");
    assert!(matches!(
        may_delete_row(&actor("ann", DocRole::Editor), &closed, "tasks", Some(&ann)),
        Err(Refusal::StateReadOnly { .. })
    ));
}

// Task steps (`may_take_task_step`): who may take each step of a task.

fn task(owner: &str, initiator: Option<&str>, status: &str) -> TaskRow {
    TaskRow {
        owner: Some(pid(owner)),
        initiator: initiator.map(pid),
        status: Some(status.into()),
        ..TaskRow::default()
    }
}

#[test]
fn the_owner_submits_and_the_initiator_reviews() {
    let d = doc("task-tracker", "active");
    let (ann, cy) = (actor("ann", DocRole::Editor), actor("cy", DocRole::Editor));
    let working = task("ann", Some("cy"), "in_progress");
    let submit = TaskStep::SubmitForReview;
    assert_eq!(may_take_task_step(&ann, &d, &working, submit), Ok(()));
    assert!(may_take_task_step(&cy, &d, &working, submit).is_err());
    let cy_owns_the_document = actor("cy", DocRole::Owner);
    assert!(may_take_task_step(&cy_owns_the_document, &d, &working, submit).is_err());
    let review = task("ann", Some("cy"), "in_review");
    for step in [TaskStep::ApproveReview, TaskStep::ReturnReview] {
        assert_eq!(may_take_task_step(&cy, &d, &review, step), Ok(()));
        assert!(may_take_task_step(&ann, &d, &review, step).is_err());
        // Nor the document's initiator or owner, who did not ask for it.
        assert!(may_take_task_step(&actor("ini", DocRole::Owner), &d, &review, step).is_err());
        assert!(may_take_task_step(&cy, &d, &working, step).is_err());
    }
    // One's own task needs nobody's review; a viewer takes no step.
    let own = task("ann", Some("ann"), "in_progress");
    assert!(may_take_task_step(&ann, &d, &own, submit).is_err());
    let viewer = actor("ann", DocRole::Viewer);
    assert_eq!(
        may_take_task_step(&viewer, &d, &working, submit),
        Err(Refusal::ViewerCannotEdit)
    );
}

#[test]
fn the_owner_asks_for_a_deadline_and_the_initiator_answers() {
    let d = doc("task-tracker", "active");
    let (ann, cy) = (actor("ann", DocRole::Editor), actor("cy", DocRole::Editor));
    let mut row = task("ann", Some("cy"), "in_progress");
    let ask = TaskStep::AskDeadline;
    assert_eq!(may_take_task_step(&ann, &d, &row, ask), Ok(()));
    assert!(may_take_task_step(&cy, &d, &row, ask).is_err());
    assert!(may_take_task_step(&cy, &d, &row, TaskStep::ApproveDeadline).is_err());
    row.requested_deadline = Some("2026-12-24".into());
    for step in [TaskStep::ApproveDeadline, TaskStep::RefuseDeadline] {
        assert_eq!(may_take_task_step(&cy, &d, &row, step), Ok(()));
        assert!(may_take_task_step(&ann, &d, &row, step).is_err());
    }
    row.deadline_decision = Some("refused".into());
    assert!(may_take_task_step(&cy, &d, &row, TaskStep::ApproveDeadline).is_err());
    // An older row without an initiator: the document's initiator answers.
    let mut old = task("ann", None, "in_progress");
    old.requested_deadline = Some("2026-12-24".into());
    let ini = actor("ini", DocRole::Editor);
    assert_eq!(
        may_take_task_step(&ini, &d, &old, TaskStep::ApproveDeadline),
        Ok(())
    );
    let closed = doc("task-tracker", "closed");
    assert!(may_take_task_step(&ann, &closed, &row, ask).is_err());
}
