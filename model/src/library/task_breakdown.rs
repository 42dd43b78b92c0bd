use super::task_tracker::TASK_STATUS;
use crate::workflow::{
    ARCHIVED_STATE, State, Transition as T, Who, Workflow, WriteRule as W, Writer, archive,
};
use crate::{
    field::{FieldDef, FieldKind},
    locale::Localized as L,
    template::{TableDef, Template, TemplateId},
};

/// 跨部门任务分解表: the rows a Gantt chart draws, so every row has dates.
pub(super) const TASK_BREAKDOWN: Template = Template {
    id: TemplateId("task-breakdown"),
    version: 1,
    name: L::new("跨部门任务分解表", "Cross-department task breakdown"),
    summary: L::new(
        "按部门分解项目任务，明确负责人与前置任务，以甘特图跟踪进度与延误。",
        "A project broken into tasks per department, with owners and dependencies, followed on a Gantt chart.",
    ),
    fields: &[
        FieldDef::new("project", L::new("项目", "Project"), FieldKind::Text).required(),
        FieldDef::new("notes", L::new("说明", "Notes"), FieldKind::LongText),
    ],
    tables: &[TableDef {
        id: "tasks",
        label: L::new("任务", "Tasks"),
        columns: &["no", "name", "owner", "start", "end", "status"],
        fields: &[
            // Text, not Number: breakdown numbers are often nested, like 2.1.
            FieldDef::new("no", L::new("任务编号", "Task no."), FieldKind::Text).required(),
            FieldDef::new("name", L::new("任务名称", "Task"), FieldKind::Text).required(),
            FieldDef::new(
                "description",
                L::new("任务描述", "Description"),
                FieldKind::LongText,
            ),
            FieldDef::new(
                "department",
                L::new("负责部门", "Department"),
                FieldKind::Department,
            )
            .required(),
            FieldDef::new("owner", L::new("负责人", "Owner"), FieldKind::Person).required(),
            FieldDef::new("start", L::new("开始日期", "Start"), FieldKind::Date).required(),
            FieldDef::new("end", L::new("结束日期", "End"), FieldKind::Date).required(),
            FieldDef::new(
                "deliverable",
                L::new("交付物", "Deliverable"),
                FieldKind::Text,
            ),
            // The task numbers of this table, as the source forms write them.
            FieldDef::new(
                "depends_on",
                L::new("前置任务编号", "Depends on (task nos.)"),
                FieldKind::Text,
            ),
            FieldDef::new(
                "status",
                L::new("状态", "Status"),
                FieldKind::SingleChoice(TASK_STATUS),
            )
            .required(),
        ],
    }],
    workflow: FLOW,
};

/// Not described in SPEC: planned, then running, then closed and archived.
/// Like the tracker, a row's status is its owner's to report.
const FLOW: Workflow = Workflow {
    states: &[
        State::open("planning", L::new("规划中", "Planning")),
        State::open("running", L::new("执行中", "Running")),
        State::closed("closed", L::new("已结束", "Closed")),
        ARCHIVED_STATE,
    ],
    initial: "planning",
    transitions: &[
        T::new(
            "start",
            "planning",
            "running",
            L::new("开始执行", "Start"),
            Who::Owner,
        ),
        T::new(
            "confirm_row",
            "running",
            "running",
            L::new("负责人确认", "Owner confirms the task"),
            Who::RowOwner,
        ),
        T::new(
            "close",
            "running",
            "closed",
            L::new("结束", "Close"),
            Who::Owner,
        )
        .asking_first(L::new(
            "结束后，表格对所有人只读，直到文档所有者重新打开。确定结束？",
            "Once closed, the table is read-only for everyone until a document owner reopens it. Close it?",
        )),
        T::new(
            "reopen",
            "closed",
            "running",
            L::new("重新打开", "Reopen"),
            Who::Owner,
        ),
        archive("closed"),
    ],
    write_rules: &[
        // A task is its owner's to plan and report on.
        W::table("tasks", Writer::RowOwner),
        W::cell("tasks", "owner", Writer::HandsOver),
        // Task numbers are what `depends_on` refers to; renumbering would rewire the Gantt.
        W::cell("tasks", "no", Writer::OnlyAtCreation),
    ],
    departments_field: None,
    parties_field: None,
};
