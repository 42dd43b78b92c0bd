//! A document's own custom fields under the rules: their values fit their
//! kind and options, required ones fall due like the template's, and they
//! are written under the rules of their place.

use super::*;
use crate::{
    custom_field::{CustomField, CustomKind, CustomOption, Label},
    document::{RowId, Value, tests::TestRng},
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
