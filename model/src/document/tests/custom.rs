//! Custom fields and documents made from sub-templates.

use super::*;
use crate::custom_field::{CustomField, CustomKind, CustomOption, Label};
use crate::derived_template::DerivedTemplate;
use crate::document::FieldMove;
use crate::library::find_template;

fn custom(id: &str, kind: CustomKind, table: Option<&str>) -> CustomField {
    CustomField {
        id: id.into(),
        label: Label::new("自定义", "Custom"),
        kind,
        required: false,
        table: table.map(str::to_owned),
    }
}

fn choice() -> CustomKind {
    CustomKind::SingleChoice {
        options: vec![
            CustomOption {
                id: "a".into(),
                label: Label::new("甲", "A"),
            },
            CustomOption {
                id: "b".into(),
                label: Label::new("乙", "B"),
            },
        ],
    }
}

#[test]
fn custom_fields_are_typed_like_template_fields() {
    let tracker = find_template("task-tracker").unwrap();
    let mut doc = new_doc(tracker);
    let mut rng = TestRng(21);
    let row = doc.add_row("tasks", None, &mut rng).unwrap();
    doc.add_custom_field(&custom("cf-grade", choice(), None))
        .unwrap();
    doc.add_custom_field(&custom("cf-note", CustomKind::LongText, Some("tasks")))
        .unwrap();
    doc.add_custom_field(&custom(
        "cf-score",
        CustomKind::Rating { max: 3 },
        Some("tasks"),
    ))
    .unwrap();

    doc.set_field("cf-grade", Value::Choice("b".into()))
        .unwrap();
    assert!(matches!(
        doc.set_field("cf-grade", Value::Choice("z".into())),
        Err(DocError::InvalidValue { .. })
    ));
    assert!(matches!(
        doc.set_field("cf-grade", Value::Number(1.0)),
        Err(DocError::WrongKind { .. })
    ));
    // A table's custom field is a cell, not a form field, and vice versa.
    assert!(doc.set_field("cf-score", Value::Rating(1)).is_err());
    assert!(
        doc.set_cell("tasks", &row, "cf-grade", Value::Choice("a".into()))
            .is_err()
    );
    assert!(
        doc.set_cell("tasks", &row, "cf-score", Value::Rating(4))
            .is_err()
    );
    doc.set_cell("tasks", &row, "cf-score", Value::Rating(3))
        .unwrap();
    // The existing row got its Text, and so does a new one.
    doc.splice_cell_text("tasks", &row, "cf-note", 0, 0, "备注")
        .unwrap();
    let later = doc.add_row("tasks", Some(&row), &mut rng).unwrap();
    doc.splice_cell_text("tasks", &later, "cf-note", 0, 0, "x")
        .unwrap();

    let mut loaded = ConcordDoc::load(&doc.save()).unwrap();
    assert_eq!(
        loaded.custom_fields().unwrap(),
        doc.custom_fields().unwrap()
    );
    assert_eq!(
        loaded.field("cf-grade").unwrap(),
        Some(Value::Choice("b".into()))
    );
    let rows = loaded.rows("tasks").unwrap();
    assert_eq!(rows[0].cells.get("cf-score"), Some(&Value::Rating(3)));
    assert_eq!(
        rows[0].cells.get("cf-note"),
        Some(&Value::Text("备注".into()))
    );
    loaded.set_actor(actor(7));
    loaded
        .set_cell("tasks", &later, "cf-score", Value::Rating(1))
        .unwrap();
}

#[test]
fn bad_custom_fields_are_refused() {
    let tracker = find_template("task-tracker").unwrap();
    let mut doc = new_doc(tracker);
    let refused = |doc: &mut ConcordDoc, field: CustomField| doc.add_custom_field(&field).is_err();
    assert!(refused(&mut doc, custom("project", CustomKind::Text, None)));
    assert!(refused(
        &mut doc,
        custom("owner", CustomKind::Text, Some("tasks"))
    ));
    assert!(refused(
        &mut doc,
        custom("x", CustomKind::Text, Some("no-table"))
    ));
    assert!(refused(&mut doc, custom("a b", CustomKind::Text, None)));
    assert!(refused(
        &mut doc,
        custom("x", CustomKind::SingleChoice { options: vec![] }, None)
    ));
    assert!(refused(
        &mut doc,
        custom("x", CustomKind::Rating { max: 0 }, None)
    ));
    doc.add_custom_field(&custom("x", CustomKind::Text, None))
        .unwrap();
    assert!(refused(&mut doc, custom("x", CustomKind::Number, None)));
    let mut rng = TestRng(1);
    let a = CustomField::random_id(&mut rng);
    assert!(a.starts_with("cf-") && a != CustomField::random_id(&mut rng));
}

#[test]
fn custom_fields_added_on_two_replicas_merge() {
    let tracker = find_template("task-tracker").unwrap();
    let mut one = new_doc(tracker);
    let mut two = one.fork(actor(2));
    one.add_custom_field(&custom("cf-1", CustomKind::Number, None))
        .unwrap();
    one.set_field("cf-1", Value::Number(3.0)).unwrap();
    two.add_custom_field(&custom("cf-2", choice(), Some("tasks")))
        .unwrap();
    let row = two.add_row("tasks", None, &mut TestRng(2)).unwrap();
    two.set_cell("tasks", &row, "cf-2", Value::Choice("a".into()))
        .unwrap();
    one.merge(&mut two).unwrap();
    two.merge(&mut one).unwrap();
    assert_eq!(one.custom_fields().unwrap().len(), 2);
    assert_eq!(one.custom_fields().unwrap(), two.custom_fields().unwrap());
    assert_eq!(one.rows("tasks").unwrap(), two.rows("tasks").unwrap());
    assert_eq!(two.field("cf-1").unwrap(), Some(Value::Number(3.0)));
    // Concurrent values of a custom field are conflicts like any other.
    let mut three = one.fork(actor(3));
    one.set_field("cf-1", Value::Number(1.0)).unwrap();
    three.set_field("cf-1", Value::Number(2.0)).unwrap();
    one.merge(&mut three).unwrap();
    let conflicts = one.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].path, ConflictPath::Field("cf-1".into()));
    one.resolve(&conflicts[0].path, Value::Number(2.0)).unwrap();
    assert!(one.conflicts().unwrap().is_empty());
}

fn derived() -> DerivedTemplate {
    serde_json::from_str(
        r#"{
          "id": "tracker-rd", "version": 2, "base": "task-tracker",
          "name": {"zh-CN": "研发任务跟踪表", "en": "R&D task tracker"},
          "extra_fields": [
            {"id": "cf-sprint", "label": {"zh-CN": "迭代", "en": "Sprint"},
             "kind": "text", "table": "tasks"},
            {"id": "cf-budget", "label": {"zh-CN": "预算", "en": "Budget"},
             "kind": "money", "required": true}
          ],
          "hidden": ["deliverable"]
        }"#,
    )
    .expect("a sub-template definition")
}

#[test]
fn a_document_from_a_sub_template_carries_its_fields() {
    let def = derived();
    let json = serde_json::to_string(&def).unwrap();
    assert_eq!(serde_json::from_str::<DerivedTemplate>(&json).unwrap(), def);
    let mut doc = ConcordDoc::create_derived(&def, "Sprint 9", &alice(), 5, actor(1)).unwrap();
    assert_eq!(doc.template().id.0, "task-tracker");
    let sub = doc.subtemplate().unwrap().expect("recorded");
    assert_eq!((sub.id.as_str(), sub.version), ("tracker-rd", 2));
    assert_eq!(sub.name.en, "R&D task tracker");
    assert_eq!(sub.hidden, ["deliverable"]);
    // In the sub-template's order, not by id.
    assert_eq!(doc.custom_fields().unwrap(), def.extra_fields);
    let row = doc.add_row("tasks", None, &mut TestRng(3)).unwrap();
    doc.set_cell("tasks", &row, "cf-sprint", Value::Text("S9".into()))
        .unwrap();
    let budget = Value::Money {
        minor: 100,
        currency: "CNY".into(),
    };
    doc.set_field("cf-budget", budget.clone()).unwrap();
    let loaded = ConcordDoc::load(&doc.save()).unwrap();
    assert_eq!(loaded.subtemplate().unwrap(), Some(sub));
    assert_eq!(loaded.field("cf-budget").unwrap(), Some(budget));
    assert!(
        new_doc(find_template("task-tracker").unwrap())
            .subtemplate()
            .unwrap()
            .is_none()
    );

    let mut bad = derived();
    bad.base = "nope".into();
    assert!(ConcordDoc::create_derived(&bad, "x", &alice(), 5, actor(1)).is_err());
    let mut bad = derived();
    bad.hidden = vec!["owner".into()];
    assert!(matches!(
        ConcordDoc::create_derived(&bad, "x", &alice(), 5, actor(1)),
        Err(DocError::InvalidSubtemplate(_))
    ));
}

#[test]
fn custom_fields_are_renamed_moved_and_removed() {
    let tracker = find_template("task-tracker").unwrap();
    let mut doc = new_doc(tracker);
    for id in ["cf-c", "cf-a", "cf-b"] {
        doc.add_custom_field(&custom(id, CustomKind::Number, None))
            .unwrap();
    }
    let order = |doc: &ConcordDoc| -> Vec<String> {
        doc.custom_fields()
            .unwrap()
            .into_iter()
            .map(|f| f.id)
            .collect()
    };
    assert_eq!(order(&doc), ["cf-c", "cf-a", "cf-b"]);
    doc.move_custom_field("cf-b", FieldMove::Up).unwrap();
    doc.move_custom_field("cf-c", FieldMove::Up).unwrap();
    assert_eq!(order(&doc), ["cf-c", "cf-b", "cf-a"]);
    doc.rename_custom_field("cf-a", &Label::new("金额", ""))
        .unwrap();
    assert!(
        doc.rename_custom_field("cf-a", &Label::new("", ""))
            .is_err()
    );
    assert!(
        doc.rename_custom_field("project", &Label::new("x", "x"))
            .is_err()
    );
    doc.set_field("cf-a", Value::Number(2.0)).unwrap();
    doc.remove_custom_field("cf-a").unwrap();
    assert_eq!(order(&doc), ["cf-c", "cf-b"]);
    assert!(doc.remove_custom_field("cf-a").is_err());

    let shape = doc.shape("st-1", Label::new("研发", "R&D")).unwrap();
    assert_eq!(shape.base, "task-tracker");
    assert_eq!(shape.extra_fields, doc.custom_fields().unwrap());
    let made = ConcordDoc::create_derived(&shape, "x", &alice(), 5, actor(2)).unwrap();
    assert_eq!(order(&made), ["cf-c", "cf-b"]);
    assert!(doc.shape("st-2", Label::new("", " ")).is_err());
}

#[test]
fn a_definition_is_checked_before_it_is_shared() {
    let mut def = derived();
    assert!(def.checked().is_ok());
    def.extra_fields.push(def.extra_fields[0].clone());
    assert!(def.checked().is_err());
    let mut def = derived();
    def.extra_fields[1].id = "project".into();
    assert!(def.checked().is_err());
    let mut def = derived();
    def.name = Label::new(&"名".repeat(crate::LABEL_MAX + 1), "");
    assert!(def.checked().is_err());
}

#[test]
fn a_sub_template_reaches_whom_it_is_shared_with() {
    use crate::access::Person;
    use crate::derived_template::SharedWith;
    let rd: crate::access::DeptId = "rd".parse().unwrap();
    let ann = Person::staff("ann".parse().unwrap(), vec![rd.clone()]);
    let bob = Person::staff("bob".parse().unwrap(), vec![]);
    let partner = Person::partner("li".parse().unwrap(), "acme".parse().unwrap());
    let team = SharedWith::Department(rd);
    assert!(team.reaches(&ann, &bob.id));
    assert!(!team.reaches(&bob, &ann.id));
    assert!(team.reaches(&bob, &bob.id));
    assert!(SharedWith::Workspace.reaches(&bob, &ann.id));
    assert!(!SharedWith::Workspace.reaches(&partner, &partner.id));
    assert_eq!(team.may_share(&ann), Ok(()));
    assert!(team.may_share(&bob).is_err());
    assert!(SharedWith::Workspace.may_share(&partner).is_err());
    let json = serde_json::to_value(&team).unwrap();
    assert_eq!(json, serde_json::json!({"kind": "department", "id": "rd"}));
}
