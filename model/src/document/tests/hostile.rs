//! Content from the network: damaged bytes and ill-typed parts.

use super::*;
use crate::{field::FieldKind, library::library};

#[test]
fn bad_bytes_and_foreign_documents_are_errors_not_panics() {
    assert!(matches!(
        ConcordDoc::load(b"not automerge"),
        Err(DocError::Load(_))
    ));
    assert!(ConcordDoc::load(&[]).is_err());
    let mut doc = new_doc(&library()[0]);
    let bytes = doc.save();
    for cut in [1, bytes.len() / 2, bytes.len() - 1] {
        let _ = ConcordDoc::load(&bytes[..cut]);
    }
    let mut flipped = bytes.clone();
    for i in (0..flipped.len()).step_by(7) {
        flipped[i] ^= 0x5a;
        let _ = ConcordDoc::load(&flipped);
    }
    let mut empty = automerge::AutoCommit::new();
    assert!(matches!(
        ConcordDoc::load(&empty.save()),
        Err(DocError::BadMeta("meta"))
    ));
}

#[test]
fn fields_of_the_wrong_stored_type_read_as_errors() {
    use automerge::{ReadDoc, transaction::Transactable};
    let t = template_with(|t| {
        t.fields.iter().any(|f| f.kind == FieldKind::Text) && !t.tables.is_empty()
    });
    let number = t
        .fields
        .iter()
        .find(|f| f.kind == FieldKind::Text)
        .unwrap()
        .id;
    let mut doc = new_doc(t);
    let raw = doc.automerge_mut();
    let (_, fields) = raw.get(automerge::ROOT, "fields").unwrap().unwrap();
    raw.put(&fields, number, 42).unwrap();
    assert!(matches!(doc.field(number), Err(DocError::Corrupt(_))));
    let raw = doc.automerge_mut();
    raw.put(automerge::ROOT, "tables", 5).unwrap();
    assert!(doc.rows(t.tables[0].id).is_err());
    assert!(doc.conflicts().is_err());
}

#[test]
fn hostile_rows_are_skipped_or_refused_without_panic() {
    use automerge::{ObjType, ReadDoc, ScalarValue, transaction::Transactable};
    let (t, table) = table_template();
    let mut doc = new_doc(t);
    let mut rng = TestRng(11);
    let good = doc.add_row(table, None, &mut rng).unwrap();
    let raw = doc.automerge_mut();
    let (_, tables) = raw.get(automerge::ROOT, "tables").unwrap().unwrap();
    let (_, rows) = raw.get(&tables, table).unwrap().unwrap();
    raw.put(&rows, "scalar-row", 5).unwrap();
    let odd = raw.put_object(&rows, "odd-row", ObjType::Map).unwrap();
    raw.put(&odd, "order", ScalarValue::Int(3)).unwrap();
    raw.put(&odd, "owner", true).unwrap();
    raw.put_object(&odd, "cells", ObjType::List).unwrap();
    let long = raw.put_object(&rows, "long-key", ObjType::Map).unwrap();
    raw.put(&long, "order", "z".repeat(100_000).as_str())
        .unwrap();
    raw.put(&long, "order", "!!not base62").unwrap();

    let rows = doc.rows(table).unwrap();
    let ids: Vec<_> = rows.iter().map(|r| r.id.0.as_str()).collect();
    assert_eq!(ids.len(), 3, "the scalar row is skipped: {ids:?}");
    assert!(rows.iter().all(|r| r.cells.is_empty() || r.id == good));
    // Editing around hostile rows still works.
    let after_odd = doc
        .add_row(table, Some(&RowId("odd-row".into())), &mut rng)
        .unwrap();
    let last = doc.rows(table).unwrap().last().map(|r| r.id.clone());
    let after_last = doc.add_row(table, last.as_ref(), &mut rng).unwrap();
    assert!(ids_contain(&doc, table, &[after_odd, after_last]));
    assert!(
        doc.set_cell(
            table,
            &RowId("odd-row".into()),
            t.tables[0].fields[0].id,
            sample(&t.tables[0].fields[0].kind, 0)
        )
        .is_err()
    );
    assert!(
        doc.move_row(table, &RowId("scalar-row".into()), None)
            .is_err()
    );
    assert!(doc.conflicts().is_ok());
}

fn ids_contain(doc: &ConcordDoc, table: &str, wanted: &[RowId]) -> bool {
    let have = ids(doc, table);
    wanted.iter().all(|w| have.contains(w))
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    #[test]
    fn loading_any_bytes_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
        let _ = ConcordDoc::load(&bytes);
    }

    #[test]
    fn loading_damaged_documents_never_panics(
        flips in proptest::collection::vec((proptest::prelude::any::<usize>(), 1..=255u8), 1..8),
    ) {
        let mut doc = new_doc(&library()[1]);
        let mut bytes = doc.save();
        for (at, mask) in flips {
            let i = at % bytes.len();
            bytes[i] ^= mask;
        }
        if let Ok(loaded) = ConcordDoc::load(&bytes) {
            let t = loaded.template();
            for f in t.fields {
                let _ = loaded.field(f.id);
            }
            for table in t.tables {
                let _ = loaded.rows(table.id);
            }
            let _ = loaded.conflicts();
            let _ = loaded.title();
        }
    }
}

#[test]
fn a_foreign_document_is_handed_back_whole_by_from_automerge() {
    use automerge::{AutoCommit, transaction::Transactable};
    let mut foreign = AutoCommit::new();
    foreign.put(automerge::ROOT, "note", "not ours").unwrap();
    foreign.commit();
    let heads = foreign.get_heads();
    let Err(not_ours) = ConcordDoc::from_automerge(foreign) else {
        panic!("a document without meta must not type");
    };
    let NotOurs { error, mut doc } = *not_ours;
    assert!(matches!(error, DocError::BadMeta("meta")));
    assert_eq!(doc.get_heads(), heads);
    let mut ours = new_doc(template_with(|_| true));
    let bytes = ours.save();
    let typed = ConcordDoc::from_automerge(AutoCommit::load(&bytes).unwrap()).unwrap();
    assert_eq!(typed.template().id, ours.template().id);
}
