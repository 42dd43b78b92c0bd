use super::*;
use crate::{
    CustomField, CustomKind, Day, Label, Offset, RowId,
    document::tests::{TestRng, actor, alice},
    library::find_template,
    views::RowSort,
};

fn person(id: &str) -> String {
    match id {
        "bob" => "王博".to_owned(),
        "carol" => "Carol Chen".to_owned(),
        other => other.to_owned(),
    }
}

fn department(id: &str) -> String {
    id.to_owned()
}

fn naming(locale: Locale) -> Naming<'static> {
    Naming {
        locale,
        zone: &Offset::CHINA,
        person: &person,
        department: &department,
    }
}

/// A task tracker with a custom money column and rows of (task, owner,
/// deadline, status, budget in fen).
fn tracker(rows: &[(&str, &str, &str, &str, i64)]) -> ConcordDoc {
    let t = find_template("task-tracker").unwrap();
    let mut doc = ConcordDoc::create(t, "导出 =测试", &alice(), 0, actor(1)).unwrap();
    doc.add_custom_field(&CustomField {
        id: "cost".into(),
        label: Label::new("费用", "Cost"),
        kind: CustomKind::Money,
        required: false,
        table: Some("tasks".into()),
    })
    .unwrap();
    let mut rng = TestRng(7);
    let mut after: Option<RowId> = None;
    for (task, owner, deadline, status, fen) in rows {
        let row = doc.add_row("tasks", after.as_ref(), &mut rng).unwrap();
        let mut set = |field: &str, value| doc.set_cell("tasks", &row, field, value).unwrap();
        set("task", Value::Text((*task).into()));
        set("owner", Value::Person((*owner).into()));
        set("deadline", Value::Date((*deadline).into()));
        set("status", Value::Choice((*status).into()));
        set("risk", Value::Checkbox(*fen > 10_000));
        set(
            "cost",
            Value::Money {
                minor: *fen,
                currency: "CNY".into(),
            },
        );
        after = Some(row);
    }
    doc
}

fn rows() -> ConcordDoc {
    tracker(&[
        (
            "=cmd|' /C calc'!A0",
            "bob",
            "2026-03-05",
            "in_progress",
            50_000,
        ),
        ("写方案 🙂", "carol", "2026-03-01", "done", 1_250),
        ("مراجعة", "bob", "2026-03-03", "not_started", 99),
    ])
}

fn column(sheet: &Sheet, title: &str) -> usize {
    sheet
        .columns
        .iter()
        .position(|c| c.title == title)
        .unwrap_or_else(|| panic!("no column {title}"))
}

#[test]
fn a_table_comes_out_sorted_and_filtered_as_shown_with_typed_cells() {
    let doc = rows();
    let query = RowQuery {
        sort: Some(RowSort {
            field: "deadline".into(),
            descending: false,
        }),
        text: "王博".into(),
        ..RowQuery::default()
    };
    let me: PersonId = "carol".parse().unwrap();
    let sheet = table_sheet(
        &doc,
        "tasks",
        &query,
        &me,
        "2026-03-02",
        &naming(Locale::ZhCn),
    )
    .unwrap()
    .unwrap();
    assert_eq!(sheet.name, "任务");
    assert_eq!(
        sheet.preamble,
        vec![
            ("文档".to_owned(), "导出 =测试".to_owned()),
            ("表格".to_owned(), "任务".to_owned()),
            ("筛选后".to_owned(), "2 / 3 行".to_owned()),
        ]
    );
    let (task, owner, deadline) = (
        column(&sheet, "任务"),
        column(&sheet, "负责人"),
        column(&sheet, "截止日期"),
    );
    let (status, risk, cost) = (
        column(&sheet, "状态"),
        column(&sheet, "风险"),
        column(&sheet, "费用"),
    );
    // Only bob's rows (the filter matches the name shown), earliest deadline first.
    let tasks: Vec<&Cell> = sheet.rows.iter().map(|r| &r[task]).collect();
    assert_eq!(
        tasks,
        [&Cell::from("مراجعة"), &Cell::from("=cmd|' /C calc'!A0")]
    );
    let first = &sheet.rows[0];
    assert_eq!(first[owner], Cell::from("王博"));
    assert_eq!(
        first[deadline],
        Cell::Date {
            date: Day::from_ymd(2026, 3, 3).unwrap()
        }
    );
    assert_eq!(first[status], Cell::from("未开始"));
    assert_eq!(first[risk], Cell::Bool(false));
    assert_eq!(
        first[cost],
        Cell::Money {
            minor: 99,
            currency: "CNY".into()
        }
    );
    assert_eq!(sheet.check(), Ok(()));
    // Sorted the other way round, unfiltered: every row, latest first.
    let latest_first = RowQuery {
        sort: Some(RowSort {
            field: "deadline".into(),
            descending: true,
        }),
        ..RowQuery::default()
    };
    let all = table_sheet(&doc, "tasks", &latest_first, &me, "", &naming(Locale::En))
        .unwrap()
        .unwrap();
    assert_eq!(all.name, "Tasks");
    assert_eq!(all.preamble.len(), 2, "nothing filtered out");
    let deadlines: Vec<String> = all
        .rows
        .iter()
        .map(|r| match &r[deadline] {
            Cell::Date { date } => date.to_string(),
            other => panic!("not a date: {other:?}"),
        })
        .collect();
    assert_eq!(deadlines, ["2026-03-05", "2026-03-03", "2026-03-01"]);
    assert_eq!(all.rows[1][status], Cell::from("Not started"));
}

#[test]
fn a_table_the_template_lacks_is_none() {
    let me: PersonId = "carol".parse().unwrap();
    let none = table_sheet(
        &rows(),
        "nope",
        &RowQuery::default(),
        &me,
        "",
        &naming(Locale::En),
    );
    assert!(matches!(none, Ok(None)));
}

#[test]
fn the_csv_of_a_table_guards_formulas_and_names_people() {
    let me: PersonId = "carol".parse().unwrap();
    let sheet = table_sheet(
        &rows(),
        "tasks",
        &RowQuery::default(),
        &me,
        "",
        &naming(Locale::ZhCn),
    )
    .unwrap()
    .unwrap();
    let csv = crate::export::to_csv(&sheet).unwrap();
    let text = std::str::from_utf8(&csv[3..]).unwrap();
    assert!(text.contains("'=cmd|' /C calc'!A0"), "{text}");
    assert!(
        text.contains("王博") && text.contains("Carol Chen"),
        "{text}"
    );
    assert!(text.contains("费用 (CNY)"), "{text}");
    // The cost column is the document's own, last: bare amounts.
    assert!(text.contains(",500.00\r\n"), "{text}");
    assert!(!text.contains("bob"), "people by name, not id: {text}");
}

#[test]
fn the_whole_document_is_its_form_then_every_table() {
    let t = find_template("requirement-approval").unwrap();
    let mut doc = ConcordDoc::create(t, "采购 CRM", &alice(), 0, actor(2)).unwrap();
    doc.set_field(
        "budget",
        Value::Money {
            minor: 8_800_000,
            currency: "CNY".into(),
        },
    )
    .unwrap();
    let sheets = document_sheets(&doc, &naming(Locale::ZhCn)).unwrap();
    assert_eq!(sheets[0].name, "表单");
    assert_eq!(sheets.len(), 1 + t.tables.len());
    for (sheet, def) in sheets[1..].iter().zip(t.tables) {
        assert_eq!(sheet.name, sheet_name(def.label.zh_cn, &[]));
    }
    let budget = sheets[0]
        .rows
        .iter()
        .find(|r| r[0] == Cell::from("预算金额"))
        .expect("the budget's line");
    assert_eq!(
        budget[1],
        Cell::Money {
            minor: 8_800_000,
            currency: "CNY".into()
        }
    );
    assert_eq!(Sheet::check_book(&sheets), Ok(()));
}

#[test]
fn sheet_names_are_cleaned_cut_and_kept_apart() {
    assert_eq!(sheet_name("a/b: [c]?", &[]), "ab c");
    assert_eq!(sheet_name("", &[]), "Sheet");
    assert_eq!(sheet_name("任务", &["任务"]), "任务 2");
    assert_eq!(sheet_name("Tasks", &["tasks", "Tasks 2"]), "Tasks 3");
    let long = "长".repeat(40);
    assert_eq!(sheet_name(&long, &[]).chars().count(), MAX_NAME_CHARS);
    let again = sheet_name(&long, &[&"长".repeat(31)]);
    assert_eq!(again.chars().count(), MAX_NAME_CHARS);
    assert!(again.ends_with(" 2"));
}
