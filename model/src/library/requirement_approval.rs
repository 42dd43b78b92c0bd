use crate::{
    field::{ChoiceOption, FieldDef, FieldKind},
    locale::Localized as L,
    template::{TableDef, Template, TemplateId},
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
};
