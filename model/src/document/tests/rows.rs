//! Row insertion, moves, deletion and order on one replica.

use super::*;

#[test]
fn rows_are_added_moved_and_deleted_in_order() {
    let (t, table) = table_template();
    let mut doc = new_doc(t);
    let mut rng = TestRng(1);
    let a = doc.add_row(table, None, &mut rng).unwrap();
    let c = doc.add_row(table, Some(&a), &mut rng).unwrap();
    let b = doc.add_row(table, Some(&a), &mut rng).unwrap();
    let first = doc.add_row(table, None, &mut rng).unwrap();
    assert_eq!(
        ids(&doc, table),
        [first.clone(), a.clone(), b.clone(), c.clone()]
    );
    doc.move_row(table, &first, Some(&c)).unwrap();
    assert_eq!(
        ids(&doc, table),
        [a.clone(), b.clone(), c.clone(), first.clone()]
    );
    doc.move_row(table, &c, None).unwrap();
    assert_eq!(
        ids(&doc, table),
        [c.clone(), a.clone(), b.clone(), first.clone()]
    );
    doc.delete_row(table, &a).unwrap();
    assert_eq!(ids(&doc, table), [c.clone(), b.clone(), first.clone()]);
    assert!(matches!(
        doc.delete_row(table, &a),
        Err(DocError::UnknownRow { .. })
    ));
    assert!(matches!(
        doc.add_row(table, Some(&a), &mut rng),
        Err(DocError::UnknownRow { .. })
    ));
    doc.set_row_owner(table, &b, Some(&alice())).unwrap();
    let row_b = doc
        .rows(table)
        .unwrap()
        .into_iter()
        .find(|r| r.id == b)
        .unwrap();
    assert_eq!(row_b.owner, Some(alice()));
    assert_eq!(doc.row_owner(table, &b).unwrap(), Some(alice()));
    doc.set_row_owner(table, &b, None).unwrap();
    assert_eq!(doc.row_owner(table, &b).unwrap(), None);
    assert!(matches!(
        doc.row_owner(table, &a),
        Err(DocError::UnknownRow { .. })
    ));
    let row_b = doc
        .rows(table)
        .unwrap()
        .into_iter()
        .find(|r| r.id == b)
        .unwrap();
    assert_eq!(row_b.owner, None);
    // Many inserts at one spot keep their order.
    let mut expected = ids(&doc, table);
    for _ in 0..50 {
        let new = doc.add_row(table, Some(&c), &mut rng).unwrap();
        expected.insert(1, new);
    }
    assert_eq!(ids(&doc, table), expected);
}

#[test]
fn row_keys_and_row_cells_agree_with_rows() {
    let (t, table) = table_template();
    let mut doc = new_doc(t);
    let mut rng = TestRng(7);
    let a = doc.add_row(table, None, &mut rng).unwrap();
    let b = doc.add_row(table, Some(&a), &mut rng).unwrap();
    let c = doc.add_row(table, Some(&a), &mut rng).unwrap();
    doc.set_row_owner(table, &c, Some(&alice())).unwrap();
    let field = t.tables[0].fields[0];
    let value = sample(&field.kind, 1);
    doc.set_cell(table, &b, field.id, value.clone()).unwrap();
    let rows = doc.rows(table).unwrap();
    let keys = doc.row_keys(table).unwrap();
    assert_eq!(keys.len(), 3);
    for (key, row) in keys.iter().zip(&rows) {
        assert_eq!(
            (&key.id, &key.order, &key.owner),
            (&row.id, &row.order, &row.owner)
        );
        assert_eq!(doc.row_cells(table, &key.id).unwrap(), row.cells);
        assert_eq!(doc.row_cells_at(table, key).unwrap(), row.cells);
    }
    assert_eq!(
        doc.row_cells(table, &b).unwrap().get(field.id),
        Some(&value)
    );
    assert!(matches!(
        doc.row_cells(table, &RowId("missing".into())),
        Err(DocError::UnknownRow { .. })
    ));

    // A key read before an edit still reads the row's cells after it.
    let key_b = keys.iter().find(|k| k.id == b).unwrap().clone();
    let later = sample(&field.kind, 2);
    doc.set_cell(table, &b, field.id, later.clone()).unwrap();
    assert_eq!(
        doc.row_cells_at(table, &key_b).unwrap().get(field.id),
        Some(&later)
    );
    assert_eq!(
        doc.row_keys(table).unwrap(),
        keys,
        "cell edits leave the keys as they were"
    );
}
