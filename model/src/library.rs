//! The built-in template library.

use crate::{
    field::{ChoiceOption, FieldDef, FieldKind},
    locale::Localized as L,
    template::{TableDef, Template, TemplateId},
};

/// Every template Concord ships, in the order the library shows them.
pub fn library() -> &'static [Template] {
    LIBRARY
}

/// The built-in template with this id.
pub fn find_template(id: &str) -> Option<&'static Template> {
    LIBRARY.iter().find(|t| t.id.0 == id)
}

static LIBRARY: &[Template] = &[TASK_TRACKER];

const TASK_STATUS: &[ChoiceOption] = &[
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
const TASK_TRACKER: Template = Template {
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
};

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::Locale;

    #[test]
    fn template_ids_are_unique_and_findable() {
        let mut seen = HashSet::new();
        for template in library() {
            assert!(
                seen.insert(template.id),
                "duplicate template id {}",
                template.id
            );
            assert_eq!(find_template(template.id.0), Some(template));
        }
        assert_eq!(find_template("no-such-template"), None);
    }

    #[test]
    fn the_task_tracker_is_in_the_library_in_both_languages() {
        let tracker = find_template("task-tracker").expect("task tracker is built in");
        assert_eq!(tracker.name.get(Locale::ZhCn), "协作任务跟踪表");
        assert_eq!(tracker.name.get(Locale::En), "Task tracker");
    }

    #[test]
    fn every_label_is_given_in_every_language() {
        for template in library() {
            let mut labels = vec![template.name, template.summary];
            labels.extend(template.tables.iter().map(|t| t.label));
            for field in template.all_fields() {
                labels.push(field.label);
                labels.extend(field.kind.options().iter().map(|o| o.label));
            }
            for label in labels {
                for locale in Locale::ALL {
                    assert!(
                        !label.get(locale).trim().is_empty(),
                        "{}: {label:?}",
                        template.id
                    );
                }
            }
        }
    }

    #[test]
    fn field_ids_are_unique_within_their_part() {
        for template in library() {
            let parts =
                std::iter::once(template.fields).chain(template.tables.iter().map(|t| t.fields));
            for fields in parts {
                let mut seen = HashSet::new();
                for field in fields {
                    assert!(
                        seen.insert(field.id),
                        "{}: duplicate field {}",
                        template.id,
                        field.id
                    );
                }
            }
            let mut tables = HashSet::new();
            for table in template.tables {
                assert!(
                    tables.insert(table.id),
                    "{}: duplicate table {}",
                    template.id,
                    table.id
                );
            }
        }
    }

    #[test]
    fn choice_fields_offer_distinct_options() {
        for field in library().iter().flat_map(|t| t.all_fields()) {
            if let FieldKind::SingleChoice(options) | FieldKind::MultipleChoice(options) =
                field.kind
            {
                assert!(!options.is_empty(), "{} offers no option", field.id);
                let ids: HashSet<_> = options.iter().map(|o| o.id).collect();
                assert_eq!(ids.len(), options.len(), "{} repeats an option", field.id);
            }
        }
    }

    #[test]
    fn every_tracker_row_has_one_required_owner_and_a_status() {
        let tracker = find_template("task-tracker").unwrap();
        let tasks = &tracker.tables[0];
        let owner = tasks.fields.iter().find(|f| f.id == "owner").unwrap();
        assert_eq!(owner.kind, FieldKind::Person, "a single owner, not several");
        assert!(owner.required);
        let status = tasks.fields.iter().find(|f| f.id == "status").unwrap();
        let ids: Vec<_> = status.kind.options().iter().map(|o| o.id).collect();
        assert_eq!(ids, ["not_started", "in_progress", "done", "delayed"]);
    }
}
