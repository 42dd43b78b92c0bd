use concord_model::{
    Today,
    views::{Awaiting, DueAt},
};
use concord_sync::DocumentId;
use serde::{Deserialize, Serialize};

/// `GET /api/tasks`: everything waiting for the signed-in person across
/// the documents they may read, overdue first, then soonest due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskCentre {
    pub items: Vec<TaskCentreItem>,
    /// The relay's clock when it answered (ms since the epoch): how old a
    /// kept answer is, offline.
    pub as_of_ms: i64,
}

/// One thing waiting for the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskCentreItem {
    #[serde(with = "super::documents::document_id_text")]
    pub doc: DocumentId,
    pub doc_title: String,
    pub template_id: String,
    /// `task`, `step` or `read` (`concord_model::views::AwaitingKind`).
    pub kind: String,
    pub table: Option<String>,
    pub row: Option<String>,
    /// A task's title; a step's id.
    pub what: String,
    /// `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM` in the workspace's zone.
    pub due: Option<String>,
    pub overdue: bool,
    /// A task's priority: `high`, `medium` or `low`; absent for steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
}

impl TaskCentreItem {
    /// One thing `doc` waits for, as the task centre lists it on `today`.
    pub fn of(
        doc: DocumentId,
        doc_title: &str,
        template_id: &str,
        item: &Awaiting,
        today: &Today,
    ) -> Self {
        Self {
            doc,
            doc_title: doc_title.to_owned(),
            template_id: template_id.to_owned(),
            kind: item.kind.as_str().to_owned(),
            table: item.table.map(str::to_owned),
            row: item.row.as_ref().map(|r| r.0.clone()),
            what: item.what.clone(),
            due: item.due.map(|due| match due {
                DueAt::Day(day) => day.to_string(),
                DueAt::At(at) => format!("{} {:02}:{:02}", at.day(), at.hour(), at.minute()),
            }),
            overdue: item.due.is_some_and(|d| d.is_past(today)),
            priority: item.priority.clone(),
        }
    }
}

impl TaskCentre {
    /// Overdue first, then soonest due (the texts sort as their times do),
    /// nothing due last; ties by document title.
    pub fn sort(items: &mut [TaskCentreItem]) {
        items.sort_by(|a, b| {
            let key = |i: &TaskCentreItem| {
                (
                    !i.overdue,
                    i.due.is_none(),
                    i.due.clone(),
                    i.doc_title.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_reads_back() {
        let centre = TaskCentre {
            items: vec![TaskCentreItem {
                doc: DocumentId::from_bytes([7; 16]),
                doc_title: "上线计划".into(),
                template_id: "task-tracker".into(),
                kind: "task".into(),
                table: Some("tasks".into()),
                row: Some("r1".into()),
                what: "发报价".into(),
                due: Some("2026-12-08".into()),
                overdue: false,
                priority: Some("high".into()),
            }],
            as_of_ms: 5,
        };
        let json = serde_json::to_value(&centre).unwrap();
        assert_eq!(json["items"][0]["doc"], centre.items[0].doc.to_string());
        assert_eq!(serde_json::from_value::<TaskCentre>(json).unwrap(), centre);
    }

    #[test]
    fn overdue_comes_first_then_soonest_due_then_undated() {
        let item = |title: &str, due: Option<&str>, overdue: bool| TaskCentreItem {
            doc: DocumentId::from_bytes([1; 16]),
            doc_title: title.into(),
            template_id: "task-tracker".into(),
            kind: "task".into(),
            table: None,
            row: None,
            what: String::new(),
            due: due.map(str::to_owned),
            overdue,
            priority: None,
        };
        let mut items = vec![
            item("undated", None, false),
            item("later", Some("2026-12-20"), false),
            item("late", Some("2026-12-01"), true),
            item("review", Some("2026-12-08 17:00"), false),
            item("sooner", Some("2026-12-08"), false),
        ];
        TaskCentre::sort(&mut items);
        let order: Vec<&str> = items.iter().map(|i| i.doc_title.as_str()).collect();
        assert_eq!(order, ["late", "sooner", "review", "later", "undated"]);
    }
}
