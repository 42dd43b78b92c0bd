use super::*;
use crate::{
    CustomField, CustomKind, CustomOption, DeptId, Label, Locale, NewSignoff, Offset, PersonId,
    RowId,
    document::tests::{TestRng, actor, alice},
    library::find_template,
};

fn person(id: &str) -> String {
    match id {
        "alice" => "李娜".to_owned(),
        "bob" => "王芳".to_owned(),
        "carol" => "赵强".to_owned(),
        other => other.to_owned(),
    }
}

fn department(id: &str) -> String {
    match id {
        "rd" => "研发部".to_owned(),
        "sales" => "Sales".to_owned(),
        other => other.to_owned(),
    }
}

fn naming(locale: Locale) -> Naming<'static> {
    Naming {
        locale,
        zone: &Offset::CHINA,
        person: &person,
        department: &department,
    }
}

fn id(p: &str) -> PersonId {
    p.parse().unwrap()
}

/// 2026-03-02 09:00 in China, plus `minutes`.
fn at(minutes: i64) -> i64 {
    1_772_413_200_000 + minutes * 60_000
}

/// A requirement submitted by alice, forwarded by bob, signed by carol for
/// R&D (approving it), each step its own change by its own person.
fn approved() -> ConcordDoc {
    let t = find_template("requirement-approval").unwrap();
    let mut doc = ConcordDoc::create(t, "CRM 升级", &alice(), at(0), actor(1)).unwrap();
    doc.commit(at(0), Some("alice"));
    doc.set_field("title", Value::Text("CRM 升级".into()))
        .unwrap();
    let background = "客户资料分散在三个系统里，".repeat(12);
    doc.set_field("background", Value::Text(background))
        .unwrap();
    doc.set_field("departments", Value::Departments(vec!["rd".into()]))
        .unwrap();
    doc.set_field("people", Value::People(vec!["bob".into()]))
        .unwrap();
    doc.set_field("priority", Value::Choice("high".into()))
        .unwrap();
    doc.set_field(
        "budget",
        Value::Money {
            minor: 12_345_600,
            currency: "CNY".into(),
        },
    )
    .unwrap();
    doc.set_status("submitted").unwrap();
    doc.commit(at(10), Some("alice"));
    doc.set_status("in_review").unwrap();
    doc.commit(at(20), Some("bob"));
    let rd: [DeptId; 1] = ["rd".parse().unwrap()];
    let carol = id("carol");
    let sign = NewSignoff {
        by: &carol,
        transition: "sign",
        departments: &rd,
        decision: Decision::Approve,
        note: "同意上线",
    };
    doc.add_signoff(&sign, at(30), &mut TestRng(3)).unwrap();
    doc.set_status("approved").unwrap();
    doc.commit(at(30), Some("carol"));
    doc
}

#[test]
fn a_requirement_prints_its_fields_sign_offs_and_approval_history_by_name() {
    let mut doc = approved();
    let out = printout(
        &mut doc,
        &mut HistoryIndex::default(),
        &naming(Locale::ZhCn),
        100,
    )
    .unwrap();
    assert_eq!(out.title, "CRM 升级");
    assert_eq!(out.template, "需求审批表");
    assert_eq!(out.status, "已批准");
    assert_eq!(out.created_by, "李娜");
    assert_eq!(out.created_at, "2026-03-02 09:00");
    let field = |label: &str| {
        out.form
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("{label} is printed"))
    };
    // Long text whole, not a table's 80-character glimpse.
    assert_eq!(field("需求背景").chars().count(), 12 * 13);
    assert_eq!(field("涉及部门"), "研发部");
    assert_eq!(field("相关人员"), "王芳");
    assert_eq!(field("优先级"), "高");
    assert_eq!(field("预算金额"), "123,456.00 CNY");
    assert_eq!(field("期望完成日期"), "");
    assert_eq!(
        out.signoffs,
        [PrintedSignoff {
            by: "赵强".into(),
            step: "会签同意".into(),
            decision: "同意".into(),
            departments: "研发部".into(),
            note: "同意上线".into(),
            at: "2026-03-02 09:30".into(),
        }]
    );
    let moves: Vec<_> = out
        .moves
        .iter()
        .map(|m| (m.by.as_str(), m.from.as_str(), m.to.as_str(), m.at.as_str()))
        .collect();
    assert_eq!(
        moves,
        [
            ("李娜", "", "草稿", "2026-03-02 09:00"),
            ("李娜", "草稿", "待上级审核", "2026-03-02 09:10"),
            ("王芳", "待上级审核", "部门会签中", "2026-03-02 09:20"),
            ("赵强", "部门会签中", "已批准", "2026-03-02 09:30"),
        ]
    );
    assert_eq!(out.tables.len(), 1);
    assert_eq!(out.tables[0].label, "行动项");
    assert!(out.tables[0].rows.is_empty());
    assert_eq!(out.tables[0].columns, ["事项", "负责部门", "负责人"]);

    let en = printout(
        &mut doc,
        &mut HistoryIndex::default(),
        &naming(Locale::En),
        100,
    )
    .unwrap();
    assert_eq!(en.status, "Approved");
    assert_eq!(en.signoffs[0].decision, "Approved");
    assert_eq!(en.moves[3].to, "Approved");
}

#[test]
fn a_table_prints_every_row_up_to_the_limit_and_counts_the_rest() {
    let t = find_template("task-tracker").unwrap();
    let mut doc = ConcordDoc::create(t, "任务", &alice(), at(0), actor(1)).unwrap();
    doc.add_custom_field(&CustomField {
        id: "phase".into(),
        label: Label::new("阶段", "Phase"),
        kind: CustomKind::SingleChoice {
            options: vec![CustomOption {
                id: "p1".into(),
                label: Label::new("一期", "Phase one"),
            }],
        },
        required: false,
        table: Some("tasks".into()),
    })
    .unwrap();
    let mut rng = TestRng(9);
    let mut after: Option<RowId> = None;
    for i in 0..7 {
        let row = doc.add_row("tasks", after.as_ref(), &mut rng).unwrap();
        doc.set_cell("tasks", &row, "task", Value::Text(format!("任务 {i}")))
            .unwrap();
        doc.set_cell("tasks", &row, "owner", Value::Person("bob".into()))
            .unwrap();
        doc.set_cell("tasks", &row, "phase", Value::Choice("p1".into()))
            .unwrap();
        after = Some(row);
    }
    doc.commit(at(1), Some("alice"));
    let print = |doc: &mut ConcordDoc, max| {
        printout(
            doc,
            &mut HistoryIndex::default(),
            &naming(Locale::ZhCn),
            max,
        )
        .unwrap()
    };
    let all = print(&mut doc, 7);
    let tasks = &all.tables[0];
    assert_eq!(tasks.rows.len(), 7);
    assert_eq!(tasks.left_out, 0);
    let column = |title: &str| tasks.columns.iter().position(|c| c == title).unwrap();
    assert_eq!(tasks.rows[6][column("任务")], "任务 6");
    assert_eq!(tasks.rows[6][column("负责人")], "王芳");
    assert_eq!(tasks.rows[6][column("阶段")], "一期");
    assert!(tasks.rows.iter().all(|r| r.len() == tasks.columns.len()));
    // Only the filled columns print; the others are named.
    assert_eq!(tasks.columns, ["任务", "负责人", "阶段"]);
    assert!(tasks.empty_columns.contains(&"截止日期".to_owned()));
    assert_eq!(
        tasks.columns.len() + tasks.empty_columns.len(),
        t.tables[0].fields.len() + 1
    );

    let cut = print(&mut doc, 3);
    assert_eq!(cut.tables[0].rows, all.tables[0].rows[..3]);
    assert_eq!(cut.tables[0].left_out, 4);
}
