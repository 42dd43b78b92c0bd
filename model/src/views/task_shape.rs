/// Which cells of a template's table make its rows tasks: who does it, by
/// when, and whether it is done. Kept here beside the views, not in
/// `TableDef`, so the library's table data stay as SPEC lists them; a test
/// checks every shape against the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskShape {
    pub template: &'static str,
    pub table: &'static str,
    /// The cell that names the task.
    pub title: &'static str,
    /// The person cell of the one responsible (唯一负责人); the row owner
    /// stands in when it is empty.
    pub assignee: &'static str,
    pub due: &'static str,
    pub start: Option<&'static str>,
    /// The single-choice status cell and the option ids that mean done.
    pub status: Option<(&'static str, &'static [&'static str])>,
    /// The department cell, where rows name one.
    pub department: Option<&'static str>,
    /// The task-number cell that `depends` refers to.
    pub number: Option<&'static str>,
    /// A text cell listing the numbers of the tasks this one waits for.
    pub depends: Option<&'static str>,
    /// The single-choice priority cell (high / medium / low), where rows
    /// have one; a row without a value is medium.
    pub priority: Option<&'static str>,
    /// Whether rows take the task steps (review, deadline requests) between
    /// owner and initiator (`workflow::TaskStep`).
    pub steps: bool,
}

/// Tables whose rows are tracked tasks. Meeting action items and log to-dos
/// are left out: they become tracked tasks in a tracker (SPEC), and having
/// no status, they would stay open forever.
pub const TASK_SHAPES: &[TaskShape] = &[
    TaskShape {
        template: "task-tracker",
        table: "tasks",
        title: "task",
        assignee: "owner",
        due: "deadline",
        start: Some("start"),
        status: Some(("status", &["done"])),
        department: None,
        number: None,
        depends: None,
        priority: Some("priority"),
        steps: true,
    },
    TaskShape {
        template: "task-breakdown",
        table: "tasks",
        title: "name",
        assignee: "owner",
        due: "end",
        start: Some("start"),
        status: Some(("status", &["done"])),
        department: Some("department"),
        number: Some("no"),
        depends: Some("depends_on"),
        priority: None,
        steps: false,
    },
    TaskShape {
        template: "issue-risk-tracker",
        table: "issues",
        title: "problem",
        assignee: "owner",
        due: "resolve_by",
        start: None,
        status: Some(("status", &["resolved"])),
        department: None,
        number: None,
        depends: None,
        priority: None,
        steps: false,
    },
];

pub fn task_shapes(template: &str) -> impl Iterator<Item = &'static TaskShape> + '_ {
    TASK_SHAPES.iter().filter(move |s| s.template == template)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::FieldKind;
    use crate::library::find_template;

    #[test]
    fn every_shape_names_cells_of_the_right_kind() {
        for shape in TASK_SHAPES {
            let t = find_template(shape.template).expect(shape.template);
            let table = t.table(shape.table).expect(shape.table);
            let kind = |id: &str| {
                table
                    .fields
                    .iter()
                    .find(|f| f.id == id)
                    .map(|f| f.kind)
                    .unwrap_or_else(|| panic!("{}: no cell {id}", shape.template))
            };
            assert!(matches!(
                kind(shape.title),
                FieldKind::Text | FieldKind::LongText
            ));
            assert_eq!(kind(shape.assignee), FieldKind::Person);
            assert_eq!(kind(shape.due), FieldKind::Date);
            if let Some(start) = shape.start {
                assert_eq!(kind(start), FieldKind::Date);
            }
            if let Some((status, done)) = shape.status {
                let options = kind(status).options();
                assert!(done.iter().all(|d| options.iter().any(|o| o.id == *d)));
            }
            if let Some(dept) = shape.department {
                assert_eq!(kind(dept), FieldKind::Department);
            }
            if let Some(priority) = shape.priority {
                let options = kind(priority).options();
                assert!(options.iter().any(|o| o.id == crate::DEFAULT_PRIORITY));
            }
            for text in [shape.number, shape.depends].into_iter().flatten() {
                assert_eq!(kind(text), FieldKind::Text);
            }
        }
    }
}
