//! A document's own custom fields under the rules: their values fit their
//! kind and options, required ones fall due like the template's, and they
//! are written under the rules of their place.

use super::*;
use crate::{
    custom_field::{CustomField, CustomKind, CustomOption, Label},
    document::{FieldMove, RowId, Value, tests::TestRng},
};

const RA: &str = "requirement-approval";
const WEEKLY: &str = "weekly-progress-report";
const DEPTS: &str = "departments";

fn field(id: &str, kind: CustomKind, table: Option<&str>, required: bool) -> CustomField {
    CustomField {
        id: id.into(),
        label: Label::new("自定义", "Custom"),
        kind,
        required,
        table: table.map(str::to_owned),
    }
}

fn grades() -> CustomKind {
    let option = |id: &str| CustomOption {
        id: id.into(),
        label: Label::new(id, id),
    };
    CustomKind::SingleChoice {
        options: vec![option("a"), option("b")],
    }
}

fn define(doc: &mut ConcordDoc, field: CustomField) {
    let added = by(doc, &alice(), |d| d.add_custom_field(&field).unwrap());
    assert_eq!(added, Ok(()));
}

#[test]
fn custom_form_values_fit_their_kind_and_options() {
    let mut doc = shared(RA);
    define(&mut doc, field("cf-grade", grades(), None, false));
    let grade =
        |v: &'static str| move |d: &mut ConcordDoc| put(d, &["fields"], &[("cf-grade", s(v))]);
    assert!(matches!(
        by(&mut doc, &staff("bob"), grade("z")),
        Err(Refusal::BreaksSchema {
            violation: Violation::Misfit { path, .. }
        }) if path == "fields.cf-grade"
    ));
    assert_eq!(by(&mut doc, &staff("bob"), grade("b")), Ok(()));
    assert_eq!(validate(&doc), vec![]);
}

#[test]
fn required_custom_fields_fall_due_with_the_templates() {
    let mut doc = shared(RA);
    define(&mut doc, field("cf-budget", CustomKind::Money, None, true));
    parts::fill_required(&mut doc);
    doc.commit(NOW, None);
    assert_eq!(
        by(&mut doc, &alice(), |d| move_status(d, "submitted")),
        Err(Refusal::BreaksSchema {
            violation: Violation::RequiredMissing {
                path: "fields.cf-budget".into()
            }
        })
    );
    let budget = Value::Money {
        minor: 100,
        currency: "CNY".into(),
    };
    let filled = by(&mut doc, &alice(), |d| {
        d.set_field("cf-budget", budget).unwrap();
        d.set_direct_superior(&pid("boss")).unwrap();
        move_status(d, "submitted");
    });
    assert_eq!(filled, Ok(()));
}

/// A row of the weekly report's departments, owned by `owner`: its reporter.
fn row_of(doc: &mut ConcordDoc, owner: &str, seed: u64) -> RowId {
    let mut id = None;
    let added = by(doc, &staff(owner), |d| {
        let row = d.add_row(DEPTS, None, &mut TestRng(seed)).unwrap();
        d.set_cell(DEPTS, &row, "reporter", Value::Person(owner.into()))
            .unwrap();
        id = Some(row);
    });
    assert_eq!(added, Ok(()));
    id.unwrap()
}

#[test]
fn custom_cells_follow_their_tables_rules_and_kind() {
    // The weekly report's rows are their owners' to write.
    let mut doc = shared(WEEKLY);
    let rating = CustomKind::Rating { max: 3 };
    define(&mut doc, field("cf-mood", rating, Some(DEPTS), false));
    let alices = row_of(&mut doc, "alice", 7);
    let bobs = row_of(&mut doc, "bob", 8);
    let mood = |row: &RowId, n: u8| {
        let row = row.clone();
        move |d: &mut ConcordDoc| {
            d.set_cell(DEPTS, &row, "cf-mood", Value::Rating(n))
                .unwrap()
        }
    };
    assert_eq!(
        by(&mut doc, &staff("bob"), mood(&alices, 2)),
        Err(Refusal::NotRowOwner {
            row_owner: "alice".into()
        })
    );
    assert_eq!(by(&mut doc, &staff("bob"), mood(&bobs, 2)), Ok(()));
    let too_high = |d: &mut ConcordDoc| {
        put(
            d,
            &["tables", DEPTS, bobs.0.as_str(), "cells"],
            &[("cf-mood", int(9))],
        )
    };
    assert!(matches!(
        by(&mut doc, &staff("bob"), too_high),
        Err(Refusal::BreaksSchema {
            violation: Violation::Misfit { .. }
        })
    ));
    // A form field's id is no column of the table.
    define(&mut doc, field("cf-form", CustomKind::Text, None, false));
    let misplaced = |d: &mut ConcordDoc| {
        put(
            d,
            &["tables", DEPTS, bobs.0.as_str(), "cells"],
            &[("cf-form", s("x"))],
        )
    };
    assert!(by(&mut doc, &staff("bob"), misplaced).is_err());
    assert_eq!(validate(&doc), vec![]);
}

#[test]
fn only_owners_manage_custom_fields() {
    let mut doc = shared(RA);
    let grade = field("cf-grade", grades(), None, false);
    let needs_owner = Err(Refusal::NeedsOwner {
        what: "custom_fields".into(),
    });
    let add = |f: CustomField| move |d: &mut ConcordDoc| d.add_custom_field(&f).unwrap();
    assert_eq!(by(&mut doc, &staff("bob"), add(grade.clone())), needs_owner);
    assert_eq!(
        by(&mut doc, &staff("vic"), add(grade.clone())),
        Err(Refusal::ViewerCannotEdit)
    );
    define(&mut doc, grade);
    define(&mut doc, field("cf-note", CustomKind::Text, None, false));
    assert_eq!(
        by(&mut doc, &staff("bob"), |d| d
            .set_field("cf-grade", Value::Choice("a".into()))
            .unwrap()),
        Ok(())
    );
    let rename = |d: &mut ConcordDoc| {
        d.rename_custom_field("cf-grade", &Label::new("等级", "Grade"))
            .unwrap()
    };
    let down = |d: &mut ConcordDoc| d.move_custom_field("cf-grade", FieldMove::Down).unwrap();
    let remove = |d: &mut ConcordDoc| d.remove_custom_field("cf-grade").unwrap();
    assert_eq!(by(&mut doc, &staff("bob"), rename), needs_owner);
    assert_eq!(by(&mut doc, &staff("bob"), down), needs_owner);
    assert_eq!(by(&mut doc, &staff("bob"), remove), needs_owner);
    // A non-owner cannot pass a removal off as emptying the value either.
    let forged = |d: &mut ConcordDoc| {
        let part = map_at(d, &["custom_fields"]);
        raw(d).delete(&part, "cf-grade").unwrap();
    };
    assert_eq!(by(&mut doc, &staff("bob"), forged), needs_owner);

    assert_eq!(by(&mut doc, &alice(), rename), Ok(()));
    assert_eq!(by(&mut doc, &alice(), down), Ok(()));
    let order: Vec<String> = doc
        .custom_fields()
        .unwrap()
        .into_iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(order, ["cf-note", "cf-grade"]);
    assert_eq!(doc.custom_fields().unwrap()[1].label.en, "Grade");
    // Removed with its value, which bob wrote: the history keeps it.
    assert_eq!(by(&mut doc, &alice(), remove), Ok(()));
    assert!(doc.field("cf-grade").is_err());
    assert_eq!(validate(&doc), vec![]);
    let perms = |who: &Person, doc: &ConcordDoc| Permissions::of(doc, who).unwrap();
    assert_eq!(perms(&alice(), &doc).may_manage_fields(), Ok(()));
    assert_eq!(perms(&staff("bob"), &doc).may_manage_fields(), needs_owner);
}

#[test]
fn removing_a_table_field_takes_its_cells_from_every_row() {
    let mut doc = shared(WEEKLY);
    define(
        &mut doc,
        field("cf-mood", CustomKind::Rating { max: 3 }, Some(DEPTS), false),
    );
    let bobs = row_of(&mut doc, "bob", 8);
    let bobs_mood = |d: &mut ConcordDoc| {
        d.set_cell(DEPTS, &bobs, "cf-mood", Value::Rating(2))
            .unwrap()
    };
    assert_eq!(by(&mut doc, &staff("bob"), bobs_mood), Ok(()));
    let remove = |d: &mut ConcordDoc| d.remove_custom_field("cf-mood").unwrap();
    assert_eq!(by(&mut doc, &alice(), remove), Ok(()));
    assert_eq!(doc.rows(DEPTS).unwrap()[0].cells.get("cf-mood"), None);
    assert_eq!(validate(&doc), vec![]);
}

/// A hostile peer writes definitions the typed API would refuse: the
/// relay's rules refuse them too, whoever owns the document.
#[test]
fn hostile_definitions_are_refused() {
    let mut doc = shared(RA);
    let entry = |d: &mut ConcordDoc, id: &str, kind: &str, label: &str| {
        let part = map_at(d, &["custom_fields"]);
        let doc = raw(d);
        let entry = doc.put_object(&part, id, ObjType::Map).unwrap();
        let names = doc.put_object(&entry, "label", ObjType::Map).unwrap();
        doc.put(&names, "zh-CN", label).unwrap();
        doc.put(&names, "en", label).unwrap();
        doc.put(&entry, "kind", kind).unwrap();
        doc.put(&entry, "required", false).unwrap();
        entry
    };
    let refused = |doc: &mut ConcordDoc, edit: &dyn Fn(&mut ConcordDoc)| {
        matches!(
            by(doc, &alice(), edit),
            Err(Refusal::BreaksSchema {
                violation: Violation::Malformed { .. }
            })
        )
    };
    let long = "长".repeat(crate::LABEL_MAX + 1);
    assert!(refused(&mut doc, &|d| {
        entry(d, "cf-long", "text", &long);
    }));
    assert!(refused(&mut doc, &|d| {
        entry(d, "cf-formula", "formula", "公式");
    }));
    assert!(refused(&mut doc, &|d| {
        entry(d, "cf-esc", "text", "a\u{1b}[2J");
    }));
    assert!(refused(&mut doc, &|d| {
        let e = entry(d, "cf-many", "multiple_choice", "多选");
        let doc = raw(d);
        let list = doc.put_object(&e, "options", ObjType::List).unwrap();
        for i in 0..=crate::OPTIONS_MAX {
            let item = doc.insert_object(&list, i, ObjType::Map).unwrap();
            doc.put(&item, "id", format!("o{i}")).unwrap();
            let names = doc.put_object(&item, "label", ObjType::Map).unwrap();
            doc.put(&names, "zh-CN", "选").unwrap();
            doc.put(&names, "en", "").unwrap();
        }
    }));
    assert!(refused(&mut doc, &|d| {
        for i in 0..=crate::CUSTOM_FIELDS_MAX {
            entry(d, &format!("cf-{i}"), "text", "字段");
        }
    }));
    // Emoji and right-to-left labels are labels like any other.
    assert_eq!(
        by(&mut doc, &alice(), |d| {
            entry(d, "cf-emoji", "text", "🎉 مرحبا");
        }),
        Ok(())
    );
    assert_eq!(validate(&doc), vec![]);
}
