//! `validate` and `check_change` never panic, whatever a document holds and
//! whatever heads they are given: documents built from random raw
//! Automerge operations, and random typed edits on several replicas.

use automerge::{AutoCommit, ChangeHash};
use proptest::prelude::*;

use super::*;
use crate::{document::tests::TestRng, library::library};

/// Keys that reach into every part of the layout, and a few that do not.
pub(super) const KEYS: &[&str] = &[
    "meta",
    "acl",
    "fields",
    "tables",
    "comments",
    "signoffs",
    "reads",
    "versions",
    "custom_fields",
    "members",
    "orgs",
    "status",
    "round",
    "status_reason",
    "classification",
    "created_by",
    "template_id",
    "schema",
    "title",
    "tasks",
    "action_items",
    "cells",
    "order",
    "owner",
    "by",
    "author",
    "transition",
    "departments",
    "decision",
    "at",
    "heads",
    "row",
    "target",
    "body",
    "alice",
    "bob",
    "vic",
    "r1",
    "s1",
    "c1",
    "project",
    "goal",
    "priority",
    "x",
    "",
];

const PEOPLE: [&str; 4] = ["alice", "bob", "vic", "nobody"];

#[derive(Debug, Clone)]
pub(super) enum Raw {
    Scalar(u8, i64),
    Map,
    List,
    Text(String),
    Delete,
    /// Insert a scalar into the list or text found at the path, if any.
    Insert(usize, i64),
}

#[derive(Debug, Clone)]
enum Op {
    Raw {
        at: usize,
        path: Vec<usize>,
        raw: Raw,
    },
    Field {
        at: usize,
        field: usize,
        n: u8,
    },
    Row {
        at: usize,
        seed: u64,
    },
    Cell {
        at: usize,
        row: usize,
        field: usize,
        n: u8,
    },
    Move {
        at: usize,
        row: usize,
    },
    Delete {
        at: usize,
        row: usize,
    },
    Status {
        at: usize,
        state: usize,
    },
    Role {
        at: usize,
        person: usize,
        role: usize,
    },
    Merge {
        from: usize,
        to: usize,
    },
    Snapshot {
        at: usize,
    },
}

pub(super) fn raw() -> impl Strategy<Value = Raw> {
    prop_oneof![
        (any::<u8>(), any::<i64>()).prop_map(|(k, v)| Raw::Scalar(k, v)),
        Just(Raw::Map),
        Just(Raw::List),
        "[a-z文 ]{0,6}".prop_map(Raw::Text),
        Just(Raw::Delete),
        (0..4usize, any::<i64>()).prop_map(|(i, v)| Raw::Insert(i, v)),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let at = 0..2usize;
    prop_oneof![
        4 => (at.clone(), proptest::collection::vec(0..KEYS.len(), 1..6), raw())
            .prop_map(|(at, path, raw)| Op::Raw { at, path, raw }),
        1 => (at.clone(), any::<usize>(), any::<u8>())
            .prop_map(|(at, field, n)| Op::Field { at, field, n }),
        1 => (at.clone(), any::<u64>()).prop_map(|(at, seed)| Op::Row { at, seed }),
        1 => (at.clone(), any::<usize>(), any::<usize>(), any::<u8>())
            .prop_map(|(at, row, field, n)| Op::Cell { at, row, field, n }),
        1 => (at.clone(), any::<usize>()).prop_map(|(at, row)| Op::Move { at, row }),
        1 => (at.clone(), any::<usize>()).prop_map(|(at, row)| Op::Delete { at, row }),
        1 => (at.clone(), any::<usize>()).prop_map(|(at, state)| Op::Status { at, state }),
        1 => (at.clone(), 0..4usize, 0..3usize)
            .prop_map(|(at, person, role)| Op::Role { at, person, role }),
        1 => (at.clone(), 0..2usize).prop_map(|(from, to)| Op::Merge { from, to }),
        2 => at.prop_map(|at| Op::Snapshot { at }),
    ]
}

fn scalar(kind: u8, v: i64) -> ScalarValue {
    match kind % 9 {
        0 => ScalarValue::Int(v),
        1 => ScalarValue::Uint(v.unsigned_abs()),
        2 => ScalarValue::F64(v as f64 / 3.0),
        3 => ScalarValue::Boolean(v.rem_euclid(2) == 0),
        4 => ScalarValue::Null,
        5 => ScalarValue::Timestamp(v),
        6 => ScalarValue::Counter(v.into()),
        7 => ScalarValue::Str(KEYS[v.unsigned_abs() as usize % KEYS.len()].into()),
        _ => ScalarValue::Str(format!("{v}").into()),
    }
}

/// Applies a raw operation at the end of a path of map keys, as far as
/// the path leads through maps; errors from Automerge are simply ignored.
pub(super) fn apply_raw(doc: &mut AutoCommit, path: &[usize], raw: &Raw) {
    let mut obj = ROOT;
    let (last, walk) = path.split_last().expect("non-empty path");
    for &k in walk {
        match doc.get(&obj, KEYS[k]) {
            Ok(Some((automerge::Value::Object(ObjType::Map), id))) => obj = id,
            _ => break,
        }
    }
    let key = KEYS[*last];
    let _ = match raw {
        Raw::Scalar(k, v) => doc.put(&obj, key, scalar(*k, *v)).map(|_| ()),
        Raw::Map => doc.put_object(&obj, key, ObjType::Map).map(|_| ()),
        Raw::List => doc.put_object(&obj, key, ObjType::List).map(|_| ()),
        Raw::Text(t) => doc
            .put_object(&obj, key, ObjType::Text)
            .and_then(|id| doc.splice_text(&id, 0, 0, t)),
        Raw::Delete => doc.delete(&obj, key),
        Raw::Insert(i, v) => match doc.get(&obj, key) {
            Ok(Some((automerge::Value::Object(ObjType::List), id))) => {
                let at = (*i).min(doc.length(&id));
                doc.insert(&id, at, scalar(7, *v))
            }
            Ok(Some((automerge::Value::Object(ObjType::Text), id))) => {
                let at = (*i).min(doc.length(&id));
                doc.splice_text(&id, at, 0, "x")
            }
            _ => Ok(()),
        },
    };
}

fn apply(docs: &mut [ConcordDoc], op: &Op, snapshots: &mut Vec<Vec<ChangeHash>>) {
    let template = docs[0].template();
    let table = template.tables.first();
    let rows = |doc: &ConcordDoc| -> Vec<crate::document::RowId> {
        table
            .and_then(|t| doc.rows(t.id).ok())
            .map(|rows| rows.into_iter().map(|r| r.id).collect())
            .unwrap_or_default()
    };
    match op {
        Op::Raw { at, path, raw } => apply_raw(docs[*at].automerge_mut(), path, raw),
        Op::Field { at, field, n } => {
            if let Some(def) = pick(template.fields, *field) {
                let _ = docs[*at].set_field(def.id, sample(&def.kind, *n));
            }
        }
        Op::Row { at, seed } => {
            if let Some(t) = table {
                let _ = docs[*at].add_row(t.id, None, &mut TestRng(*seed | 1));
            }
        }
        Op::Cell { at, row, field, n } => {
            let ids = rows(&docs[*at]);
            if let (Some(t), Some(id)) = (table, pick(&ids, *row))
                && let Some(def) = pick(t.fields, *field)
            {
                let _ = docs[*at].set_cell(t.id, id, def.id, sample(&def.kind, *n));
            }
        }
        Op::Move { at, row } => {
            let ids = rows(&docs[*at]);
            if let (Some(t), false) = (table, ids.is_empty()) {
                let _ = docs[*at].move_row(t.id, &ids[row % ids.len()], None);
            }
        }
        Op::Delete { at, row } => {
            let ids = rows(&docs[*at]);
            if let (Some(t), false) = (table, ids.is_empty()) {
                let _ = docs[*at].delete_row(t.id, &ids[row % ids.len()]);
            }
        }
        Op::Status { at, state } => {
            let states = template.workflow.states;
            let _ = docs[*at].set_status(states[state % states.len()].id);
        }
        Op::Role { at, person, role } => {
            let _ = docs[*at].set_member_role(&pid(PEOPLE[*person]), DocRole::ALL[*role % 3]);
        }
        Op::Merge { from, to } => {
            if from != to {
                let (a, b) = docs.split_at_mut(1);
                let _ = if *from == 0 {
                    b[0].merge(&mut a[0])
                } else {
                    a[0].merge(&mut b[0])
                };
            }
        }
        Op::Snapshot { at } => {
            docs[*at].commit(NOW, None);
            snapshots.push(docs[*at].heads());
        }
    }
}

fn pick<T>(items: &[T], i: usize) -> Option<&T> {
    items.get(i.checked_rem(items.len())?)
}

fn sample(kind: &crate::field::FieldKind, n: u8) -> crate::document::Value {
    use crate::{document::Value, field::FieldKind};
    match kind {
        FieldKind::Text | FieldKind::LongText => Value::Text(format!("t{n}")),
        FieldKind::Number => Value::Number(f64::from(n)),
        FieldKind::Date => Value::Date("2026-01-02".into()),
        FieldKind::Person => Value::Person(PEOPLE[usize::from(n) % 4].into()),
        FieldKind::People => Value::People(vec![PEOPLE[usize::from(n) % 4].into()]),
        FieldKind::Departments => Value::Departments(vec!["sales".into()]),
        FieldKind::SingleChoice(o) if !o.is_empty() => {
            Value::Choice(o[usize::from(n) % o.len()].id.into())
        }
        FieldKind::Checkbox => Value::Checkbox(n.is_multiple_of(2)),
        _ => Value::Text("mismatch".into()),
    }
}

/// 256 cases by default; PROPTEST_CASES for a longer hunt, as in `convergence`.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(256)
}

fn person(i: usize) -> Person {
    staff(PEOPLE[i % PEOPLE.len()]).heading(dept("sales"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn typed_and_raw_edits_never_make_the_rules_panic(
        template in 0..library().len(),
        ops in proptest::collection::vec(op(), 1..30),
        pairs in proptest::collection::vec((any::<usize>(), any::<usize>(), 0..4usize), 1..8),
    ) {
        let t = &library()[template];
        let mut first = ConcordDoc::create(t, "t", &pid("alice"), NOW, actor(1)).unwrap();
        first.set_member_role(&pid("bob"), DocRole::Editor).unwrap();
        first.commit(NOW, None);
        let mut snapshots = vec![Vec::new(), first.heads()];
        let mut docs = vec![first.fork(actor(2)), first];
        for op in &ops {
            apply(&mut docs, op, &mut snapshots);
        }
        let (a, b) = docs.split_at_mut(1);
        let _ = a[0].merge(&mut b[0]);
        let hub = &mut docs[0];
        hub.commit(NOW, None);
        snapshots.push(hub.heads());
        // Heads this document never saw.
        let mut stranger = ConcordDoc::create(t, "s", &pid("x"), NOW, actor(9)).unwrap();
        snapshots.push(stranger.heads());
        let _ = validate(hub);
        for (x, y, who) in pairs {
            let before = snapshots[x % snapshots.len()].clone();
            let after = snapshots[y % snapshots.len()].clone();
            let _ = check_change(&before, &after, hub, &person(who), &today());
        }
    }

    #[test]
    fn bare_documents_of_random_operations_never_make_the_rules_panic(
        ops in proptest::collection::vec(
            (proptest::collection::vec(0..KEYS.len(), 1..6), raw(), any::<bool>()),
            1..40,
        ),
        pairs in proptest::collection::vec((any::<usize>(), any::<usize>(), 0..4usize), 1..8),
    ) {
        let mut doc = AutoCommit::new().with_actor(actor(3));
        let mut snapshots = vec![Vec::new()];
        for (path, raw, commit) in &ops {
            apply_raw(&mut doc, path, raw);
            if *commit {
                doc.commit();
                snapshots.push(doc.get_heads());
            }
        }
        snapshots.push(doc.get_heads());
        let history = doc.document().clone();
        for (x, y, who) in pairs {
            let before = &snapshots[x % snapshots.len()];
            let after = &snapshots[y % snapshots.len()];
            let _ = check_history(&history, before, after, &person(who), &today());
        }
        // And as a typed document, when the bytes pass `load`.
        if let Ok(typed) = ConcordDoc::load(&doc.save()) {
            let _ = validate(&typed);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// The relay's invariant: a valid document that only ever takes the
    /// batches `check_change` accepts stays valid.
    #[test]
    fn accepted_batches_keep_a_document_valid(
        template in 0..library().len(),
        batches in proptest::collection::vec(
            (0..4usize, proptest::collection::vec(op(), 1..6)),
            1..12,
        ),
    ) {
        let t = &library()[template];
        let mut hub = ConcordDoc::create(t, "t", &pid("alice"), NOW, actor(1)).unwrap();
        hub.set_member_role(&pid("bob"), DocRole::Editor).unwrap();
        hub.set_member_role(&pid("vic"), DocRole::Viewer).unwrap();
        hub.commit(NOW, None);
        prop_assert_eq!(validate(&hub), []);
        for (i, (who, ops)) in batches.iter().enumerate() {
            let before = hub.heads();
            let n = u8::try_from(10 + i).unwrap_or(255);
            let mut replica = hub.fork(actor(n));
            let mut docs = vec![replica.fork(actor(n.wrapping_add(100))), replica];
            let mut ignored = Vec::new();
            for op in ops {
                apply(&mut docs, op, &mut ignored);
            }
            let (a, b) = docs.split_at_mut(1);
            let _ = b[0].merge(&mut a[0]);
            let mut judge = hub.fork(actor(250));
            let _ = judge.merge(&mut docs[1]);
            let after = judge.heads();
            let verdict = check_change(&before, &after, &mut judge, &person(*who), &today());
            let batch = judge.automerge().get_changes(&before);
            prop_assert_eq!(&as_applied(&mut hub, &before, batch, &person(*who), &today()), &verdict);
            if verdict.is_ok() {
                let _ = hub.merge(&mut docs[1]);
                let broken = validate(&hub);
                prop_assert!(broken.is_empty(), "accepted {:?} → {:?}", ops, broken);
            }
        }
    }
}
