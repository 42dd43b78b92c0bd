//! Scenario tests of documents: every template, every kind, two replicas.

use automerge::ActorId;
use rand_core::{RngCore, impls};

use super::*;
use crate::{field::FieldKind, library::library, template::Template};

/// A deterministic generator, so failures replay.
pub(super) struct TestRng(pub u64);

impl RngCore for TestRng {
    fn next_u32(&mut self) -> u32 {
        self.next_u64() as u32
    }
    fn next_u64(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        impls::fill_bytes_via_next(self, dest)
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

pub(super) fn actor(n: u8) -> ActorId {
    ActorId::from(vec![n; 16])
}

pub(super) fn alice() -> PersonId {
    PersonId("alice".into())
}

fn new_doc(template: &'static Template) -> ConcordDoc {
    ConcordDoc::create(template, "Q3 项目", &alice(), 1_700_000_000_000, actor(1)).expect("create")
}

/// A value that fits the kind; `n` varies it.
pub(super) fn sample(kind: &FieldKind, n: u8) -> Value {
    let s = |p: &str| format!("{p}{n}");
    match kind {
        FieldKind::Text | FieldKind::LongText => Value::Text(s("text ")),
        FieldKind::Number => Value::Number(f64::from(n) + 0.5),
        FieldKind::Money => Value::Money {
            minor: i64::from(n) * 100 + 99,
            currency: "CNY".into(),
        },
        FieldKind::Date => Value::Date(format!("2026-03-{:02}", 1 + n % 28)),
        FieldKind::DateTime => Value::DateTime(1_700_000_000_000 + i64::from(n)),
        FieldKind::Person => Value::Person(s("p")),
        FieldKind::People => Value::People(vec![s("p"), "bob".into()]),
        FieldKind::Department => Value::Department(s("d")),
        FieldKind::Departments => Value::Departments(vec![s("d"), "ops".into()]),
        FieldKind::SingleChoice(options) => {
            Value::Choice(options[usize::from(n) % options.len()].id.into())
        }
        FieldKind::MultipleChoice(options) => {
            Value::Choices(vec![options[usize::from(n) % options.len()].id.into()])
        }
        FieldKind::Checkbox => Value::Checkbox(n.is_multiple_of(2)),
        FieldKind::Attachment => Value::Attachments(vec![s("file-")]),
        FieldKind::Rating { max } => Value::Rating(1 + n % max),
        FieldKind::Link => Value::Link {
            doc: s("automerge:doc"),
            row: n.is_multiple_of(2).then(|| s("row")),
        },
    }
}

/// A value of some other kind than `kind` accepts.
fn wrong(kind: &FieldKind) -> Value {
    match kind {
        FieldKind::Checkbox => Value::Number(1.0),
        _ => Value::Checkbox(true),
    }
}

#[test]
fn every_template_creates_saves_and_loads() {
    for template in library() {
        let mut doc = new_doc(template);
        assert_eq!(doc.title().unwrap(), "Q3 项目");
        assert_eq!(doc.member_role(&alice()).unwrap().as_deref(), Some("owner"));
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

fn template_with(pred: impl Fn(&Template) -> bool) -> &'static Template {
    library()
        .iter()
        .find(|t| pred(t))
        .expect("a template of that shape")
}

fn long_text_field(t: &Template) -> Option<&'static str> {
    t.fields
        .iter()
        .find(|f| f.kind == FieldKind::LongText)
        .map(|f| f.id)
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

fn table_template() -> (&'static Template, &'static str) {
    let t = template_with(|t| !t.tables.is_empty());
    (t, t.tables[0].id)
}

fn ids(doc: &ConcordDoc, table: &str) -> Vec<RowId> {
    doc.rows(table).unwrap().into_iter().map(|r| r.id).collect()
}

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
    doc.set_row_owner(table, &b, None).unwrap();
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
