use crate::{
    field::{FieldDef, FieldKind},
    locale::Localized as L,
    template::{TableDef, Template, TemplateId},
    workflow::{Workflow, running_record},
};

/// 跨部门项目沟通记录表: one row per discussion, so conclusions from chat are
/// kept where the project is.
pub(super) const PROJECT_COMMUNICATION_LOG: Template = Template {
    id: TemplateId("project-communication-log"),
    version: 1,
    name: L::new("跨部门项目沟通记录表", "Project communication log"),
    summary: L::new(
        "逐次记录跨部门沟通的参与人、主题、共识与待办，待办落实到负责人和截止日期。",
        "Each cross-department discussion: who took part, topic, consensus and to-dos with an owner and a deadline.",
    ),
    fields: &[FieldDef::new("project", L::new("项目", "Project"), FieldKind::Text).required()],
    tables: &[TableDef {
        id: "records",
        label: L::new("沟通记录", "Discussions"),
        columns: &["time", "topic", "consensus", "owner", "deadline"],
        fields: &[
            // One date-time stands for the paper form's separate date and time.
            FieldDef::new(
                "time",
                L::new("沟通时间", "Date and time"),
                FieldKind::DateTime,
            )
            .required(),
            FieldDef::new(
                "departments",
                L::new("参与部门", "Departments"),
                FieldKind::Departments,
            ),
            FieldDef::new(
                "participants",
                L::new("参与人员", "Participants"),
                FieldKind::People,
            )
            .required(),
            FieldDef::new("topic", L::new("沟通主题", "Topic"), FieldKind::Text).required(),
            FieldDef::new(
                "consensus",
                L::new("达成共识", "Consensus reached"),
                FieldKind::LongText,
            ),
            FieldDef::new("todos", L::new("待办事项", "To-dos"), FieldKind::LongText),
            FieldDef::new("owner", L::new("负责人", "Owner"), FieldKind::Person),
            FieldDef::new("deadline", L::new("截止日期", "Deadline"), FieldKind::Date),
            FieldDef::new("notes", L::new("备注", "Notes"), FieldKind::LongText),
        ],
    }],
    workflow: FLOW,
};

/// Not described in SPEC: a running record, active until archived.
const FLOW: Workflow = running_record(&[]);
