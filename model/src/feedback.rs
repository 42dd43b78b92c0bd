//! After a passed acceptance, each collaborator gets their own 沟通反馈表
//! (SPEC): a form linked to the acceptance, naming them as its respondent
//! and shared with them to fill in. One form per person, so no partner reads
//! another's ratings.

use crate::{
    access::{DocRole, PersonId},
    document::{ConcordDoc, DocResult, Value},
};

/// The template whose passing offers feedback forms.
pub const ACCEPTANCE_TEMPLATE: &str = "deliverable-acceptance";
/// The feedback form's template.
pub const FEEDBACK_TEMPLATE: &str = "collaboration-feedback";
const PASSED: &str = "accepted";

/// Whom `sender` asks for feedback on a passed acceptance: the deliverer and
/// every acceptor, less the sender. Empty while the acceptance has not
/// passed, or for anyone but its initiator (who sends the forms).
pub fn collaborators(acceptance: &ConcordDoc, sender: &PersonId) -> DocResult<Vec<PersonId>> {
    let meta = acceptance.meta()?;
    if meta.template_id != ACCEPTANCE_TEMPLATE
        || meta.status != PASSED
        || &meta.created_by != sender
    {
        return Ok(Vec::new());
    }
    let mut named: Vec<String> = Vec::new();
    if let Some(Value::Person(p)) = acceptance.field("delivered_by")? {
        named.push(p);
    }
    if let Some(Value::People(ps)) = acceptance.field("acceptors")? {
        named.extend(ps);
    }
    let mut people: Vec<PersonId> = named
        .iter()
        .filter_map(|p| p.parse().ok())
        .filter(|p| p != sender)
        .collect();
    people.sort();
    people.dedup();
    Ok(people)
}

/// Which acceptance a feedback form answers and who fills it in, if it is
/// one.
pub fn feedback_of(form: &ConcordDoc) -> Option<(String, PersonId)> {
    if form.template().id.0 != FEEDBACK_TEMPLATE {
        return None;
    }
    let Ok(Some(Value::Link { doc, .. })) = form.field("acceptance") else {
        return None;
    };
    let Ok(Some(Value::Person(p))) = form.field("respondent") else {
        return None;
    };
    Some((doc, p.parse().ok()?))
}

/// Fills a new feedback form for `respondent` about the acceptance
/// `acceptance_id` of `project`, and lets them edit it.
pub fn fill_feedback_form(
    form: &mut ConcordDoc,
    acceptance_id: &str,
    project: &str,
    respondent: &PersonId,
) -> DocResult<()> {
    form.set_field("project", Value::Text(project.into()))?;
    form.set_field(
        "acceptance",
        Value::Link {
            doc: acceptance_id.into(),
            row: None,
        },
    )?;
    form.set_field("respondent", Value::Person(respondent.to_string()))?;
    form.set_member_role(respondent, DocRole::Editor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        access::Person,
        calendar::{Offset, Today, WorkingDays},
        document::ActorId,
        library::find_template,
        rules::{Permissions, check_change},
    };

    fn pid(s: &str) -> PersonId {
        s.parse().unwrap()
    }

    fn create(template: &str, by: &str) -> ConcordDoc {
        let t = find_template(template).unwrap();
        ConcordDoc::create(t, "验收", &pid(by), 1, ActorId::from(vec![1; 16])).unwrap()
    }

    #[test]
    fn a_passed_acceptance_asks_the_deliverer_and_acceptors_but_not_the_sender() {
        let mut acceptance = create(ACCEPTANCE_TEMPLATE, "alice");
        acceptance
            .set_field("delivered_by", Value::Person("dan".into()))
            .unwrap();
        acceptance
            .set_field(
                "acceptors",
                Value::People(vec!["bob".into(), "alice".into(), "carol".into()]),
            )
            .unwrap();
        assert!(
            collaborators(&acceptance, &pid("alice"))
                .unwrap()
                .is_empty()
        );
        acceptance.set_status(PASSED).unwrap();
        assert_eq!(
            collaborators(&acceptance, &pid("alice")).unwrap(),
            vec![pid("bob"), pid("carol"), pid("dan")]
        );
        // Only its initiator sends them.
        assert!(collaborators(&acceptance, &pid("bob")).unwrap().is_empty());
        // Other templates never ask.
        let mut notice = create("internal-notice", "alice");
        notice.set_status("published").unwrap();
        assert!(collaborators(&notice, &pid("alice")).unwrap().is_empty());
    }

    #[test]
    fn a_filled_form_names_its_acceptance_and_respondent_who_may_submit_it() {
        let mut form = create(FEEDBACK_TEMPLATE, "alice");
        form.commit(1, None);
        let before = form.heads();
        fill_feedback_form(&mut form, "acc1", "报表导出 V2", &pid("bob")).unwrap();
        form.commit(2, None);
        assert_eq!(feedback_of(&form), Some(("acc1".into(), pid("bob"))));
        assert_eq!(
            form.member_role(&pid("bob")).unwrap(),
            Some(DocRole::Editor)
        );
        assert_eq!(feedback_of(&create(ACCEPTANCE_TEMPLATE, "alice")), None);
        // The sender's batch passes the rules.
        let after = form.heads();
        let alice = Person::staff(pid("alice"), vec![]);
        let today = Today::at(0, &Offset::CHINA, WorkingDays::new()).unwrap();
        check_change(&before, &after, &mut form, &alice, &today).expect("the sender fills it");
        // The respondent rates and submits it.
        let bob = Person::staff(pid("bob"), vec![]);
        form.set_field("process_rating", Value::Rating(4)).unwrap();
        form.set_field("communication_rating", Value::Rating(5))
            .unwrap();
        let permissions = Permissions::of(&form, &bob).unwrap();
        let submit = permissions.steps();
        assert_eq!(submit.iter().map(|t| t.id).collect::<Vec<_>>(), ["submit"]);
        assert!(permissions.due_before(&form, submit[0]).is_empty());
    }
}
