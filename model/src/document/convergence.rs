//! Three replicas apply random edits and merge in random orders; after a
//! full merge they must agree exactly (the loro fuzz shape, as a proptest).

use proptest::prelude::*;

use super::tests::{TestRng, actor, alice, sample};
use super::*;
use crate::{access::PersonId, field::FieldKind, library::library, template::Template};

const REPLICAS: usize = 3;

#[derive(Debug, Clone)]
enum Op {
    SetField {
        at: usize,
        field: usize,
        n: u8,
    },
    AddRow {
        at: usize,
        after: Option<usize>,
        seed: u64,
    },
    MoveRow {
        at: usize,
        row: usize,
        after: Option<usize>,
    },
    DeleteRow {
        at: usize,
        row: usize,
    },
    SetCell {
        at: usize,
        row: usize,
        field: usize,
        n: u8,
    },
    Splice {
        at: usize,
        pos: usize,
        del: usize,
        text: String,
    },
    SetOwner {
        at: usize,
        row: usize,
        owner: Option<u8>,
    },
    SetTitle {
        at: usize,
        title: String,
    },
    /// Settle the replica's first conflict (if any) with its i-th value.
    Resolve {
        at: usize,
        pick: usize,
    },
    Merge {
        from: usize,
        to: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let at = 0..REPLICAS;
    prop_oneof![
        (at.clone(), any::<usize>(), any::<u8>()).prop_map(|(at, field, n)| Op::SetField {
            at,
            field,
            n
        }),
        (at.clone(), any::<Option<usize>>(), 1..u64::MAX)
            .prop_map(|(at, after, seed)| Op::AddRow { at, after, seed }),
        (at.clone(), any::<usize>(), any::<Option<usize>>())
            .prop_map(|(at, row, after)| Op::MoveRow { at, row, after }),
        (at.clone(), any::<usize>()).prop_map(|(at, row)| Op::DeleteRow { at, row }),
        (at.clone(), any::<usize>(), any::<usize>(), any::<u8>())
            .prop_map(|(at, row, field, n)| Op::SetCell { at, row, field, n }),
        (at.clone(), any::<usize>(), 0..4usize, "[a-c文]{0,3}")
            .prop_map(|(at, pos, del, text)| Op::Splice { at, pos, del, text }),
        (at.clone(), any::<usize>(), any::<Option<u8>>())
            .prop_map(|(at, row, owner)| Op::SetOwner { at, row, owner }),
        (at.clone(), "[xy题]{0,4}").prop_map(|(at, title)| Op::SetTitle { at, title }),
        (at.clone(), any::<usize>()).prop_map(|(at, pick)| Op::Resolve { at, pick }),
        (at.clone(), at.clone()).prop_map(|(from, to)| Op::Merge { from, to }),
        (at.clone(), at).prop_map(|(from, to)| Op::Merge { from, to }),
    ]
}

/// A template with form fields, a long-text field and a table.
fn template() -> &'static Template {
    library()
        .iter()
        .find(|t| !t.tables.is_empty() && t.fields.iter().any(|f| f.kind == FieldKind::LongText))
        .expect("such a template")
}

fn long_text(t: &Template) -> &'static str {
    t.fields
        .iter()
        .find(|f| f.kind == FieldKind::LongText)
        .map(|f| f.id)
        .unwrap_or("")
}

fn pick<T: Clone>(items: &[T], i: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[i % items.len()].clone())
}

fn apply(docs: &mut [ConcordDoc], op: &Op) {
    let t = template();
    let table = t.tables[0];
    let rows = |doc: &ConcordDoc| -> Vec<RowId> {
        doc.rows(table.id)
            .expect("rows")
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    match op {
        Op::SetField { at, field, n } => {
            let def = &t.fields[field % t.fields.len()];
            docs[*at]
                .set_field(def.id, sample(&def.kind, *n))
                .expect("set field");
        }
        Op::AddRow { at, after, seed } => {
            let ids = rows(&docs[*at]);
            let after = after.and_then(|i| pick(&ids, i));
            docs[*at]
                .add_row(table.id, after.as_ref(), &mut TestRng(*seed))
                .expect("add row");
        }
        Op::MoveRow { at, row, after } => {
            let ids = rows(&docs[*at]);
            if let Some(row) = pick(&ids, *row) {
                let after = after.and_then(|i| pick(&ids, i)).filter(|a| *a != row);
                docs[*at]
                    .move_row(table.id, &row, after.as_ref())
                    .expect("move row");
            }
        }
        Op::DeleteRow { at, row } => {
            if let Some(row) = pick(&rows(&docs[*at]), *row) {
                docs[*at].delete_row(table.id, &row).expect("delete row");
            }
        }
        Op::SetCell { at, row, field, n } => {
            if let Some(row) = pick(&rows(&docs[*at]), *row) {
                let def = &table.fields[field % table.fields.len()];
                let value = sample(&def.kind, *n);
                docs[*at]
                    .set_cell(table.id, &row, def.id, value)
                    .expect("set cell");
            }
        }
        Op::Splice { at, pos, del, text } => {
            let field = long_text(t);
            let len = match docs[*at].field(field).expect("read text") {
                Some(Value::Text(s)) => s.chars().count(),
                _ => 0,
            };
            let pos = pos % (len + 1);
            let del = (*del).min(len - pos);
            docs[*at]
                .splice_text(field, pos, del, text)
                .expect("splice");
        }
        Op::SetOwner { at, row, owner } => {
            if let Some(row) = pick(&rows(&docs[*at]), *row) {
                let owner = owner.map(|n| format!("p{n}").parse::<PersonId>().expect("a valid id"));
                docs[*at]
                    .set_row_owner(table.id, &row, owner.as_ref())
                    .expect("set owner");
            }
        }
        Op::SetTitle { at, title } => docs[*at].set_title(title).expect("set title"),
        Op::Resolve { at, pick: i } => {
            let conflicts = docs[*at].conflicts().expect("conflicts");
            if let Some(conflict) = conflicts.first()
                && let Some((value, _)) = pick(&conflict.values, *i)
            {
                docs[*at].resolve(&conflict.path, value).expect("resolve");
                let left = docs[*at].conflicts().expect("conflicts");
                assert!(
                    !left.iter().any(|c| c.path == conflict.path),
                    "resolved locally"
                );
            }
        }
        Op::Merge { from, to } => merge(docs, *from, *to),
    }
}

fn merge(docs: &mut [ConcordDoc], from: usize, to: usize) {
    if from == to {
        return;
    }
    // Two live borrows, not a clone: a clone would copy the uncommitted
    // transaction and so the same change number under one actor.
    let (low, high) = docs.split_at_mut(from.max(to));
    let (source, target) = if from < to {
        (&mut low[from], &mut high[0])
    } else {
        (&mut high[0], &mut low[to])
    };
    target.merge(source).expect("merge");
}

/// Everything a person could see of the document, typed.
type View = (String, Vec<Option<Value>>, Vec<Vec<RowView>>, Vec<Conflict>);

fn view(doc: &ConcordDoc) -> View {
    let t = doc.template();
    let fields = t
        .fields
        .iter()
        .map(|f| doc.field(f.id).expect("field"))
        .collect();
    let rows = t
        .tables
        .iter()
        .map(|table| doc.rows(table.id).expect("rows"))
        .collect();
    let title = doc.title().expect("title");
    (title, fields, rows, doc.conflicts().expect("conflicts"))
}

/// 256 cases take about 1.5 s on this two-core machine, keeping
/// `cargo test -p concord-model` well under a minute; set PROPTEST_CASES
/// for a longer hunt.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn replicas_converge_after_merging_in_any_order(
        ops in proptest::collection::vec(op(), 1..40),
        final_order in Just((0..REPLICAS).collect::<Vec<_>>()).prop_shuffle(),
    ) {
        let mut first =
            ConcordDoc::create(template(), "t", &alice(), 0, actor(1)).expect("create");
        let mut docs = vec![first.fork(actor(2)), first.fork(actor(3)), first];
        for op in &ops {
            apply(&mut docs, op);
        }
        // Everyone into the first in a random order, then the first back out.
        let hub = final_order[0];
        for &i in &final_order[1..] {
            merge(&mut docs, i, hub);
        }
        for &i in &final_order[1..] {
            merge(&mut docs, hub, i);
        }
        let heads = docs[hub].heads();
        let expected = view(&docs[hub]);
        for doc in &mut docs {
            prop_assert_eq!(doc.heads(), heads.clone());
            prop_assert_eq!(view(doc), expected.clone());
        }
        // And the merged state survives bytes.
        let mut loaded = ConcordDoc::load(&docs[hub].save()).expect("load");
        prop_assert_eq!(view(&loaded), expected);
        prop_assert_eq!(loaded.heads(), heads);
    }
}
