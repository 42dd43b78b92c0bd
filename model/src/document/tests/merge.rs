//! Two replicas editing concurrently, then merging.

use super::*;
use crate::field::FieldKind;

#[test]
fn long_text_is_spliced_in_place() {
    let t = template_with(|t| long_text_field(t).is_some());
    let field = long_text_field(t).unwrap();
    let mut doc = new_doc(t);
    doc.splice_text(field, 0, 0, "背景：客户要求").unwrap();
    doc.splice_text(field, 3, 0, "新").unwrap();
    assert_eq!(
        doc.field(field).unwrap(),
        Some(Value::Text("背景：新客户要求".into()))
    );
    doc.splice_text(field, 0, 3, "").unwrap();
    assert_eq!(
        doc.field(field).unwrap(),
        Some(Value::Text("新客户要求".into()))
    );
    assert!(matches!(
        doc.splice_text(field, 4, 5, "x"),
        Err(DocError::SpliceOutOfRange { .. })
    ));
    assert!(matches!(
        doc.splice_text(field, usize::MAX, 1, "x"),
        Err(DocError::SpliceOutOfRange { .. })
    ));
    let short = t
        .fields
        .iter()
        .find(|f| f.kind != FieldKind::LongText)
        .unwrap()
        .id;
    assert!(matches!(
        doc.splice_text(short, 0, 0, "x"),
        Err(DocError::NotLongText(_))
    ));

    // Concurrent typing in one text merges by character.
    let mut other = doc.fork(actor(2));
    doc.splice_text(field, 0, 0, "A").unwrap();
    other.splice_text(field, 5, 0, "Z").unwrap();
    doc.merge(&mut other).unwrap();
    assert_eq!(
        doc.field(field).unwrap(),
        Some(Value::Text("A新客户要求Z".into()))
    );
    assert!(doc.conflicts().unwrap().is_empty());
}

#[test]
fn concurrent_row_inserts_are_both_kept_in_the_same_order() {
    let (t, table) = table_template();
    let mut one = new_doc(t);
    let mut rng = TestRng(5);
    let a = one.add_row(table, None, &mut rng).unwrap();
    let mut two = one.fork(actor(2));
    let x = one.add_row(table, Some(&a), &mut rng).unwrap();
    let y = two.add_row(table, Some(&a), &mut TestRng(77)).unwrap();
    one.merge(&mut two).unwrap();
    two.merge(&mut one).unwrap();
    let order = ids(&one, table);
    assert_eq!(order, ids(&two, table));
    assert_eq!(order.len(), 3);
    assert_eq!(order[0], a);
    let mut tail = [x, y];
    tail.sort();
    assert_eq!(order[1..], tail[..], "a tie is broken by row id");
    // Inserting between two rows that share a key still works.
    let z = one.add_row(table, Some(&order[1]), &mut rng).unwrap();
    assert!(ids(&one, table).contains(&z));
}

#[test]
fn concurrent_sets_are_listed_with_their_actors_and_resolved() {
    let mut rng = TestRng(3);
    let t = template_with(|t| {
        t.fields.iter().any(|f| f.kind == FieldKind::Text) && !t.tables.is_empty()
    });
    let field = t
        .fields
        .iter()
        .find(|f| f.kind == FieldKind::Text)
        .unwrap()
        .id;
    let table = &t.tables[0];
    let cell = table
        .fields
        .iter()
        .find(|f| f.kind != FieldKind::LongText)
        .unwrap();
    let mut one = new_doc(t);
    let row = one.add_row(table.id, None, &mut rng).unwrap();
    let mut two = one.fork(actor(2));
    one.set_field(field, Value::Text("mine".into())).unwrap();
    two.set_field(field, Value::Text("theirs".into())).unwrap();
    one.set_cell(table.id, &row, cell.id, sample(&cell.kind, 1))
        .unwrap();
    two.set_cell(table.id, &row, cell.id, sample(&cell.kind, 2))
        .unwrap();
    one.merge(&mut two).unwrap();
    two.merge(&mut one).unwrap();

    let conflicts = one.conflicts().unwrap();
    assert_eq!(conflicts, two.conflicts().unwrap());
    assert_eq!(conflicts.len(), 2, "{conflicts:?}");
    let on_field = &conflicts[0];
    assert_eq!(on_field.path, ConflictPath::Field(field.into()));
    let mut values = on_field.values.clone();
    values.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(
        values,
        [
            (Value::Text("mine".into()), actor(1).to_hex_string()),
            (Value::Text("theirs".into()), actor(2).to_hex_string()),
        ]
    );
    assert!(matches!(&conflicts[1].path, ConflictPath::Cell { row: r, .. } if *r == row));
    assert_eq!(conflicts[1].values.len(), 2);

    two.resolve(&on_field.path, Value::Text("theirs".into()))
        .unwrap();
    one.resolve(&conflicts[1].path, sample(&cell.kind, 1))
        .unwrap();
    one.merge(&mut two).unwrap();
    two.merge(&mut one).unwrap();
    assert!(one.conflicts().unwrap().is_empty());
    assert!(two.conflicts().unwrap().is_empty());
    assert_eq!(
        one.field(field).unwrap(),
        Some(Value::Text("theirs".into()))
    );
    assert_eq!(
        two.cell(table.id, &row, cell.id).unwrap(),
        Some(sample(&cell.kind, 1))
    );
}

#[test]
fn long_text_cells_merge_concurrent_typing() {
    let t = template_with(|t| {
        t.tables
            .iter()
            .any(|tb| tb.fields.iter().any(|f| f.kind == FieldKind::LongText))
    });
    let table = t
        .tables
        .iter()
        .find(|tb| tb.fields.iter().any(|f| f.kind == FieldKind::LongText))
        .unwrap();
    let field = table
        .fields
        .iter()
        .find(|f| f.kind == FieldKind::LongText)
        .unwrap()
        .id;
    let mut one = new_doc(t);
    let row = one.add_row(table.id, None, &mut TestRng(2)).unwrap();
    one.splice_cell_text(table.id, &row, field, 0, 0, "进度正常")
        .unwrap();
    let mut two = one.fork(actor(2));
    one.splice_cell_text(table.id, &row, field, 0, 0, "今天")
        .unwrap();
    two.splice_cell_text(table.id, &row, field, 4, 0, "。")
        .unwrap();
    one.merge(&mut two).unwrap();
    assert_eq!(
        one.cell(table.id, &row, field).unwrap(),
        Some(Value::Text("今天进度正常。".into()))
    );
    assert!(one.conflicts().unwrap().is_empty());
    let short = table
        .fields
        .iter()
        .find(|f| f.kind != FieldKind::LongText)
        .unwrap()
        .id;
    assert!(matches!(
        one.splice_cell_text(table.id, &row, short, 0, 0, "x"),
        Err(DocError::NotLongText(_))
    ));
}
