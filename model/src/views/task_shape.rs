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

impl TaskShape {
    /// The cells a row's task item (and its steps, where it takes them) is
    /// read from: a view of thousands of task rows reads only these.
    pub fn item_cells(&self) -> Vec<&'static str> {
        let mut cells = vec![self.title, self.assignee, self.due];
        cells.extend(self.start);
        cells.extend(self.status.map(|(id, _)| id));
        cells.extend(self.department);
        cells.extend(self.priority);
        if self.steps {
            cells.extend(crate::workflow::TaskRow::CELLS);
        }
        cells
    }
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

    /// A row read with only `item_cells` makes the same task item and the
    /// same steps as the whole row: no cell they read is left out.
    #[test]
    fn a_task_item_needs_only_its_item_cells() {
        use crate::document::{RowId, RowView, Value, task_row_of};
        for shape in TASK_SHAPES {
            let table = find_template(shape.template)
                .and_then(|t| t.table(shape.table))
                .expect(shape.table);
            // Every cell of the table, and every cell the steps read, filled.
            let ids = table
                .fields
                .iter()
                .map(|f| f.id)
                .chain(crate::workflow::TaskRow::CELLS);
            let whole = RowView {
                id: RowId("r1".into()),
                order: "a".into(),
                owner: Some("ann".parse().unwrap()),
                cells: ids
                    .enumerate()
                    .map(|(i, id)| {
                        let value = if id == shape.assignee || id == "initiator" {
                            Value::Person(format!("p{i}"))
                        } else {
                            Value::Text(format!("v{i}"))
                        };
                        (id.to_owned(), value)
                    })
                    .collect(),
            };
            let mut few = whole.clone();
            let cells = shape.item_cells();
            few.cells.retain(|id, _| cells.contains(&id.as_str()));
            assert!(few.cells.len() < whole.cells.len(), "{}", shape.template);
            assert_eq!(
                super::super::task::task_of("d", shape, &few),
                super::super::task::task_of("d", shape, &whole),
                "{}",
                shape.template
            );
            if shape.steps {
                assert_eq!(
                    task_row_of(few.owner.clone(), &few.cells),
                    task_row_of(whole.owner.clone(), &whole.cells)
                );
            }
        }
    }
}
