use crate::{
    field::{ChoiceOption, FieldDef, FieldKind},
    locale::Localized as L,
    template::{TableDef, Template, TemplateId},
    workflow::{Workflow, WriteRule as W, Writer, running_record},
};

/// The usual stages of a product requirement; users add their own in sub-templates.
const STAGE: &[ChoiceOption] = &[
    ChoiceOption {
        id: "requirement_review",
        label: L::new("需求评审", "Requirement review"),
    },
    ChoiceOption {
        id: "in_development",
        label: L::new("开发中", "In development"),
    },
    ChoiceOption {
        id: "testing",
        label: L::new("测试中", "Testing"),
    },
    ChoiceOption {
        id: "launched",
        label: L::new("已上线", "Launched"),
    },
];

/// 项目跟进与信息共享表: a board of many projects, so everything is in the rows.
pub(super) const FOLLOW_UP_BOARD: Template = Template {
    id: TemplateId("follow-up-board"),
    version: 1,
    name: L::new("项目跟进与信息共享表", "Follow-up and information board"),
    summary: L::new(
        "各项目的当前阶段与关键信息一目了然，紧急和有风险的事项醒目标注。",
        "Every project's current stage and key facts at a glance, with urgent and risky items marked.",
    ),
    fields: &[],
    tables: &[TableDef {
        id: "items",
        label: L::new("跟进事项", "Projects and tasks"),
        columns: &["item", "stage", "owner", "urgent", "at_risk", "updated_at"],
        fields: &[
            FieldDef::new(
                "item",
                L::new("项目/任务", "Project or task"),
                FieldKind::Text,
            )
            .required(),
            FieldDef::new(
                "departments",
                L::new("相关部门", "Departments"),
                FieldKind::Departments,
            ),
            FieldDef::new("people", L::new("相关人员", "People"), FieldKind::People),
            FieldDef::new(
                "stage",
                L::new("当前阶段", "Current stage"),
                FieldKind::SingleChoice(STAGE),
            )
            .required(),
            FieldDef::new(
                "key_facts",
                L::new("关键信息（3–5 行）", "Key facts (3–5 lines)"),
                FieldKind::LongText,
            )
            .required(),
            FieldDef::new(
                "updated_at",
                L::new("更新时间", "Updated at"),
                FieldKind::DateTime,
            ),
            FieldDef::new("owner", L::new("负责人", "Owner"), FieldKind::Person).required(),
            FieldDef::new(
                "notes",
                L::new(
                    "备注（风险、待办、需协助）",
                    "Notes (risks, to-dos, help needed)",
                ),
                FieldKind::LongText,
            ),
            FieldDef::new("urgent", L::new("紧急", "Urgent"), FieldKind::Checkbox),
            FieldDef::new("at_risk", L::new("有风险", "At risk"), FieldKind::Checkbox),
        ],
    }],
    workflow: FLOW,
};

/// Not described in SPEC: a running record, active until archived. Each
/// item is its owner's to keep up; others comment on it.
const FLOW: Workflow = running_record(&[
    W::table("items", Writer::RowOwner),
    W::cell("items", "owner", Writer::HandsOver),
]);
