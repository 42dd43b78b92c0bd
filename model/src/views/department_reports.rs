//! A weekly progress report, per department: which have reported, which
//! are filling in, which have not started (SPEC: due Friday 17:00, shown
//! per department).

use crate::{
    access::PersonId,
    document::{ConcordDoc, DocResult, Value},
};

/// The template reported per department.
pub const WEEKLY_TEMPLATE: &str = "weekly-progress-report";
const TABLE: &str = "departments";
/// What a department's row must say for it to count as reported.
const CONTENT: [&str; 5] = ["done", "in_progress", "delayed", "problems", "next_week"];

/// Where one department's part of the report stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeptReport {
    /// No row names the department.
    Missing,
    /// A row names it, with nothing reported in it yet.
    Started { reporter: Option<PersonId> },
    /// Its row reports something.
    Reported { reporter: Option<PersonId> },
}

/// One department's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentReport {
    pub department: String,
    pub report: DeptReport,
}

/// Every department of `expected` (the directory's, in its order), then any
/// other a row names: empty for any other template.
pub fn department_reports(
    doc: &ConcordDoc,
    expected: &[String],
) -> DocResult<Vec<DepartmentReport>> {
    if doc.template().id.0 != WEEKLY_TEMPLATE {
        return Ok(Vec::new());
    }
    let mut lines: Vec<DepartmentReport> = expected
        .iter()
        .map(|d| DepartmentReport {
            department: d.clone(),
            report: DeptReport::Missing,
        })
        .collect();
    for row in doc.rows(TABLE)? {
        let Some(Value::Department(department)) = row.cells.get("department") else {
            continue;
        };
        let reporter = match row.cells.get("reporter") {
            Some(Value::Person(p)) => p.parse().ok(),
            _ => None,
        };
        let reported = CONTENT
            .iter()
            .any(|f| row.cells.get(*f).is_some_and(|v| !v.is_blank()));
        let report = if reported {
            DeptReport::Reported { reporter }
        } else {
            DeptReport::Started { reporter }
        };
        match lines.iter_mut().find(|l| &l.department == department) {
            // Two rows for one department: the one that reports counts.
            Some(line) if matches!(line.report, DeptReport::Reported { .. }) => {}
            Some(line) => line.report = report,
            None => lines.push(DepartmentReport {
                department: department.clone(),
                report,
            }),
        }
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        document::{ActorId, tests::TestRng},
        library::find_template,
    };

    #[test]
    fn each_department_reads_missing_started_or_reported() {
        let t = find_template(WEEKLY_TEMPLATE).unwrap();
        let alice: PersonId = "alice".parse().unwrap();
        let mut doc =
            ConcordDoc::create(t, "第 49 周", &alice, 1, ActorId::from(vec![1; 16])).unwrap();
        let mut rng = TestRng(3);
        let sales = doc.add_row(TABLE, None, &mut rng).unwrap();
        doc.set_cell(
            TABLE,
            &sales,
            "department",
            Value::Department("sales".into()),
        )
        .unwrap();
        doc.set_cell(TABLE, &sales, "reporter", Value::Person("bob".into()))
            .unwrap();
        let ops = doc.add_row(TABLE, Some(&sales), &mut rng).unwrap();
        doc.set_cell(TABLE, &ops, "department", Value::Department("ops".into()))
            .unwrap();
        doc.set_cell(TABLE, &ops, "done", Value::Text("  ".into()))
            .unwrap();
        let expected = ["rd".to_owned(), "sales".to_owned()];
        let lines = department_reports(&doc, &expected).unwrap();
        let bob = Some("bob".parse().unwrap());
        assert_eq!(
            lines,
            vec![
                DepartmentReport {
                    department: "rd".into(),
                    report: DeptReport::Missing
                },
                DepartmentReport {
                    department: "sales".into(),
                    report: DeptReport::Started {
                        reporter: bob.clone()
                    }
                },
                DepartmentReport {
                    department: "ops".into(),
                    report: DeptReport::Started { reporter: None }
                },
            ]
        );
        doc.set_cell(TABLE, &sales, "done", Value::Text("签约两家".into()))
            .unwrap();
        let lines = department_reports(&doc, &expected).unwrap();
        assert_eq!(lines[1].report, DeptReport::Reported { reporter: bob });
        let notice = ConcordDoc::create(
            find_template("internal-notice").unwrap(),
            "n",
            &alice,
            1,
            ActorId::from(vec![1; 16]),
        )
        .unwrap();
        assert!(department_reports(&notice, &expected).unwrap().is_empty());
    }
}
