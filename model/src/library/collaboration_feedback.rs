use crate::{
    field::{FieldDef, FieldKind},
    locale::Localized as L,
    template::{Template, TemplateId},
    workflow::{
        ARCHIVED_STATE, State, Transition as T, Who, Workflow, WriteRule as W, Writer, archive,
    },
};

/// 沟通反馈表: one per collaborator rather than a row each, so no partner reads
/// another's ratings of the same project.
pub(super) const COLLABORATION_FEEDBACK: Template = Template {
    id: TemplateId("collaboration-feedback"),
    version: 1,
    name: L::new("沟通反馈表", "Collaboration feedback"),
    summary: L::new(
        "验收后请协作方为协作流程和沟通打分，并提出改进建议。",
        "After acceptance, collaborators rate the process and the communication and suggest improvements.",
    ),
    fields: &[
        FieldDef::new("project", L::new("项目", "Project"), FieldKind::Text).required(),
        FieldDef::new(
            "acceptance",
            L::new("关联验收单", "Linked acceptance"),
            FieldKind::Link,
        ),
        FieldDef::new(
            "respondent",
            L::new("填写人", "Filled in by"),
            FieldKind::Person,
        )
        .required(),
        FieldDef::new(
            "process_rating",
            L::new("协作流程评分", "Process rating"),
            FieldKind::Rating { max: 5 },
        )
        .required(),
        FieldDef::new(
            "communication_rating",
            L::new("沟通评分", "Communication rating"),
            FieldKind::Rating { max: 5 },
        )
        .required(),
        FieldDef::new(
            "suggestions",
            L::new("改进建议", "Suggestions"),
            FieldKind::LongText,
        ),
    ],
    tables: &[],
    workflow: FLOW,
};

/// Not described in SPEC beyond "sent after acceptance": the respondent fills
/// it in and submits; then it is archived.
const FLOW: Workflow = Workflow {
    states: &[
        State::open("draft", L::new("填写中", "Being filled in")),
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
            Who::AnyEditor,
        )
        .asking_first(L::new(
            "提交后反馈不能再修改。确定提交？",
            "Once submitted, the feedback can no longer be changed. Submit it?",
        )),
        archive("submitted"),
    ],
    write_rules: &[
        // Feedback is attributed: whoever sends the form names who fills
        // it in, and it is fixed once submitted (a closed state).
        W::field("respondent", Writer::OnlyInitiator),
    ],
    departments_field: None,
    parties_field: None,
};
