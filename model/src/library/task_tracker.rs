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
    ChoiceOption {
        id: "in_review",
        label: L::new("待审核", "In review"),
    },
];

/// SPEC's task centre: high / medium / low; a task with none is medium.
pub const PRIORITY: &[ChoiceOption] = &[
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

/// The priority a task without one has.
pub const DEFAULT_PRIORITY: &str = "medium";

const REVIEW_DECISION: &[ChoiceOption] = &[
    ChoiceOption {
        id: "approved",
        label: L::new("已通过", "Approved"),
    },
    ChoiceOption {
        id: "returned",
        label: L::new("已退回", "Returned"),
    },
];

const DEADLINE_DECISION: &[ChoiceOption] = &[
    ChoiceOption {
        id: "approved",
        label: L::new("已同意", "Approved"),
    },
    ChoiceOption {
        id: "refused",
        label: L::new("已拒绝", "Refused"),
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
            FieldDef::new(
                "description",
                L::new("任务描述", "Description"),
                FieldKind::LongText,
            ),
            FieldDef::new(
                "priority",
                L::new("优先级", "Priority"),
                FieldKind::SingleChoice(PRIORITY),
            ),
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
            // Free words, comma separated: no choice list could know them
            // in advance, and search reads text.
            FieldDef::new("tags", L::new("标签", "Tags"), FieldKind::Text),
            FieldDef::new(
                "attachments",
                L::new("附件", "Attachments"),
                FieldKind::Attachment,
            ),
            FieldDef::new(
                "initiator",
                L::new("发起人", "Initiator"),
                FieldKind::Person,
            ),
            FieldDef::new(
                "review_decision",
                L::new("审核结果", "Review result"),
                FieldKind::SingleChoice(REVIEW_DECISION),
            ),
            FieldDef::new(
                "review_note",
                L::new("审核意见", "Review note"),
                FieldKind::Text,
            ),
            FieldDef::new(
                "requested_deadline",
                L::new("申请的新截止日期", "Deadline asked for"),
                FieldKind::Date,
            ),
            FieldDef::new(
                "deadline_reason",
                L::new("延期理由", "Why a new deadline"),
                FieldKind::Text,
            ),
            FieldDef::new(
                "deadline_decision",
                L::new("延期审批", "Deadline answer"),
                FieldKind::SingleChoice(DEADLINE_DECISION),
            ),
            FieldDef::new(
                "deadline_answer",
                L::new("审批意见", "Answer note"),
                FieldKind::Text,
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
        // deadline; the initiator approves by writing it. The initiator is
        // the task's (who created it), else the document's.
        W::cell("tasks", "deadline", Writer::RowInitiator),
        W::cell("tasks", "initiator", Writer::Creator),
        // Submitting for review and the initiator's answers
        // (`judge_task_row` reads which step a write is).
        W::cell("tasks", "status", Writer::TaskStep),
        W::cell("tasks", "review_decision", Writer::TaskStep),
        W::cell("tasks", "deadline_decision", Writer::TaskStep),
        W::cell("tasks", "review_note", Writer::RowInitiator),
        W::cell("tasks", "deadline_answer", Writer::RowInitiator),
    ],
    departments_field: None,
    parties_field: None,
};
