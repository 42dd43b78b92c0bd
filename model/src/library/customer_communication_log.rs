use crate::{
    field::{ChoiceOption, FieldDef, FieldKind},
    locale::Localized as L,
    template::{TableDef, Template, TemplateId},
    workflow::{Workflow, WriteRule as W, Writer, running_record},
};

const CHANNEL: &[ChoiceOption] = &[
    ChoiceOption {
        id: "phone",
        label: L::new("电话", "Phone"),
    },
    ChoiceOption {
        id: "meeting",
        label: L::new("会议", "Meeting"),
    },
    ChoiceOption {
        id: "mail",
        label: L::new("邮件", "Mail"),
    },
];

/// 外部客户沟通记录表: one document per customer, one row per contact with them.
pub(super) const CUSTOMER_COMMUNICATION_LOG: Template = Template {
    id: TemplateId("customer-communication-log"),
    version: 1,
    name: L::new("外部客户沟通记录表", "Customer communication log"),
    summary: L::new(
        "记录与客户的每次电话、会议和邮件沟通：内容、客户反馈、我方回复与下一步，责任到人。",
        "Every call, meeting and mail with a customer: summary, feedback, our response and next step, each with an owner.",
    ),
    fields: &[
        FieldDef::new("customer", L::new("客户名称", "Customer"), FieldKind::Text).required(),
        // Text: the customer's contact is rarely a Concord user.
        FieldDef::new(
            "contact",
            L::new("客户联系人", "Customer contact"),
            FieldKind::Text,
        )
        .required(),
        FieldDef::new(
            "requirement",
            L::new("客户需求", "Requirement"),
            FieldKind::LongText,
        ),
    ],
    tables: &[TableDef {
        id: "records",
        label: L::new("沟通记录", "Contacts"),
        columns: &["time", "channel", "summary", "next_step", "owner"],
        fields: &[
            FieldDef::new("time", L::new("沟通时间", "Time"), FieldKind::DateTime).required(),
            FieldDef::new(
                "channel",
                L::new("沟通方式", "Channel"),
                FieldKind::SingleChoice(CHANNEL),
            )
            .required(),
            FieldDef::new(
                "summary",
                L::new("沟通内容", "Summary"),
                FieldKind::LongText,
            )
            .required(),
            FieldDef::new(
                "feedback",
                L::new("客户反馈", "Customer feedback"),
                FieldKind::LongText,
            ),
            FieldDef::new(
                "response",
                L::new("我方回复", "Our response"),
                FieldKind::LongText,
            ),
            FieldDef::new(
                "next_step",
                L::new("下一步计划", "Next step"),
                FieldKind::LongText,
            ),
            FieldDef::new("owner", L::new("负责人", "Owner"), FieldKind::Person).required(),
        ],
    }],
    workflow: FLOW,
};

/// Not described in SPEC: a running record, active until archived.
const FLOW: Workflow = running_record(&[
    // A record of what was said: when it happened is fixed once written.
    W::cell("records", "time", Writer::OnlyAtCreation),
]);
