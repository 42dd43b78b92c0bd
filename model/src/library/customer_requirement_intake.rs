use crate::{
    field::{ChoiceOption, FieldDef, FieldKind},
    locale::Localized as L,
    template::{TableDef, Template, TemplateId},
    workflow::{
        ARCHIVED_STATE, State, Transition as T, Who, Workflow, WriteRule as W, Writer, archive,
    },
};

const REVIEW_OUTCOME: &[ChoiceOption] = &[
    ChoiceOption {
        id: "feasible",
        label: L::new("可行", "Feasible"),
    },
    ChoiceOption {
        id: "needs_changes",
        label: L::new("需调整", "Needs changes"),
    },
    ChoiceOption {
        id: "not_feasible_now",
        label: L::new("暂不可行", "Not feasible now"),
    },
];

const ACCEPTANCE: &[ChoiceOption] = &[
    ChoiceOption {
        id: "passed",
        label: L::new("通过", "Passed"),
    },
    ChoiceOption {
        id: "failed",
        label: L::new("未通过", "Failed"),
    },
];

/// 客户需求登记表: filled in over the requirement's life, so only what the
/// intake itself needs is required; review and acceptance come later.
pub(super) const CUSTOMER_REQUIREMENT_INTAKE: Template = Template {
    id: TemplateId("customer-requirement-intake"),
    version: 1,
    name: L::new("客户需求登记表", "Customer requirement intake"),
    summary: L::new(
        "登记客户需求，2 个工作日内给出评审结论，每周向客户同步进展，验收后评价满意度。",
        "A customer's requirement, reviewed within 2 working days, with weekly progress to the customer, acceptance and a satisfaction score.",
    ),
    fields: &[
        FieldDef::new("customer", L::new("客户名称", "Customer"), FieldKind::Text).required(),
        FieldDef::new(
            "requirement",
            L::new("需求描述", "Requirement"),
            FieldKind::LongText,
        )
        .required(),
        FieldDef::new(
            "wished_date",
            L::new("期望完成日期", "Wished-for date"),
            FieldKind::Date,
        ),
        FieldDef::new("owner", L::new("负责人", "Owner"), FieldKind::Person).required(),
        FieldDef::new(
            "reviewers",
            L::new("评审人", "Reviewers"),
            FieldKind::People,
        )
        .required(),
        FieldDef::new(
            "review_outcome",
            L::new("评审结论", "Review outcome"),
            FieldKind::SingleChoice(REVIEW_OUTCOME),
        ),
        FieldDef::new(
            "review_comments",
            L::new("评审意见", "Review comments"),
            FieldKind::LongText,
        ),
        FieldDef::new(
            "acceptance",
            L::new("验收结果", "Acceptance"),
            FieldKind::SingleChoice(ACCEPTANCE),
        ),
        FieldDef::new(
            "accepted_on",
            L::new("验收日期", "Accepted on"),
            FieldKind::Date,
        ),
        FieldDef::new(
            "satisfaction",
            L::new("客户满意度", "Satisfaction"),
            FieldKind::Rating { max: 5 },
        ),
    ],
    tables: &[TableDef {
        id: "progress",
        label: L::new("每周进展", "Weekly progress"),
        columns: &["date", "progress", "sent_to_customer"],
        fields: &[
            FieldDef::new("date", L::new("日期", "Date"), FieldKind::Date).required(),
            FieldDef::new(
                "progress",
                L::new("进展情况", "Progress"),
                FieldKind::LongText,
            )
            .required(),
            FieldDef::new(
                "sent_to_customer",
                L::new("已同步客户", "Sent to customer"),
                FieldKind::Checkbox,
            ),
        ],
    }],
    workflow: FLOW,
};

/// SPEC: received → internal review (feasible / needs changes / not feasible
/// now) within 2 working days → in progress with weekly updates the customer
/// reads → acceptance and a satisfaction score given by the customer. The
/// reviewers are the people the form names; the customer is a partner's
/// person the intake is shared with for editing: staff cannot accept for them.
const FLOW: Workflow = Workflow {
    states: &[
        State::open("received", L::new("已登记", "Received")),
        // SPEC: the internal review is answered within 2 working days.
        State::closed("in_review", L::new("内部评审中", "In review")).due_in_working_days(2),
        State::open("in_progress", L::new("处理中", "In progress")),
        State::closed("in_acceptance", L::new("客户验收中", "In acceptance")),
        State::closed("done", L::new("已完成", "Done")),
        State::closed("declined", L::new("暂不可行", "Declined")),
        ARCHIVED_STATE,
    ],
    initial: "received",
    transitions: &[
        T::new(
            "submit",
            "received",
            "in_review",
            L::new("提交评审", "Submit for review"),
            Who::AnyEditor,
        ),
        T::new(
            "accept",
            "in_review",
            "in_progress",
            L::new("评审：可行", "Review: feasible"),
            Who::Reviewer,
        )
        .recording("review_outcome", "feasible"),
        T::new(
            "needs_changes",
            "in_review",
            "received",
            L::new("评审：需调整", "Review: needs changes"),
            Who::Reviewer,
        )
        .with_reason()
        .recording("review_outcome", "needs_changes"),
        T::new(
            "decline",
            "in_review",
            "declined",
            L::new("评审：暂不可行", "Review: not feasible now"),
            Who::Reviewer,
        )
        .with_reason()
        .recording("review_outcome", "not_feasible_now"),
        T::new(
            "deliver",
            "in_progress",
            "in_acceptance",
            L::new("提交客户验收", "Deliver"),
            Who::AnyEditor,
        )
        .asking_first(L::new(
            "提交验收后，进展记录不能再添加或修改。确定提交？",
            "Once delivered, the progress log can no longer be added to or changed. Deliver?",
        )),
        T::new(
            "close",
            "in_acceptance",
            "done",
            L::new("验收通过", "Accept the delivery"),
            Who::Partner,
        )
        .recording("acceptance", "passed")
        .asking_first(L::new(
            "验收通过后不能再修改，只能归档。确定通过？",
            "Once accepted, the intake cannot be changed any more, only archived. Accept it?",
        )),
        T::new(
            "reject_delivery",
            "in_acceptance",
            "in_progress",
            L::new("验收未通过", "Not accepted"),
            Who::Partner,
        )
        .with_reason()
        .recording("acceptance", "failed"),
        archive("done"),
        archive("declined"),
    ],
    write_rules: &[
        // Who reviews is the company's choice, fixed once submitted.
        W::field("reviewers", Writer::OnlyInStates(&["received"])),
        W::field("reviewers", Writer::OnlyStaff),
        W::field("owner", Writer::OnlyStaff),
        W::field("review_outcome", Writer::OnlyReviewer),
        W::field("review_outcome", Writer::OnlyInStates(&["in_review"])),
        W::field("review_comments", Writer::OnlyReviewer),
        W::field("review_comments", Writer::OnlyInStates(&["in_review"])),
        // What the customer says, only the customer writes.
        W::field("acceptance", Writer::OnlyPartner),
        W::field("acceptance", Writer::OnlyInStates(&["in_acceptance"])),
        W::field("accepted_on", Writer::OnlyPartner),
        W::field("accepted_on", Writer::OnlyInStates(&["in_acceptance"])),
        W::field("satisfaction", Writer::OnlyPartner),
        W::field("satisfaction", Writer::OnlyInStates(&["in_acceptance"])),
        // What the company tells the customer, only staff write.
        W::table("progress", Writer::OnlyStaff),
        W::table("progress", Writer::OnlyInStates(&["in_progress"])),
    ],
    departments_field: None,
    parties_field: Some("reviewers"),
};
