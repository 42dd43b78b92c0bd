use crate::{
    field::{ChoiceOption, FieldDef, FieldKind},
    locale::Localized as L,
    template::{TableDef, Template, TemplateId},
    workflow::{
        ARCHIVED_STATE, State, Transition as T, Who, Workflow, WriteRule as W, Writer, archive,
    },
};

/// The task centre's scale; medium is its default, so it must stay listed.
const PRIORITY: &[ChoiceOption] = &[
    ChoiceOption {
        id: "high",
        label: L::new("高", "High"),
    },
    ChoiceOption {
        id: "medium",
        label: L::new("中", "Medium"),
    },
    ChoiceOption {
        id: "low",
        label: L::new("低", "Low"),
    },
];

/// 需求审批表: what is asked for and by when, before the heads of every
/// department involved sign it.
pub(super) const REQUIREMENT_APPROVAL: Template = Template {
    id: TemplateId("requirement-approval"),
    version: 1,
    name: L::new("需求审批表", "Requirement approval"),
    summary: L::new(
        "写明需求背景、目标、资源与预算，经直属上级和各相关部门负责人审批后定稿。",
        "Background, goal, resources and budget of a requirement, approved by the direct superior and every department head involved.",
    ),
    fields: &[
        FieldDef::new("title", L::new("需求名称", "Requirement"), FieldKind::Text).required(),
        FieldDef::new(
            "background",
            L::new("需求背景", "Background"),
            FieldKind::LongText,
        )
        .required(),
        FieldDef::new("goal", L::new("需求目标", "Goal"), FieldKind::LongText).required(),
        FieldDef::new(
            "expected_date",
            L::new("期望完成日期", "Expected completion date"),
            FieldKind::Date,
        )
        .required(),
        // Required: the heads of these departments are the reviewers.
        FieldDef::new(
            "departments",
            L::new("涉及部门", "Departments involved"),
            FieldKind::Departments,
        )
        .required(),
        FieldDef::new(
            "people",
            L::new("相关人员", "People involved"),
            FieldKind::People,
        ),
        FieldDef::new(
            "resources",
            L::new("所需资源", "Resources requested"),
            FieldKind::LongText,
        ),
        FieldDef::new(
            "budget",
            L::new("预算金额", "Budget requested"),
            FieldKind::Money,
        ),
        FieldDef::new(
            "priority",
            L::new("优先级", "Priority"),
            FieldKind::SingleChoice(PRIORITY),
        )
        .required(),
    ],
    tables: &[TableDef {
        id: "action_items",
        label: L::new("行动项", "Action items"),
        columns: &["item", "department", "owner"],
        fields: &[
            FieldDef::new("item", L::new("事项", "Action"), FieldKind::Text).required(),
            FieldDef::new(
                "department",
                L::new("负责部门", "Department"),
                FieldKind::Department,
            )
            .required(),
            FieldDef::new("owner", L::new("负责人", "Owner"), FieldKind::Person).required(),
        ],
    }],
    workflow: FLOW,
};

/// SPEC: draft → direct superior → every involved head signs → approved, or
/// rejected with a reason; a major change after approval reopens it as a new
/// version (the caller names the version). Closed states freeze every field,
/// so heads sign exactly what the superior forwarded.
const FLOW: Workflow = Workflow {
    states: &[
        State::open("draft", L::new("草稿", "Draft")),
        // SPEC: the direct superior reviews within 2 working days.
        State::closed("submitted", L::new("待上级审核", "With direct superior"))
            .due_in_working_days(2),
        State::closed("in_review", L::new("部门会签中", "Department review")),
        State::closed("approved", L::new("已批准", "Approved")).freezing_version(),
        State::closed("rejected", L::new("已驳回", "Rejected")),
        ARCHIVED_STATE,
    ],
    initial: "draft",
    transitions: &[
        T::new(
            "submit",
            "draft",
            "submitted",
            L::new("提交审批", "Submit"),
            Who::Initiator,
        ),
        T::new(
            "forward",
            "submitted",
            "in_review",
            L::new("上级同意，转部门会签", "Forward to department heads"),
            Who::DirectSuperior,
        ),
        T::new(
            "reject",
            "submitted",
            "rejected",
            L::new("驳回", "Reject"),
            Who::DirectSuperior,
        )
        .with_reason(),
        T::new(
            "sign",
            "in_review",
            "approved",
            L::new("会签同意", "Sign"),
            Who::HeadOfEveryDepartment,
        ),
        T::new(
            "reject",
            "in_review",
            "rejected",
            L::new("驳回", "Reject"),
            Who::HeadOfADepartment,
        )
        .with_reason(),
        T::new(
            "revise",
            "rejected",
            "draft",
            L::new("修改后重新提交", "Revise"),
            Who::Initiator,
        ),
        T::new(
            "major_change",
            "approved",
            "draft",
            L::new("重大变更，重新审批", "Major change: new approval round"),
            Who::Initiator,
        )
        .with_reason(),
        archive("approved"),
        archive("rejected"),
    ],
    write_rules: &[
        // The reviewers come from this field: changing it after submission would pick one's own reviewers.
        W::field("departments", Writer::OnlyInStates(&["draft"])),
    ],
    departments_field: Some("departments"),
    parties_field: None,
};

#[cfg(test)]
mod tests {
    use super::REQUIREMENT_APPROVAL as RA;
    use crate::{
        access::{Actor, DeptId, DocRole, Person, PersonId},
        workflow::{Attempt, DocFacts, Step, may_transition, may_write_field},
    };

    fn pid(s: &str) -> PersonId {
        s.parse().unwrap()
    }

    #[test]
    fn a_requirement_goes_from_draft_through_superior_and_heads_to_approved() {
        let sales: DeptId = "sales".parse().unwrap();
        let initiator = Actor {
            person: Person::staff(pid("ini"), vec![sales.clone()]),
            role: Some(DocRole::Owner),
        };
        let boss = Actor {
            person: Person::staff(pid("boss"), vec![sales.clone()]),
            role: Some(DocRole::Viewer),
        };
        let head = Actor {
            person: Person::staff(pid("head"), vec![]).heading(sales.clone()),
            role: Some(DocRole::Viewer),
        };
        let mut doc = DocFacts::new(&RA, pid("ini"));
        let initiator = Actor {
            person: initiator.person.reporting_to(pid("boss")),
            ..initiator
        };
        doc.direct_superior = Some(pid("boss"));
        doc.departments = vec![sales];
        for (who, step, to) in [
            (&initiator, "submit", "submitted"),
            (&boss, "forward", "in_review"),
            (&head, "sign", "approved"),
        ] {
            assert_eq!(
                may_transition(who, &doc, &Attempt::new(step)),
                Ok(Step::Moves { to })
            );
            doc.state = to.into();
        }
        // Approved is frozen: a major change needs a reason and a new round.
        assert!(may_write_field(&initiator, &doc, "expected_date", false).is_err());
        let change = Attempt {
            reason: Some("deadline moved a month"),
            ..Attempt::new("major_change")
        };
        assert_eq!(
            may_transition(&initiator, &doc, &change),
            Ok(Step::Moves { to: "draft" })
        );
    }

    #[test]
    fn reviewers_are_fixed_once_submitted() {
        let owner = Actor {
            person: Person::staff(pid("ini"), vec![]),
            role: Some(DocRole::Owner),
        };
        let draft = DocFacts::new(&RA, pid("ini"));
        assert_eq!(
            may_write_field(&owner, &draft, "departments", false),
            Ok(())
        );
        let rejected = DocFacts::new(&RA, pid("ini")).in_state("rejected");
        assert!(may_write_field(&owner, &rejected, "departments", false).is_err());
    }
}
