use crate::{
    field::{ChoiceOption, FieldDef, FieldKind},
    locale::Localized as L,
    template::{TableDef, Template, TemplateId},
    workflow::{
        ARCHIVED_STATE, Recipients, State, Transition as T, Who, Workflow, WriteRule as W, Writer,
        archive,
    },
};

const URGENCY: &[ChoiceOption] = &[
    ChoiceOption {
        id: "urgent",
        label: L::new("紧急", "Urgent"),
    },
    ChoiceOption {
        id: "routine",
        label: L::new("常规", "Routine"),
    },
];

/// 内部通知: review, publishing and read receipts belong to its workflow.
pub(super) const INTERNAL_NOTICE: Template = Template {
    id: TemplateId("internal-notice"),
    // 2: `contact` is text ("李娜 分机 8021"), not a person. Both are stored
    // as a string, so a version-1 notice's contact id reads as that text.
    version: 2,
    name: L::new("内部通知", "Internal notice"),
    summary: L::new(
        "部门负责人审核后发布，每位接收人确认已读，2 小时内全员触达。",
        "Reviewed by the department head, then published; every recipient confirms reading, all within 2 hours.",
    ),
    fields: &[
        FieldDef::new("title", L::new("通知标题", "Title"), FieldKind::Text).required(),
        FieldDef::new(
            "issuing_department",
            L::new("发文部门", "Issued by"),
            FieldKind::Department,
        )
        .required(),
        FieldDef::new("date", L::new("发布日期", "Date"), FieldKind::Date).required(),
        // Either box or list may name the recipients, so neither is required alone.
        FieldDef::new(
            "everyone",
            L::new("全体员工", "Everyone"),
            FieldKind::Checkbox,
        ),
        FieldDef::new(
            "recipient_departments",
            L::new("接收部门", "Recipient departments"),
            FieldKind::Departments,
        ),
        FieldDef::new(
            "urgency",
            L::new("紧急程度", "Urgency"),
            FieldKind::SingleChoice(URGENCY),
        )
        .required(),
        FieldDef::new(
            "background",
            L::new("通知背景", "Background"),
            FieldKind::LongText,
        ),
        FieldDef::new(
            "requirements",
            L::new("工作要求", "Requirements"),
            FieldKind::LongText,
        ),
        FieldDef::new(
            "deadline",
            L::new("完成时限", "Deadline"),
            FieldKind::DateTime,
        ),
        FieldDef::new(
            "responsible",
            L::new("责任人", "Who must act"),
            FieldKind::People,
        ),
        FieldDef::new(
            "attachments",
            L::new("附件", "Attachments"),
            FieldKind::Attachment,
        ),
        // Text: a name with an extension or phone number, as notices give it.
        FieldDef::new("contact", L::new("联系人", "Contact"), FieldKind::Text),
    ],
    // A table so the items keep their numbers as people reorder and add them.
    tables: &[TableDef {
        id: "items",
        label: L::new("通知事项", "Items"),
        columns: &["content"],
        fields: &[
            FieldDef::new("content", L::new("事项内容", "Item"), FieldKind::LongText).required(),
        ],
    }],
    workflow: FLOW,
};

/// SPEC: draft → reviewed by the issuing department's head → published.
/// Read confirmations are not a state: they live in the document's `reads`.
const FLOW: Workflow = Workflow {
    states: &[
        State::open("draft", L::new("草稿", "Draft")),
        State::closed(
            "in_review",
            L::new("待部门负责人审核", "With department head"),
        ),
        State::closed("published", L::new("已发布", "Published")).publishing(Recipients {
            everyone_field: "everyone",
            departments_field: "recipient_departments",
        }),
        ARCHIVED_STATE,
    ],
    initial: "draft",
    transitions: &[
        T::new(
            "submit",
            "draft",
            "in_review",
            L::new("提交审核", "Submit"),
            Who::Initiator,
        ),
        T::new(
            "publish",
            "in_review",
            "published",
            L::new("审核通过并发布", "Approve and publish"),
            Who::HeadOfADepartment,
        )
        .asking_first(L::new(
            "发布后每位接收人都会收到并需确认已读，通知不能再修改。确定发布？",
            "Once published, every recipient gets it and is asked to confirm reading, and it can no longer change. Publish it?",
        )),
        T::new(
            "return",
            "in_review",
            "draft",
            L::new("退回修改", "Return for changes"),
            Who::HeadOfADepartment,
        )
        .with_reason(),
        archive("published"),
    ],
    write_rules: &[
        // The issuing department decides who reviews: the initiator names
        // one of their own, and it is fixed once submitted.
        W::field("issuing_department", Writer::InitiatorsOwnDepartment),
        W::field("issuing_department", Writer::OnlyInStates(&["draft"])),
    ],
    departments_field: Some("issuing_department"),
    parties_field: None,
};

#[cfg(test)]
mod tests {
    use super::INTERNAL_NOTICE;
    use crate::{
        access::{Actor, DeptId, DocRole, Person, PersonId, Refusal},
        workflow::{Attempt, DocFacts, Step, may_transition},
    };

    fn pid(s: &str) -> PersonId {
        s.parse().unwrap()
    }

    #[test]
    fn only_the_issuing_departments_head_publishes() {
        let hr: DeptId = "hr".parse().unwrap();
        let mut doc = DocFacts::new(&INTERNAL_NOTICE, pid("ini")).in_state("in_review");
        doc.departments = vec![hr.clone()];
        let hr_head = Actor {
            person: Person::staff(pid("hh"), vec![]).heading(hr),
            role: Some(DocRole::Viewer),
        };
        let ops_head = Actor {
            person: Person::staff(pid("oh"), vec![]).heading("ops".parse().unwrap()),
            role: Some(DocRole::Owner),
        };
        let publish = Attempt::new("publish");
        assert_eq!(
            may_transition(&hr_head, &doc, &publish),
            Ok(Step::Moves { to: "published" })
        );
        assert!(matches!(
            may_transition(&ops_head, &doc, &publish),
            Err(Refusal::TransitionNotAllowed { .. })
        ));
    }

    #[test]
    fn the_contact_is_a_name_with_a_number_not_a_person() {
        use crate::{ConcordDoc, DocError, Value};
        let mut doc = ConcordDoc::create(
            &INTERNAL_NOTICE,
            "停电通知",
            &pid("ini"),
            0,
            automerge::ActorId::random(),
        )
        .unwrap();
        let contact = Value::Text("李娜 分机 8021".into());
        doc.set_field("contact", contact.clone()).unwrap();
        assert_eq!(doc.field("contact").unwrap(), Some(contact));
        assert!(matches!(
            doc.set_field("contact", Value::Person("li.na".into())),
            Err(DocError::WrongKind { .. })
        ));
    }
}
