use super::{
    check_flow::signatures,
    facts::Facts,
    schema::{self, FieldContext},
    violation::Violation,
};
use crate::{
    access::{Actor, DocRole, Person, PersonId, Refusal},
    calendar::Today,
    custom_field::CustomField,
    document::{ConcordDoc, RowId, custom_fields_at},
    workflow::{
        Attempt, Step, Transition, may_delete_row, may_hand_over_row, may_order_rows, may_rename,
        may_transition, may_write_cell, may_write_custom, may_write_field,
    },
};

/// A required field or cell still empty, where a move of the document's
/// status makes it due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    Field(String),
    Cell {
        table: String,
        row: RowId,
        field: String,
    },
}

/// What one person may do in a document as it is now, from the very rules
/// `check_change` enforces, so the app offers only what the relay accepts.
#[derive(Debug, Clone)]
pub struct Permissions {
    actor: Actor,
    pub(super) facts: Facts,
    /// Approvals given so far on each step leaving the current state.
    signed: Vec<(&'static str, Vec<crate::workflow::Signoff>)>,
    custom: Vec<CustomField>,
}

impl Permissions {
    /// The person's permissions; a document too broken to read its state,
    /// template or people answers the violation instead.
    pub fn of(doc: &ConcordDoc, person: &Person) -> Result<Self, Violation> {
        let at = doc.at_now();
        let facts = Facts::read(at)?;
        let signed = facts
            .doc
            .template
            .workflow
            .from(&facts.doc.state)
            .map(|t| (t.id, signatures(at, t.id, facts.round)))
            .collect();
        Ok(Self {
            custom: custom_fields_at(at, facts.doc.template),
            actor: facts.actor(person),
            facts,
            signed,
        })
    }

    /// The signatures given so far, this round, on a step out of the state.
    pub(super) fn signed_on(&self, transition: &str) -> &[crate::workflow::Signoff] {
        self.signed
            .iter()
            .find(|(t, _)| *t == transition)
            .map_or(&[][..], |(_, s)| s.as_slice())
    }

    pub fn role(&self) -> Option<DocRole> {
        self.actor.role
    }

    pub fn may_edit_field(&self, field: &str) -> Result<(), Refusal> {
        if self.is_custom(None, field) {
            return may_write_custom(&self.actor, self.facts.doc(), None, field, false, None);
        }
        may_write_field(&self.actor, self.facts.doc(), field, false)
    }

    fn is_custom(&self, table: Option<&str>, field: &str) -> bool {
        self.custom
            .iter()
            .any(|c| c.id == field && c.table.as_deref() == table)
    }

    pub fn may_edit_cell(
        &self,
        table: &str,
        field: &str,
        row_owner: Option<&PersonId>,
    ) -> Result<(), Refusal> {
        if self.is_custom(Some(table), field) {
            let doc = self.facts.doc();
            return may_write_custom(&self.actor, doc, Some(table), field, false, row_owner);
        }
        self.not_a_step_cell(table, field)?;
        may_write_cell(
            &self.actor,
            self.facts.doc(),
            table,
            field,
            false,
            row_owner,
        )
    }

    /// `may_edit_cell`, knowing the row's initiator (a task's deadline is
    /// theirs to change).
    pub fn may_edit_row_cell(
        &self,
        table: &str,
        field: &str,
        row: &crate::workflow::RowPeople<'_>,
    ) -> Result<(), Refusal> {
        if self.is_custom(Some(table), field) {
            return self.may_edit_cell(table, field, row.owner);
        }
        self.not_a_step_cell(table, field)?;
        let doc = self.facts.doc();
        crate::workflow::may_write_row_cell(&self.actor, doc, table, field, false, row)
    }

    /// A task's decisions and requests are written by its steps
    /// (`may_take_task_step`), whose judge wants the whole step; the cell
    /// alone is no edit the relay would take.
    fn not_a_step_cell(&self, table: &str, field: &str) -> Result<(), Refusal> {
        let template = self.facts.doc().template.id.0;
        if crate::workflow::is_task_step_cell(template, table, field) {
            return Err(Refusal::FieldNotWritable {
                field: format!("{table}.{field}"),
                rule: crate::workflow::Writer::TaskStep.describe(),
            });
        }
        Ok(())
    }

    /// May I take this step of a task (submit, review, ask for a new
    /// deadline, answer)?
    pub fn may_take_task_step(
        &self,
        row: &crate::workflow::TaskRow,
        step: crate::workflow::TaskStep,
    ) -> Result<(), Refusal> {
        crate::workflow::may_take_task_step(&self.actor, self.facts.doc(), row, step)
    }

    /// May I move this row to status `to` (a card across a board), and how
    /// is the move written? The cell's write rule first; in a table that
    /// runs task steps, the judge of the row before and after, as the relay
    /// will judge it.
    pub fn may_move_status(
        &self,
        doc: &ConcordDoc,
        table: &str,
        row: &RowId,
        field: &str,
        to: &str,
    ) -> Result<crate::document::StatusMove, Refusal> {
        let unreadable = |_| Refusal::FieldNotWritable {
            field: format!("{table}.{field}"),
            rule: "the row cannot be read".into(),
        };
        let owner = doc.row_owner(table, row).map_err(unreadable)?;
        if !crate::workflow::runs_task_steps(self.facts.doc().template.id.0, table) {
            self.may_edit_cell(table, field, owner.as_ref())?;
            return Ok(crate::document::StatusMove::new(field, None, to));
        }
        let before = doc.task_row(table, row).map_err(unreadable)?;
        let people = crate::workflow::RowPeople {
            owner: owner.as_ref(),
            initiator: before.initiator.as_ref(),
        };
        self.may_edit_row_cell(table, field, &people)?;
        let motion = crate::document::StatusMove::new(field, Some(&before), to);
        let after = motion.applied_to(&before);
        crate::workflow::judge_task_row(&self.actor, self.facts.doc(), Some(&before), &after)?;
        Ok(motion)
    }

    /// Adding and moving rows.
    pub fn may_order_rows(&self, table: &str) -> Result<(), Refusal> {
        may_order_rows(&self.actor, self.facts.doc(), table)
    }

    pub fn may_delete_row(&self, table: &str, row_owner: Option<&PersonId>) -> Result<(), Refusal> {
        may_delete_row(&self.actor, self.facts.doc(), table, row_owner)
    }

    /// The involved departments whose head has not signed yet, where every
    /// head must sign the step out of the current state (the app shows
    /// who has signed and who has not).
    pub fn departments_to_sign(&self) -> Vec<crate::access::DeptId> {
        let workflow = &self.facts.doc.template.workflow;
        let Some(step) = workflow
            .from(&self.facts.doc.state)
            .find(|t| t.who == crate::workflow::Who::HeadOfEveryDepartment)
        else {
            return Vec::new();
        };
        let signed = self
            .signed
            .iter()
            .find(|(t, _)| *t == step.id)
            .map_or(&[][..], |(_, s)| s.as_slice());
        self.facts
            .doc
            .departments
            .iter()
            .filter(|d| !signed.iter().any(|s| s.departments.contains(d)))
            .cloned()
            .collect()
    }

    /// Whether this person may change who has access (the acl and the
    /// classification).
    pub fn may_change_acl(&self) -> Result<(), Refusal> {
        crate::access::may_change_acl(&self.actor)
    }

    /// Whether `field` takes only departments this person belongs to (the
    /// picker offers those; the relay refuses another).
    pub fn names_own_departments_only(&self, field: &str) -> bool {
        crate::workflow::own_departments_only(self.facts.doc.template.workflow.write_rules, field)
    }

    /// Naming a version by hand: editors may, except where the workflow
    /// names its versions as it freezes them (`State::freezes_version`).
    pub fn may_name_version(&self) -> Result<(), Refusal> {
        self.may_restore_version()?;
        let workflow = &self.facts.doc.template.workflow;
        match workflow.states.iter().find(|s| s.freezes_version) {
            Some(state) => Err(Refusal::VersionNotFrozen {
                state: state.id.into(),
                name: String::new(),
            }),
            None => Ok(()),
        }
    }

    /// Restoring a version writes its values back: editors may, while the
    /// document is not archived (the cells and fields it writes are then
    /// judged one by one, as any edit).
    pub fn may_restore_version(&self) -> Result<(), Refusal> {
        self.may_attach_files()
    }

    /// Giving the relay a file for the document: editors may, while it is
    /// not archived (the reference naming it is judged as any edit, and
    /// readers get only the files the document names).
    pub fn may_attach_files(&self) -> Result<(), Refusal> {
        if !self.actor.role.is_some_and(DocRole::may_edit) {
            return Err(Refusal::ViewerCannotEdit);
        }
        if self.facts.doc.state == crate::workflow::ARCHIVED {
            return Err(Refusal::ArchivedReadOnly);
        }
        Ok(())
    }

    /// May I add, rename, reorder or remove this document's custom fields?
    pub fn may_manage_fields(&self) -> Result<(), Refusal> {
        crate::workflow::may_manage_fields(&self.actor, self.facts.doc())
    }

    pub fn may_rename(&self) -> Result<(), Refusal> {
        may_rename(&self.actor, self.facts.doc())
    }

    pub fn may_hand_over_row(&self, table: &str, row: &str) -> Result<(), Refusal> {
        may_hand_over_row(&self.actor, self.facts.doc(), table, row)
    }

    /// Whether a new row must bring its required cells in the same change:
    /// once the document has left its first state, required cells are due.
    pub fn new_rows_need_required_cells(&self) -> bool {
        !self.facts.is_initial()
    }

    /// What must be filled in before a step may move the document out of
    /// its first state: a move makes every required field and cell due,
    /// and the relay refuses one while any is empty (`check_change`), so
    /// the app asks for them instead of offering a move that would be
    /// refused. Empty for a step back into the first state. Reads every
    /// row: asked when a step is taken, not at every change.
    pub fn due_before(&self, doc: &ConcordDoc, step: &Transition) -> Vec<Due> {
        // What the step itself fills (`Transition::fills`), then what it
        // makes due.
        let mut due: Vec<Due> = step
            .fills
            .iter()
            .filter(|f| doc.field(f).ok().flatten().is_none_or(|v| v.is_blank()))
            .map(|f| Due::Field((*f).to_owned()))
            .collect();
        let workflow = &self.facts.doc.template.workflow;
        if step.to == workflow.initial {
            return due;
        }
        // Leaving the draft of a document that publishes: its recipients.
        if let Some(recipients) = workflow.recipients()
            && step.from == workflow.initial
            && self.facts.audience.is_empty()
        {
            due.push(Due::Field(recipients.departments_field.to_owned()));
        }
        let ctx = FieldContext {
            template: self.facts.doc.template,
            custom: &self.custom,
            past_initial: true,
        };
        let mut found = Vec::new();
        let at = doc.at_now();
        schema::check_fields(at, &ctx, &mut found);
        schema::check_tables(at, &ctx, &mut found);
        let made_due = found.into_iter().filter_map(|violation| match violation {
            Violation::RequiredMissing { path } => due_at(&path),
            _ => None,
        });
        for d in made_due {
            if !due.contains(&d) {
                due.push(d);
            }
        }
        due
    }

    /// Whether the date `step` sets (a failed acceptance's re-acceptance
    /// date) is filled in and in range on `today`, as the relay will judge
    /// it: the app says what to fix instead of sending a refused step.
    pub fn date_for(
        &self,
        doc: &ConcordDoc,
        step: &Transition,
        today: &Today,
    ) -> Result<(), Refusal> {
        let Some(limit) = step.sets_date else {
            return Ok(());
        };
        let day = match doc.field(limit.field) {
            Ok(Some(crate::document::Value::Date(text))) => text.parse().ok(),
            _ => None,
        };
        super::check_dates::date_within(today, limit, day)
    }

    /// Whether writing `day` into date `field` now is within the limit the
    /// relay holds it to (`Workflow::date_limit`): the field says so before
    /// anything is sent. A field with no limit here takes any date.
    pub fn may_write_date(
        &self,
        field: &str,
        day: crate::calendar::Day,
        today: &Today,
    ) -> Result<(), Refusal> {
        let doc = self.facts.doc();
        match doc.template.workflow.date_limit(&doc.state, field) {
            Some(limit) => super::check_dates::date_within(today, limit, Some(day)),
            None => Ok(()),
        }
    }

    /// Taking a step now, with the signatures the document holds.
    pub fn may_take(
        &self,
        transition: &str,
        reason: Option<&str>,
        row_owner: Option<&PersonId>,
    ) -> Result<Step, Refusal> {
        let signed = self.signed_on(transition);
        let attempt = Attempt {
            transition,
            signed,
            reason,
            row_owner,
        };
        may_transition(&self.actor, self.facts.doc(), &attempt)
    }

    /// The direct superior a move to `to` must record with it: the one the
    /// directory gives the initiator now, when they submit to them.
    pub fn superior_to_record(&self, to: &str) -> Option<&PersonId> {
        let doc = self.facts.doc();
        let submits =
            doc.template.workflow.superior_acts_in(to) && self.actor.id() == &doc.initiator;
        submits
            .then_some(self.actor.person.superior.as_ref())
            .flatten()
    }

    /// Whether a step of this person's waits only for the directory to
    /// record their direct superior (the app says so instead of a button).
    pub fn awaits_superior(&self) -> bool {
        self.facts
            .doc
            .template
            .workflow
            .from(&self.facts.doc.state)
            .any(|t| self.may_take(t.id, Some("-"), None) == Err(Refusal::SuperiorNotRecorded))
    }

    /// The steps out of the current state this person may take (a step that
    /// needs a reason is listed; the app asks for the reason). Steps a row's
    /// owner takes are per row: ask `may_take` with the row's owner.
    pub fn steps(&self) -> Vec<&'static Transition> {
        self.facts
            .doc
            .template
            .workflow
            .from(&self.facts.doc.state)
            .filter(|t| self.may_take(t.id, Some("-"), None).is_ok())
            .collect()
    }
}

/// The field or cell a required-missing path names (`fields.<id>`,
/// `tables.<table>.<row>.cells.<field>`, as the schema writes them).
fn due_at(path: &str) -> Option<Due> {
    if let Some(field) = path.strip_prefix("fields.") {
        return Some(Due::Field(field.to_owned()));
    }
    let rest = path.strip_prefix("tables.")?;
    let (table, rest) = rest.split_once('.')?;
    let (row, field) = rest.split_once(".cells.")?;
    Some(Due::Cell {
        table: table.to_owned(),
        row: RowId(row.to_owned()),
        field: field.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        document::tests::TestRng,
        rules::tests::{NOW, actor, alice as requester, by, pid, shared, staff},
    };

    #[test]
    fn a_submission_waits_for_the_directory_to_name_a_superior() {
        let doc = shared("requirement-approval");
        let unrecorded = Permissions::of(&doc, &staff("alice")).unwrap();
        assert!(unrecorded.steps().is_empty());
        assert!(unrecorded.awaits_superior());
        let recorded = Permissions::of(&doc, &requester()).unwrap();
        assert!(!recorded.awaits_superior());
        assert_eq!(recorded.superior_to_record("submitted"), Some(&pid("boss")));
        assert_eq!(recorded.superior_to_record("draft"), None);
        assert_eq!(
            unrecorded.may_take("submit", None, None),
            Err(Refusal::SuperiorNotRecorded)
        );
    }

    #[test]
    fn the_app_sees_what_the_relay_will_accept() {
        let doc = shared("requirement-approval");
        let alice = Permissions::of(&doc, &requester()).unwrap();
        assert_eq!(alice.role(), Some(DocRole::Owner));
        assert_eq!(alice.may_edit_field("goal"), Ok(()));
        let steps: Vec<_> = alice.steps().iter().map(|t| t.id).collect();
        assert_eq!(steps, ["submit"]);
        assert_eq!(alice.may_change_acl(), Ok(()));
        let bob = Permissions::of(&doc, &staff("bob")).unwrap();
        assert_eq!(bob.may_change_acl(), Err(Refusal::AclChangeNeedsOwner));
        assert!(bob.steps().is_empty());
        assert!(bob.may_take("submit", None, None).is_err());
        let vic = Permissions::of(&doc, &staff("vic")).unwrap();
        assert_eq!(vic.may_edit_field("goal"), Err(Refusal::ViewerCannotEdit));
        assert_eq!(
            vic.may_delete_row("action_items", Some(&pid("vic"))),
            Err(Refusal::ViewerCannotEdit)
        );
        assert_eq!(bob.may_order_rows("action_items"), Ok(()));
    }

    #[test]
    fn renaming_is_answered_as_the_relay_judges_it() {
        let mut doc = shared("requirement-approval");
        for who in ["alice", "bob", "vic"] {
            let asked = Permissions::of(&doc, &staff(who)).unwrap().may_rename();
            let judged = by(&mut doc.fork(actor(9)), &staff(who), |d| {
                d.set_title("Q3 plan").unwrap()
            });
            assert_eq!(asked, judged, "{who} in draft");
        }
        assert_eq!(
            Permissions::of(&doc, &staff("vic")).unwrap().may_rename(),
            Err(Refusal::ViewerCannotEdit)
        );
        doc.set_status("submitted").unwrap();
        doc.commit(NOW, None);
        let asked = Permissions::of(&doc, &staff("bob")).unwrap().may_rename();
        assert_eq!(
            asked,
            Err(Refusal::StateReadOnly {
                state: "submitted".into()
            })
        );
        let judged = by(&mut doc, &staff("bob"), |d| d.set_title("Q4").unwrap());
        assert_eq!(asked, judged);
    }

    #[test]
    fn handing_over_a_row_and_new_rows_are_answered_as_the_relay_judges_them() {
        let mut doc = shared("task-tracker");
        let row = doc.add_row("tasks", None, &mut TestRng(1)).unwrap();
        doc.set_row_owner("tasks", &row, Some(&pid("bob"))).unwrap();
        doc.commit(NOW, None);
        for who in ["alice", "bob", "vic"] {
            let asked = Permissions::of(&doc, &staff(who))
                .unwrap()
                .may_hand_over_row("tasks", &row.0);
            let judged = by(&mut doc.fork(actor(9)), &staff(who), |d| {
                d.set_row_owner("tasks", &row, Some(&pid("carol"))).unwrap()
            });
            assert_eq!(asked, judged, "{who} hands the row over");
        }
        let alice = Permissions::of(&doc, &requester()).unwrap();
        assert!(!alice.new_rows_need_required_cells(), "the first state");
        let mut approval = shared("requirement-approval");
        approval.set_status("submitted").unwrap();
        approval.commit(NOW, None);
        let alice = Permissions::of(&approval, &requester()).unwrap();
        assert!(alice.new_rows_need_required_cells(), "past the first state");
    }

    #[test]
    fn what_a_move_makes_due_is_asked_before_the_relay_refuses_it() {
        let mut doc = shared("task-tracker");
        let close = *doc.template().workflow.transition("close").unwrap();
        let reopen = *doc.template().workflow.transition("reopen").unwrap();
        let alice = Permissions::of(&doc, &requester()).unwrap();
        assert_eq!(
            alice.due_before(&doc, &close),
            [Due::Field("project".into())]
        );
        let judged = by(&mut doc.fork(actor(9)), &requester(), |d| {
            d.set_status("closed").unwrap()
        });
        assert!(judged.is_err(), "the relay refuses the move");

        doc.set_field("project", crate::Value::Text("Launch".into()))
            .unwrap();
        let row = doc.add_row("tasks", None, &mut TestRng(3)).unwrap();
        doc.set_row_owner("tasks", &row, Some(&pid("alice")))
            .unwrap();
        doc.set_cell("tasks", &row, "task", crate::Value::Text("Hall".into()))
            .unwrap();
        doc.commit(NOW, None);
        let alice = Permissions::of(&doc, &requester()).unwrap();
        let cells: Vec<String> = alice
            .due_before(&doc, &close)
            .into_iter()
            .map(|due| match due {
                Due::Cell { row: r, field, .. } if r == row => field,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(cells, ["owner", "deadline", "status"]);
        assert!(
            alice.due_before(&doc, &reopen).is_empty(),
            "back to the first state"
        );

        for (field, value) in [
            ("owner", crate::Value::Person("alice".into())),
            ("deadline", crate::Value::Date("2026-12-20".into())),
            ("status", crate::Value::Choice("done".into())),
        ] {
            doc.set_cell("tasks", &row, field, value).unwrap();
        }
        doc.commit(NOW, None);
        let alice = Permissions::of(&doc, &requester()).unwrap();
        assert!(alice.due_before(&doc, &close).is_empty());
        let judged = by(&mut doc.fork(actor(9)), &requester(), |d| {
            d.set_status("closed").unwrap()
        });
        assert_eq!(judged, Ok(()), "nothing due: the relay takes the move");
    }
}
