use super::*;
use crate::{
    ConcordDoc, CustomField, CustomKind, CustomOption, Label, Locale, Offset, ParseError, Value,
    document::tests::{TestRng, actor, alice},
    library::find_template,
};

fn tracker() -> ConcordDoc {
    let t = find_template("task-tracker").unwrap();
    let mut doc = ConcordDoc::create(t, "导入", &alice(), 0, actor(1)).unwrap();
    doc.add_custom_field(&CustomField {
        id: "site".into(),
        label: Label::new("地点", "Site"),
        kind: CustomKind::SingleChoice {
            options: vec![CustomOption {
                id: "sh".into(),
                label: Label::new("上海", "Shanghai"),
            }],
        },
        required: false,
        table: Some("tasks".into()),
    })
    .unwrap();
    doc
}

fn grid(lines: &[&[&str]]) -> Grid {
    Grid {
        rows: lines
            .iter()
            .map(|l| l.iter().map(|c| (*c).to_owned()).collect())
            .collect(),
        ..Grid::default()
    }
}

fn person(name: &str) -> Option<String> {
    match name {
        "王博" | "bob" => Some("bob".into()),
        "alice" | "Alice Li" => Some("alice".into()),
        _ => None,
    }
}

fn department(name: &str) -> Option<String> {
    (name == "销售部").then(|| "sales".into())
}

const NAMES: Names = Names {
    person: &person,
    department: &department,
};

fn preview(doc: &ConcordDoc, grid: &Grid, required_due: bool) -> ImportPreview {
    let fields = import_fields(doc, "tasks").unwrap();
    let header = guess_header_row(grid, &fields);
    let mapping = guess_mapping(&grid.rows[header], &fields);
    let existing = doc.rows("tasks").unwrap();
    ImportPreview::read(
        grid,
        header,
        &mapping,
        &fields,
        &NAMES,
        &Offset::CHINA,
        required_due,
        &existing,
    )
}

#[test]
fn headers_in_either_language_name_fields_and_the_rest_stay_unmapped() {
    let doc = tracker();
    let fields = import_fields(&doc, "tasks").unwrap();
    let header: Vec<String> = [" 任务 *", "OWNER", "Deadline", "备注列", "地点", "任务"]
        .map(String::from)
        .to_vec();
    let mapping = guess_mapping(&header, &fields);
    let ids: Vec<Option<&str>> = mapping
        .iter()
        .map(|m| m.map(|i| fields[i].id.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            Some("task"),
            Some("owner"),
            Some("deadline"),
            None,
            Some("site"),
            None
        ],
        "a second 任务 column goes nowhere: a field takes one column"
    );
}

#[test]
fn a_title_above_the_header_is_passed_over() {
    let doc = tracker();
    let fields = import_fields(&doc, "tasks").unwrap();
    let g = grid(&[
        &["", "", ""],
        &["2026 任务表", "2026 任务表", "2026 任务表"],
        &["任务", "负责人", "截止日期"],
        &["写方案", "bob", "2026-03-01"],
    ]);
    assert_eq!(guess_header_row(&g, &fields), 2);
    let nothing_named = grid(&[&["", ""], &["a", "b"], &["c", "d"]]);
    assert_eq!(guess_header_row(&nothing_named, &fields), 1);
    assert_eq!(guess_header_row(&Grid::default(), &fields), 0);
}

#[test]
fn every_cell_is_read_by_its_kind_and_every_problem_named() {
    let doc = tracker();
    let g = grid(&[
        &[
            "任务",
            "负责人",
            "截止日期",
            "状态",
            "协作人",
            "风险",
            "地点",
            "无关",
        ],
        &[
            "写方案",
            "王博",
            "2026-03-01",
            "进行中",
            "bob、Alice Li",
            "是",
            "Shanghai",
            "x",
        ],
        &["", "", "", "", "", "", "", "only unmapped text"],
        &["审合同", "赵六", "3月1日后", "Blocked", "", "maybe", "", ""],
        &["定预算", "", "2026/3/5", "done", "", "", "上海", ""],
    ]);
    let p = preview(&doc, &g, false);
    assert_eq!(p.header_row, 0);
    assert_eq!(
        p.rows.len(),
        3,
        "a line blank in every mapped column is left out"
    );
    let first = &p.rows[0];
    assert_eq!(first.state, RowState::Ready);
    let cell = |row: &ImportRow, id: &str| {
        row.cells
            .iter()
            .find(|(f, _)| f == id)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(cell(first, "owner"), Some(Value::Person("bob".into())));
    assert_eq!(
        cell(first, "deadline"),
        Some(Value::Date("2026-03-01".into()))
    );
    assert_eq!(
        cell(first, "status"),
        Some(Value::Choice("in_progress".into()))
    );
    assert_eq!(
        cell(first, "collaborators"),
        Some(Value::People(vec!["bob".into(), "alice".into()]))
    );
    assert_eq!(cell(first, "risk"), Some(Value::Checkbox(true)));
    assert_eq!(cell(first, "site"), Some(Value::Choice("sh".into())));
    let bad = &p.rows[1];
    assert_eq!((bad.line, bad.state), (3, RowState::Problems));
    let problems: Vec<(Option<usize>, &Problem)> = bad
        .problems
        .iter()
        .map(|p| (p.column, &p.problem))
        .collect();
    assert_eq!(
        problems,
        [
            (Some(1), &Problem::UnknownPerson("赵六".into())),
            (Some(2), &Problem::Unreadable(ParseError::NotADate)),
            (Some(3), &Problem::Unreadable(ParseError::NotAnOption)),
            (Some(5), &Problem::Unreadable(ParseError::NotYesOrNo)),
        ]
    );
    assert_eq!(
        p.rows[2].state,
        RowState::Ready,
        "an empty owner is the importer"
    );
    assert_eq!(
        (p.count(RowState::Ready), p.count(RowState::Problems)),
        (2, 1)
    );
    for problem in &bad.problems {
        assert!(!problem.problem.text(Locale::ZhCn).is_empty());
        assert!(
            problem.problem.text(Locale::En).is_ascii()
                || problem.problem.text(Locale::En).contains('“')
        );
    }
    assert!(
        Problem::UnknownPerson("赵六".into())
            .text(Locale::En)
            .contains("赵六")
    );
}

#[test]
fn required_cells_are_asked_for_once_rows_must_bring_them() {
    let doc = tracker();
    let g = grid(&[
        &["任务", "截止日期"],
        &["", "2026-03-01"],
        &["写方案", "2026-03-02"],
    ]);
    let relaxed = preview(&doc, &g, false);
    assert_eq!(relaxed.count(RowState::Ready), 2);
    let strict = preview(&doc, &g, true);
    let first: Vec<(Option<usize>, &str)> = strict.rows[0]
        .problems
        .iter()
        .map(|p| (p.column, p.field.as_str()))
        .collect();
    // The task is empty; no column gives the status; the owner is the importer.
    assert_eq!(first, [(Some(0), "task"), (None, "status")]);
    assert_eq!(strict.count(RowState::Ready), 0);
}

#[test]
fn formulas_without_a_value_and_error_values_are_problems_merged_cells_are_not() {
    let doc = tracker();
    let mut g = grid(&[
        &["任务", "截止日期", "负责人"],
        &["a", "", "bob"],
        &["b", "#DIV/0!", "bob"],
        &["c", "2026-03-01", "bob"],
    ]);
    g.marks = vec![
        CellMark {
            row: 1,
            column: 1,
            mark: Mark::NoCachedValue,
        },
        CellMark {
            row: 2,
            column: 1,
            mark: Mark::ErrorValue,
        },
        CellMark {
            row: 3,
            column: 2,
            mark: Mark::Merged { row: 2, column: 2 },
        },
    ];
    let p = preview(&doc, &g, false);
    assert_eq!(p.rows[0].problems[0].problem, Problem::NoCachedValue);
    assert_eq!(p.rows[1].problems[0].problem, Problem::ErrorValue);
    assert_eq!(p.rows[2].state, RowState::Ready);
}

#[test]
fn good_rows_go_in_as_one_change_and_a_second_import_skips_them() {
    let mut doc = tracker();
    let g = grid(&[
        &["Task", "Owner", "Deadline", "Status", "Description"],
        &["写方案", "王博", "2026-03-01", "进行中", "第一行\n第二行"],
        &["审合同", "nobody", "2026-03-02", "未开始", ""],
        &["定预算", "", "2026-03-05", "done", ""],
    ]);
    let p = preview(&doc, &g, false);
    doc.commit(0, None);
    let before = doc.heads();
    let added = doc
        .add_filled_rows("tasks", p.ready_rows(), &alice(), &mut TestRng(3))
        .unwrap();
    assert_eq!(added.len(), 2);
    doc.commit(1_000, None);
    let changes = doc.automerge_mut().get_changes(&before).len();
    assert_eq!(changes, 1, "every row in one change");
    let rows = doc.rows("tasks").unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].cells["task"], Value::Text("写方案".into()));
    assert_eq!(rows[0].cells["owner"], Value::Person("bob".into()));
    assert_eq!(
        rows[0].cells["description"],
        Value::Text("第一行\n第二行".into())
    );
    assert_eq!(
        rows[1].cells["owner"],
        Value::Person("alice".into()),
        "the importer"
    );
    assert_eq!(rows[1].cells["status"], Value::Choice("done".into()));
    // The fixed file again: the rows already there stay out, the fixed one goes in.
    let fixed = grid(&[
        &["Task", "Owner", "Deadline", "Status", "Description"],
        &["写方案", "王博", "2026-03-01", "进行中", "第一行\n第二行"],
        &["审合同", "bob", "2026-03-02", "未开始", ""],
        &["定预算", "alice", "2026-03-05", "done", ""],
    ]);
    let again = preview(&doc, &fixed, false);
    let states: Vec<RowState> = again.rows.iter().map(|r| r.state).collect();
    assert_eq!(
        states,
        [
            RowState::AlreadyThere,
            RowState::Ready,
            RowState::AlreadyThere
        ]
    );
    doc.add_filled_rows("tasks", again.ready_rows(), &alice(), &mut TestRng(4))
        .unwrap();
    let tasks: Vec<Value> = doc
        .rows("tasks")
        .unwrap()
        .into_iter()
        .map(|r| r.cells["task"].clone())
        .collect();
    assert_eq!(
        tasks,
        ["写方案", "定预算", "审合同"].map(|t| Value::Text(t.into()))
    );
}
