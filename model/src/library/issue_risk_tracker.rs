use crate::{
    field::{ChoiceOption, FieldDef, FieldKind},
    locale::Localized as L,
    template::{TableDef, Template, TemplateId},
    workflow::{Workflow, WriteRule as W, Writer, running_record},
};

const ISSUE_STATUS: &[ChoiceOption] = &[
    ChoiceOption {
        id: "open",
        label: L::new("待处理", "Open"),
    },
    ChoiceOption {
        id: "in_progress",
        label: L::new("处理中", "In progress"),
    },
    ChoiceOption {
        id: "resolved",
        label: L::new("已解决", "Resolved"),
    },
    ChoiceOption {
        id: "closed",
        label: L::new("已关闭", "Closed"),
    },
];

/// 项目问题跟踪表: one row per problem, each with exactly one owner.
pub(super) const ISSUE_RISK_TRACKER: Template = Template {
    id: TemplateId("issue-risk-tracker"),
    version: 1,
    name: L::new("项目问题跟踪表", "Issue and risk tracker"),
    summary: L::new(
        "每个问题一位负责人和解决期限，跟踪到解决，并记录解决方式。",
        "Each problem has an owner and a resolve-by date and is tracked until resolved, with how it was resolved.",
    ),
    fields: &[FieldDef::new("project", L::new("项目", "Project"), FieldKind::Text).required()],
    tables: &[TableDef {
        id: "issues",
        label: L::new("问题", "Issues"),
        columns: &["problem", "owner", "status", "resolve_by", "raised_by"],
        fields: &[
            FieldDef::new(
                "problem",
                L::new("问题描述", "Problem"),
                FieldKind::LongText,
            )
            .required(),
            FieldDef::new(
                "raised_by",
                L::new("提出人", "Raised by"),
                FieldKind::Person,
            )
            .required(),
            FieldDef::new("owner", L::new("负责人", "Owner"), FieldKind::Person).required(),
            FieldDef::new(
                "resolve_by",
                L::new("计划解决日期", "Resolve by"),
                FieldKind::Date,
            )
            .required(),
            FieldDef::new(
                "status",
                L::new("状态", "Status"),
                FieldKind::SingleChoice(ISSUE_STATUS),
            )
            .required(),
            FieldDef::new(
                "resolution",
                L::new("解决方式", "How it was resolved"),
                FieldKind::LongText,
            ),
        ],
    }],
    workflow: FLOW,
};

/// Not described in SPEC: a running record, active until archived. Each
/// issue is its owner's to describe, date and resolve.
const FLOW: Workflow = running_record(&[
    W::table("issues", Writer::RowOwner),
    W::cell("issues", "owner", Writer::HandsOver),
    W::cell("issues", "raised_by", Writer::OnlyAtCreation),
]);
