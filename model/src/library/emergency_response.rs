use crate::{
    field::{FieldDef, FieldKind},
    locale::Localized as L,
    template::{TableDef, Template, TemplateId},
    workflow::{
        ARCHIVED_STATE, State, Transition as T, Who, Workflow, WriteRule as W, Writer, archive,
    },
};

/// 应急响应预案: written ahead of time (the plan and its owners), then filled
/// live (the log). Triggering and notifying belong to its workflow.
pub(super) const EMERGENCY_RESPONSE: Template = Template {
    id: TemplateId("emergency-response"),
    version: 1,
    name: L::new("应急响应预案", "Emergency response"),
    summary: L::new(
        "预先指定各部门负责人，一键启动并通知所有负责人，实时记录处置状态与资源需求。",
        "Department owners named in advance; one action starts the plan and alerts them all; a live log of status and resource requests.",
    ),
    fields: &[
        FieldDef::new("name", L::new("预案名称", "Plan"), FieldKind::Text).required(),
        FieldDef::new(
            "scenario",
            L::new("适用情形", "When it applies"),
            FieldKind::LongText,
        )
        .required(),
        FieldDef::new(
            "steps",
            L::new("处置步骤", "Response steps"),
            FieldKind::LongText,
        ),
        FieldDef::new("owner", L::new("总负责人", "Plan owner"), FieldKind::Person).required(),
    ],
    tables: &[
        TableDef {
            id: "owners",
            label: L::new("各部门负责人", "Department owners"),
            columns: &["department", "owner", "duties"],
            fields: &[
                FieldDef::new(
                    "department",
                    L::new("部门", "Department"),
                    FieldKind::Department,
                )
                .required(),
                FieldDef::new("owner", L::new("负责人", "Owner"), FieldKind::Person).required(),
                FieldDef::new("duties", L::new("职责", "Duties"), FieldKind::LongText),
            ],
        },
        TableDef {
            id: "log",
            label: L::new("实时记录", "Live log"),
            columns: &[
                "time",
                "reporter",
                "department",
                "status",
                "resource_request",
            ],
            fields: &[
                FieldDef::new("time", L::new("时间", "Time"), FieldKind::DateTime).required(),
                FieldDef::new(
                    "reporter",
                    L::new("记录人", "Reported by"),
                    FieldKind::Person,
                )
                .required(),
                FieldDef::new(
                    "department",
                    L::new("部门", "Department"),
                    FieldKind::Department,
                ),
                FieldDef::new("status", L::new("处置状态", "Status"), FieldKind::LongText)
                    .required(),
                FieldDef::new(
                    "resource_request",
                    L::new("资源需求", "Resources requested"),
                    FieldKind::LongText,
                ),
            ],
        },
    ],
    workflow: FLOW,
};

/// SPEC: a prepared plan that one action triggers; while active, a live log.
/// The plan is fixed once triggered; the log is written only while active.
const FLOW: Workflow = Workflow {
    states: &[
        State::open("prepared", L::new("预案就绪", "Prepared")),
        State::open("active", L::new("响应中", "Active")),
        State::closed("resolved", L::new("已解除", "Stood down")),
        ARCHIVED_STATE,
    ],
    initial: "prepared",
    transitions: &[
        T::new(
            "trigger",
            "prepared",
            "active",
            L::new("启动预案", "Trigger"),
            Who::AnyEditor,
        )
        .asking_first(L::new(
            "启动后会通知每个部门的负责人，预案内容不能再修改。确定启动？",
            "Triggering alerts every department's owner, and the plan can no longer be changed. Trigger it?",
        )),
        T::new(
            "stand_down",
            "active",
            "resolved",
            L::new("解除响应", "Stand down"),
            Who::Owner,
        )
        .asking_first(L::new(
            "解除后，处置记录不能再添加或修改。确定解除？",
            "Once stood down, the log can no longer be added to or changed. Stand down?",
        )),
        T::new(
            "reset",
            "resolved",
            "prepared",
            L::new("恢复待命", "Reset to prepared"),
            Who::Owner,
        ),
        archive("resolved"),
    ],
    write_rules: &[
        W::field("name", Writer::OnlyInStates(&["prepared"])),
        W::field("scenario", Writer::OnlyInStates(&["prepared"])),
        W::field("steps", Writer::OnlyInStates(&["prepared"])),
        W::table("owners", Writer::OnlyInStates(&["prepared"])),
        // Who answers for a department is the plan owner's to change.
        W::cell("owners", "owner", Writer::HandsOver),
        W::table("log", Writer::OnlyInStates(&["active"])),
        W::cell("log", "time", Writer::OnlyAtCreation),
        W::cell("log", "reporter", Writer::OnlyAtCreation),
    ],
    departments_field: None,
    parties_field: None,
};
