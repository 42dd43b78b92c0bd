use crate::{
    field::{ChoiceOption, FieldDef, FieldKind},
    locale::Localized as L,
    template::{TableDef, Template, TemplateId},
    workflow::{
        ARCHIVED_STATE, State, Transition as T, Who, Workflow, WriteRule as W, Writer, archive,
    },
};

/// Shared with the task breakdown, so a task's status reads the same in both.
pub(super) const TASK_STATUS: &[ChoiceOption] = &[
    ChoiceOption {
        id: "not_started",
        label: L::new("未开始", "Not started"),
    },
    ChoiceOption {
        id: "in_progress",
        label: L::new("进行中", "In progress"),
    },
    ChoiceOption {
        id: "done",
        label: L::new("已完成", "Done"),
    },
    ChoiceOption {
        id: "delayed",
        label: L::new("已延期", "Delayed"),
    },
];

/// 协作任务跟踪表: one row per task, each with exactly one owner.
pub(super) const TASK_TRACKER: Template = Template {
    id: TemplateId("task-tracker"),
    version: 1,
    name: L::new("协作任务跟踪表", "Task tracker"),
    summary: L::new(
        "每项任务一位负责人，每日 17:00 前更新进度、问题与风险。",
        "One owner per task; progress, problems and risks updated daily by 17:00.",
    ),
    fields: &[
        FieldDef::new("project", L::new("项目", "Project"), FieldKind::Text).required(),
        FieldDef::new("notes", L::new("说明", "Notes"), FieldKind::LongText),
    ],
    tables: &[TableDef {
        id: "tasks",
        label: L::new("任务", "Tasks"),
        columns: &["task", "owner", "status", "deadline", "progress"],
        fields: &[
            FieldDef::new("task", L::new("任务", "Task"), FieldKind::Text).required(),
            FieldDef::new("owner", L::new("负责人", "Owner"), FieldKind::Person).required(),
            FieldDef::new(
                "collaborators",
                L::new("协作人", "Collaborators"),
                FieldKind::People,
            ),
            FieldDef::new("start", L::new("开始日期", "Start"), FieldKind::Date),
            FieldDef::new("deadline", L::new("截止日期", "Deadline"), FieldKind::Date).required(),
            FieldDef::new(
                "deliverable",
                L::new("交付物", "Deliverable"),
                FieldKind::Text,
            ),
            FieldDef::new(
                "requirement",
                L::new("关联需求", "Linked requirement"),
                FieldKind::Link,
            ),
            FieldDef::new(
                "source",
                L::new("来源（会议纪要）", "From (minutes)"),
                FieldKind::Link,
            ),
            FieldDef::new(
                "status",
                L::new("状态", "Status"),
                FieldKind::SingleChoice(TASK_STATUS),
            )
            .required(),
            FieldDef::new(
                "progress",
                L::new("每日进展", "Daily progress"),
                FieldKind::LongText,
            ),
            FieldDef::new(
                "problem",
                L::new("问题与需协助事项", "Problems and help needed"),
                FieldKind::LongText,
            ),
            FieldDef::new("risk", L::new("风险", "Risk"), FieldKind::Checkbox),
            FieldDef::new(
                "risk_resolution",
                L::new("风险处理", "Risk resolution"),
                FieldKind::LongText,
            ),
        ],
    }],
    workflow: FLOW,
};

/// SPEC: each owner confirms their row; only a row's owner (or a document
/// owner) writes it, from its name to its progress. The document itself is simply active
/// until closed, then archived.
const FLOW: Workflow = Workflow {
    states: &[
        State::open("active", L::new("进行中", "Active")),
        State::closed("closed", L::new("已结束", "Closed")),
        ARCHIVED_STATE,
    ],
    initial: "active",
    transitions: &[
        T::new(
            "confirm_row",
            "active",
            "active",
            L::new("负责人确认", "Owner confirms the task"),
            Who::RowOwner,
        ),
        T::new(
            "close",
            "active",
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
            "active",
            L::new("重新打开", "Reopen"),
            Who::Owner,
        ),
        archive("closed"),
    ],
    write_rules: &[
        // A task is its owner's: others comment on it, they do not rewrite it.
        W::table("tasks", Writer::RowOwner),
        W::cell("tasks", "owner", Writer::HandsOver),
        // SPEC's task centre: a task's owner asks the initiator for a new
        // deadline; the initiator approves by writing it.
        W::cell("tasks", "deadline", Writer::OnlyInitiator),
    ],
    departments_field: None,
    parties_field: None,
};
