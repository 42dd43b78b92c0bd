use crate::{
    field::{FieldDef, FieldKind},
    locale::Localized as L,
    template::{Template, TemplateId},
    workflow::{
        ARCHIVED_STATE, State, Transition as T, Who, Workflow, WriteRule as W, Writer, archive,
    },
};

/// 成果验收单: the parties' signatures belong to the acceptance workflow; this
/// holds what they sign and, when it fails, what must change and by when.
pub(super) const DELIVERABLE_ACCEPTANCE: Template = Template {
    id: TemplateId("deliverable-acceptance"),
    version: 1,
    name: L::new("成果验收单", "Deliverable acceptance"),
    summary: L::new(
        "交付成果由各方联合验收签字；不通过时写明整改意见，3 个工作日内复验。",
        "Every party signs the joint acceptance of a deliverable; if it fails, revision comments and re-acceptance within 3 working days.",
    ),
    fields: &[
        FieldDef::new(
            "deliverable",
            L::new("成果名称", "Deliverable"),
            FieldKind::Text,
        )
        .required(),
        FieldDef::new("version", L::new("版本号", "Version"), FieldKind::Text).required(),
        FieldDef::new(
            "delivered_at",
            L::new("交付时间", "Delivered at"),
            FieldKind::DateTime,
        )
        .required(),
        FieldDef::new(
            "delivered_by",
            L::new("交付负责人", "Delivered by"),
            FieldKind::Person,
        )
        .required(),
        FieldDef::new(
            "description",
            L::new("成果说明", "Description"),
            FieldKind::LongText,
        ),
        FieldDef::new(
            "self_check",
            L::new("自检结果", "Self-check result"),
            FieldKind::LongText,
        )
        .required(),
        FieldDef::new(
            "files",
            L::new("成果附件", "Deliverable files"),
            FieldKind::Attachment,
        ),
        // Required: joint acceptance needs to know whose signatures make it pass.
        FieldDef::new(
            "acceptors",
            L::new("验收人", "Accepted by"),
            FieldKind::People,
        )
        .required(),
        FieldDef::new(
            "revision_comments",
            L::new("整改意见", "Revision comments"),
            FieldKind::LongText,
        ),
        FieldDef::new(
            "reacceptance_date",
            L::new("复验日期", "Re-acceptance date"),
            FieldKind::Date,
        ),
    ],
    tables: &[],
    workflow: FLOW,
};

/// SPEC: joint acceptance — every acceptor signs, or any one fails it with
/// revision comments and a re-acceptance date; the deliverer revises and
/// resubmits.
const FLOW: Workflow = Workflow {
    states: &[
        State::open("draft", L::new("草稿", "Draft")),
        State::closed("in_acceptance", L::new("验收中", "In acceptance")),
        State::open("revision", L::new("整改中", "Being revised")),
        State::closed("accepted", L::new("已验收", "Accepted")),
        ARCHIVED_STATE,
    ],
    initial: "draft",
    transitions: &[
        T::new(
            "submit",
            "draft",
            "in_acceptance",
            L::new("提交验收", "Submit for acceptance"),
            Who::Initiator,
        ),
        T::new(
            "sign",
            "in_acceptance",
            "accepted",
            L::new("签署验收", "Sign off"),
            Who::EveryParty,
        )
        .asking_first(L::new(
            "签署即表示您验收通过此成果；各方都签署后，验收单即定稿，不能再修改。确定签署？",
            "Signing says you accept this deliverable; once every party has signed, the acceptance is final and cannot change. Sign off?",
        )),
        T::new(
            "fail",
            "in_acceptance",
            "revision",
            L::new("验收不通过", "Fail with revision comments"),
            Who::AnyParty,
        )
        .with_reason()
        // SPEC: re-acceptance at most 3 working days later.
        .setting_date_within("reacceptance_date", 3)
        .filling(&["revision_comments", "reacceptance_date"]),
        T::new(
            "resubmit",
            "revision",
            "in_acceptance",
            L::new("重新提交验收", "Resubmit"),
            Who::Initiator,
        ),
        archive("accepted"),
    ],
    write_rules: &[
        W::field("acceptors", Writer::OnlyInStates(&["draft"])),
        W::field("revision_comments", Writer::OnlyReviewer),
        W::field(
            "revision_comments",
            Writer::OnlyInStates(&["in_acceptance"]),
        ),
        W::field("reacceptance_date", Writer::OnlyReviewer),
        W::field(
            "reacceptance_date",
            Writer::OnlyInStates(&["in_acceptance"]),
        ),
    ],
    departments_field: None,
    parties_field: Some("acceptors"),
};
