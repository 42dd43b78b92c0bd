use crate::{
    field::{FieldDef, FieldKind},
    locale::Localized as L,
    template::{TableDef, Template, TemplateId},
    workflow::{
        ARCHIVED_STATE, State, Transition as T, Who, Workflow, WriteRule as W, Writer, archive,
    },
};

/// 会议纪要: action items carry what a tracked task needs (owner, deadline).
pub(super) const MEETING_MINUTES: Template = Template {
    id: TemplateId("meeting-minutes"),
    version: 1,
    name: L::new("会议纪要", "Meeting minutes"),
    summary: L::new(
        "会后 1 小时内发布会议决议与行动项，行动项转为跟踪任务。",
        "Decisions and action items published within an hour of the meeting; action items become tracked tasks.",
    ),
    fields: &[
        FieldDef::new("meeting", L::new("会议名称", "Meeting"), FieldKind::Text).required(),
        FieldDef::new("time", L::new("会议时间", "Time"), FieldKind::DateTime).required(),
        FieldDef::new(
            "attendees",
            L::new("参会人员", "Attendees"),
            FieldKind::People,
        )
        .required(),
        FieldDef::new("agenda", L::new("会议议程", "Agenda"), FieldKind::LongText),
        FieldDef::new(
            "decisions",
            L::new("会议决议", "Decisions"),
            FieldKind::LongText,
        ),
        FieldDef::new(
            "tracker",
            L::new("任务跟踪表", "Task tracker"),
            FieldKind::Link,
        ),
        FieldDef::new(
            "published_at",
            L::new("发布时间", "Published at"),
            FieldKind::DateTime,
        ),
    ],
    tables: &[TableDef {
        id: "action_items",
        label: L::new("行动项", "Action items"),
        columns: &["item", "owner", "deadline", "task"],
        fields: &[
            FieldDef::new("item", L::new("事项", "Action"), FieldKind::Text).required(),
            FieldDef::new("owner", L::new("负责人", "Owner"), FieldKind::Person).required(),
            FieldDef::new("deadline", L::new("截止日期", "Deadline"), FieldKind::Date).required(),
            FieldDef::new("task", L::new("跟踪任务", "Tracked task"), FieldKind::Link),
        ],
    }],
    workflow: FLOW,
};

/// SPEC: published within an hour of the meeting. Draft → published; an
/// amendment reopens it with a reason. Action items may still be linked to
/// their tracked tasks once published.
const FLOW: Workflow = Workflow {
    states: &[
        State::open("draft", L::new("草稿", "Draft")),
        State::closed("published", L::new("已发布", "Published")),
        ARCHIVED_STATE,
    ],
    initial: "draft",
    transitions: &[
        T::new(
            "publish",
            "draft",
            "published",
            L::new("发布", "Publish"),
            Who::Initiator,
        )
        .stamping("published_at"),
        T::new(
            "amend",
            "published",
            "draft",
            L::new("更正", "Amend"),
            Who::Initiator,
        )
        .with_reason(),
        archive("published"),
    ],
    write_rules: &[
        W::cell(
            "action_items",
            "task",
            Writer::OnlyInStates(&["draft", "published"]),
        ),
        // Stamped by the publish step as it leaves the draft.
        W::field("published_at", Writer::OnlyInStates(&["draft"])),
    ],
    departments_field: None,
    parties_field: None,
};
