use crate::{
    field::{FieldDef, FieldKind},
    locale::Localized as L,
    template::{TableDef, Template, TemplateId},
    workflow::{
        ARCHIVED_STATE, State, Transition as T, Who, Workflow, WriteRule as W, Writer, archive,
    },
};

/// 周进度报表: one row per department, each filled in by one person.
pub(super) const WEEKLY_PROGRESS_REPORT: Template = Template {
    id: TemplateId("weekly-progress-report"),
    version: 1,
    name: L::new("周进度报表", "Weekly progress report"),
    summary: L::new(
        "各部门每周五 17:00 前填报本周完成、进行中、延期事项、问题与下周计划。",
        "Each department reports done, in progress, delayed, problems and next week's plan by Friday 17:00.",
    ),
    fields: &[
        FieldDef::new(
            "week_from",
            L::new("报告周期（起）", "Week from"),
            FieldKind::Date,
        )
        .required(),
        FieldDef::new(
            "week_to",
            L::new("报告周期（止）", "Week to"),
            FieldKind::Date,
        )
        .required(),
    ],
    tables: &[TableDef {
        id: "departments",
        label: L::new("部门进度", "Progress by department"),
        columns: &["department", "reporter", "done", "in_progress", "delayed"],
        fields: &[
            FieldDef::new(
                "department",
                L::new("部门", "Department"),
                FieldKind::Department,
            )
            .required(),
            FieldDef::new(
                "reporter",
                L::new("填报人", "Reported by"),
                FieldKind::Person,
            )
            .required(),
            FieldDef::new("done", L::new("本周完成", "Done"), FieldKind::LongText),
            FieldDef::new(
                "in_progress",
                L::new("进行中", "In progress"),
                FieldKind::LongText,
            ),
            FieldDef::new(
                "delayed",
                L::new("延期事项", "Delayed"),
                FieldKind::LongText,
            ),
            FieldDef::new(
                "problems",
                L::new("存在问题", "Problems"),
                FieldKind::LongText,
            ),
            FieldDef::new(
                "next_week",
                L::new("下周计划", "Next week's plan"),
                FieldKind::LongText,
            ),
        ],
    }],
    workflow: FLOW,
};

/// Not described in SPEC beyond "due Friday 17:00": each department's row is
/// its reporter's (the row owner); the report is submitted, then archived.
const FLOW: Workflow = Workflow {
    states: &[
        // SPEC: due Friday 17:00 of its week.
        State::open("draft", L::new("填写中", "Being filled in")).due_by(
            crate::calendar::Weekday::Friday,
            17,
            0,
        ),
        State::closed("submitted", L::new("已提交", "Submitted")),
        ARCHIVED_STATE,
    ],
    initial: "draft",
    transitions: &[
        T::new(
            "submit",
            "draft",
            "submitted",
            L::new("提交", "Submit"),
            Who::Initiator,
        ),
        T::new(
            "reopen",
            "submitted",
            "draft",
            L::new("退回补充", "Reopen"),
            Who::Owner,
        )
        .with_reason(),
        archive("submitted"),
    ],
    write_rules: &[
        W::table("departments", Writer::RowOwner),
        W::cell("departments", "reporter", Writer::HandsOver),
    ],
    departments_field: None,
    parties_field: None,
};
