//! Creating, saving, loading, and typed fields of every kind.

use super::*;
use crate::{field::FieldKind, library::library};

#[test]
fn every_template_creates_saves_and_loads() {
    for template in library() {
        let mut doc = new_doc(template);
        assert_eq!(doc.title().unwrap(), "Q3 项目");
        assert_eq!(
            doc.member_role(&alice()).unwrap(),
            Some(crate::access::DocRole::Owner)
        );
        let bytes = doc.save();
        let mut loaded = ConcordDoc::load(&bytes).expect("load");
        assert_eq!(loaded.template().id, template.id);
        assert_eq!(loaded.heads(), doc.heads());
        assert_eq!(loaded.save(), bytes);
    }
}

#[test]
fn every_field_and_cell_of_every_kind_round_trips() {
    let mut rng = TestRng(7);
    let mut kinds_seen = std::collections::HashSet::new();
    for template in library() {
        let mut doc = new_doc(template);
        for (i, def) in template.fields.iter().enumerate() {
            let value = sample(&def.kind, i as u8);
            doc.set_field(def.id, value.clone()).expect(def.id);
            assert_eq!(doc.field(def.id).unwrap(), Some(value), "{}", def.id);
            kinds_seen.insert(std::mem::discriminant(&def.kind));
        }
        for table in template.tables {
            let row = doc.add_row(table.id, None, &mut rng).unwrap();
            for (i, def) in table.fields.iter().enumerate() {
                let value = sample(&def.kind, i as u8 + 3);
                doc.set_cell(table.id, &row, def.id, value.clone())
                    .expect(def.id);
                assert_eq!(doc.cell(table.id, &row, def.id).unwrap(), Some(value));
                kinds_seen.insert(std::mem::discriminant(&def.kind));
            }
        }
        // Everything survives bytes.
        let mut loaded = ConcordDoc::load(&doc.save()).unwrap();
        for def in template.fields {
            assert_eq!(loaded.field(def.id).unwrap(), doc.field(def.id).unwrap());
        }
        for table in template.tables {
            assert_eq!(loaded.rows(table.id).unwrap(), doc.rows(table.id).unwrap());
        }
        assert_eq!(loaded.heads(), doc.heads());
    }
    // Every kind but Number, which no built-in template uses yet.
    assert!(kinds_seen.len() >= 14, "{}", kinds_seen.len());
}

#[test]
fn values_of_the_wrong_kind_or_out_of_range_are_refused() {
    let mut rng = TestRng(9);
    for template in library() {
        let mut doc = new_doc(template);
        for def in template.fields {
            let err = doc.set_field(def.id, wrong(&def.kind)).unwrap_err();
            assert!(matches!(err, DocError::WrongKind { .. }), "{err}");
            assert_eq!(
                doc.field(def.id)
                    .unwrap()
                    .filter(|v| *v != Value::Text(String::new())),
                None
            );
        }
        for table in template.tables {
            let row = doc.add_row(table.id, None, &mut rng).unwrap();
            for def in table.fields {
                let err = doc
                    .set_cell(table.id, &row, def.id, wrong(&def.kind))
                    .unwrap_err();
                assert!(matches!(err, DocError::WrongKind { .. }), "{err}");
            }
        }
        assert!(matches!(
            doc.set_field("no-such-field", Value::Checkbox(true)),
            Err(DocError::UnknownField(_))
        ));
        assert!(matches!(
            doc.rows("no-such-table"),
            Err(DocError::UnknownTable(_))
        ));
    }
}

#[test]
fn invalid_dates_and_choices_are_refused() {
    let t = template_with(|t| {
        t.fields.iter().any(|f| f.kind == FieldKind::Date)
            && t.fields
                .iter()
                .any(|f| matches!(f.kind, FieldKind::SingleChoice(_)))
    });
    let mut doc = new_doc(t);
    let date = t
        .fields
        .iter()
        .find(|f| f.kind == FieldKind::Date)
        .unwrap()
        .id;
    let choice = t
        .fields
        .iter()
        .find(|f| matches!(f.kind, FieldKind::SingleChoice(_)))
        .unwrap()
        .id;
    for bad in [
        Value::Date("2026-02-30".into()),
        Value::Date("tomorrow".into()),
    ] {
        assert!(matches!(
            doc.set_field(date, bad),
            Err(DocError::InvalidValue { .. })
        ));
    }
    assert!(matches!(
        doc.set_field(choice, Value::Choice("nope".into())),
        Err(DocError::InvalidValue { .. })
    ));
}

#[test]
fn commits_carry_time_and_message_and_loaded_docs_take_an_actor() {
    let t = &library()[0];
    let mut doc = new_doc(t);
    let hash = doc
        .commit(1_700_000_123_456, Some("created"))
        .expect("a change");
    let change = doc
        .automerge_mut()
        .get_change_by_hash(&hash)
        .expect("stored");
    assert_eq!(change.timestamp(), 1_700_000_123);
    assert_eq!(change.message(), Some("created"));
    assert_eq!(change.actor_id(), &actor(1));

    let mut loaded = ConcordDoc::load(&doc.save()).unwrap();
    loaded.set_actor(actor(9));
    loaded.set_title("renamed").unwrap();
    let hash = loaded.commit(0, None).expect("a change");
    let change = loaded.automerge_mut().get_change_by_hash(&hash).unwrap();
    assert_eq!(change.actor_id(), &actor(9));
}
