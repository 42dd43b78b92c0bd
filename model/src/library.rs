//! The built-in template library: one file per template, listed here in order.

mod collaboration_feedback;
mod customer_communication_log;
mod customer_requirement_intake;
mod deliverable_acceptance;
mod emergency_response;
mod follow_up_board;
mod internal_notice;
mod issue_risk_tracker;
mod meeting_minutes;
mod project_communication_log;
mod requirement_approval;
mod task_breakdown;
mod task_tracker;
mod weekly_progress_report;

use crate::template::Template;

pub use task_tracker::{DEFAULT_PRIORITY, PRIORITY};

/// Every template Concord ships, in the order the library shows them.
pub fn library() -> &'static [Template] {
    LIBRARY
}

/// The built-in template with this id.
pub fn find_template(id: &str) -> Option<&'static Template> {
    LIBRARY.iter().find(|t| t.id.0 == id)
}

/// SPEC.md's order, which is roughly the order a project meets them in.
static LIBRARY: &[Template] = &[
    requirement_approval::REQUIREMENT_APPROVAL,
    task_tracker::TASK_TRACKER,
    task_breakdown::TASK_BREAKDOWN,
    deliverable_acceptance::DELIVERABLE_ACCEPTANCE,
    collaboration_feedback::COLLABORATION_FEEDBACK,
    project_communication_log::PROJECT_COMMUNICATION_LOG,
    follow_up_board::FOLLOW_UP_BOARD,
    internal_notice::INTERNAL_NOTICE,
    customer_communication_log::CUSTOMER_COMMUNICATION_LOG,
    customer_requirement_intake::CUSTOMER_REQUIREMENT_INTAKE,
    meeting_minutes::MEETING_MINUTES,
    issue_risk_tracker::ISSUE_RISK_TRACKER,
    weekly_progress_report::WEEKLY_PROGRESS_REPORT,
    emergency_response::EMERGENCY_RESPONSE,
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::{FieldKind, Locale};

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
    fn the_library_holds_the_specs_fourteen_templates_in_its_order() {
        let names: Vec<_> = library().iter().map(|t| t.name.zh_cn).collect();
        assert_eq!(
            names,
            [
                "需求审批表",
                "协作任务跟踪表",
                "跨部门任务分解表",
                "成果验收单",
                "沟通反馈表",
                "跨部门项目沟通记录表",
                "项目跟进与信息共享表",
                "内部通知",
                "外部客户沟通记录表",
                "客户需求登记表",
                "会议纪要",
                "项目问题跟踪表",
                "周进度报表",
                "应急响应预案",
            ]
        );
    }

    #[test]
    fn ids_are_kebab_case_for_templates_and_snake_case_inside() {
        fn is_id(id: &str, separator: char) -> bool {
            id.starts_with(|c: char| c.is_ascii_lowercase())
                && id.split(separator).all(|word| {
                    !word.is_empty()
                        && word
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                })
        }
        for template in library() {
            assert!(is_id(template.id.0, '-'), "template id {}", template.id);
            let tables = template.tables.iter().map(|t| t.id);
            let fields = template.all_fields().map(|f| f.id);
            let options = template
                .all_fields()
                .flat_map(|f| f.kind.options().iter().map(|o| o.id));
            for id in tables.chain(fields).chain(options) {
                assert!(is_id(id, '_'), "{}: id {id}", template.id);
            }
        }
    }

    #[test]
    fn every_template_and_every_table_asks_for_something() {
        for template in library() {
            assert!(
                template.all_fields().any(|f| f.required),
                "{} has no required field",
                template.id
            );
            for table in template.tables {
                assert!(
                    table.fields.iter().any(|f| f.required),
                    "{}: table {} has no required field",
                    template.id,
                    table.id
                );
            }
        }
    }

    #[test]
    fn every_owner_is_a_single_person() {
        for template in library() {
            for field in template.all_fields().filter(|f| f.id == "owner") {
                assert_eq!(field.kind, FieldKind::Person, "{}", template.id);
            }
        }
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
        assert_eq!(
            ids,
            ["not_started", "in_progress", "done", "delayed", "in_review"]
        );
    }
}

#[cfg(test)]
mod flow_tests;
#[cfg(test)]
mod table_tests;
