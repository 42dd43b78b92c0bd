//! Every kind of edit a person can make, and every way replicas exchange
//! them, as proptest operations.

use proptest::prelude::*;

use super::network::Network;
use super::view::view;
use crate::access::{DeptId, PersonId};
use crate::custom_field::{CustomField, CustomKind, CustomOption, Label};
use crate::document::tests::{TestRng, sample};
use crate::document::{CommentTarget, ConcordDoc, Decision, DocError, NewSignoff, RowId, Value};
use crate::{field::FieldKind, library::library, template::Template};

#[derive(Debug, Clone)]
pub enum Op {
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
    AddComment {
        at: usize,
        target: u8,
        row: usize,
        body: String,
        seed: u64,
    },
    EditComment {
        at: usize,
        which: usize,
        pos: usize,
        del: usize,
        text: String,
    },
    DeleteComment {
        at: usize,
        which: usize,
    },
    Signoff {
        at: usize,
        step: usize,
        approve: bool,
        dept: u8,
        seed: u64,
    },
    ConfirmRead {
        at: usize,
        person: u8,
        now: u16,
    },
    AddVersion {
        at: usize,
        name: String,
        seed: u64,
    },
    AddCustomField {
        at: usize,
        kind: u8,
        in_table: bool,
        seed: u64,
    },
    SetCustom {
        at: usize,
        which: usize,
        row: usize,
        n: u8,
    },
    Commit {
        at: usize,
        now: u16,
    },
    Send {
        from: usize,
        to: usize,
    },
    Deliver {
        from: usize,
        to: usize,
        pick: usize,
        twice: bool,
    },
    Drop {
        from: usize,
        to: usize,
        pick: usize,
    },
    Cut {
        a: usize,
        b: usize,
        cut: bool,
    },
    /// Two tabs of one browser hand each other the whole document.
    Merge {
        from: usize,
        to: usize,
    },
}

pub fn op() -> impl Strategy<Value = Op> {
    let at = any::<usize>;
    let seed = || 1..u64::MAX;
    prop_oneof![
        2 => (at(), any::<usize>(), any::<u8>()).prop_map(|(at, field, n)| Op::SetField { at, field, n }),
        2 => (at(), any::<Option<usize>>(), seed()).prop_map(|(at, after, seed)| Op::AddRow { at, after, seed }),
        1 => (at(), any::<usize>(), any::<Option<usize>>()).prop_map(|(at, row, after)| Op::MoveRow { at, row, after }),
        1 => (at(), any::<usize>()).prop_map(|(at, row)| Op::DeleteRow { at, row }),
        2 => (at(), any::<usize>(), any::<usize>(), any::<u8>())
            .prop_map(|(at, row, field, n)| Op::SetCell { at, row, field, n }),
        1 => (at(), any::<usize>(), 0..4usize, "[a-c文]{0,3}")
            .prop_map(|(at, pos, del, text)| Op::Splice { at, pos, del, text }),
        1 => (at(), any::<usize>(), any::<Option<u8>>()).prop_map(|(at, row, owner)| Op::SetOwner { at, row, owner }),
        1 => (at(), "[xy题]{0,4}").prop_map(|(at, title)| Op::SetTitle { at, title }),
        1 => (at(), any::<usize>()).prop_map(|(at, pick)| Op::Resolve { at, pick }),
        1 => (at(), 0..3u8, any::<usize>(), "(@p[0-4]|[ab评]| ){0,5}", seed())
            .prop_map(|(at, target, row, body, seed)| Op::AddComment { at, target, row, body, seed }),
        1 => (at(), any::<usize>(), any::<usize>(), 0..3usize, "(@p[0-4]|[c ]){0,2}")
            .prop_map(|(at, which, pos, del, text)| Op::EditComment { at, which, pos, del, text }),
        1 => (at(), any::<usize>()).prop_map(|(at, which)| Op::DeleteComment { at, which }),
        1 => (at(), any::<usize>(), any::<bool>(), 0..3u8, seed())
            .prop_map(|(at, step, approve, dept, seed)| Op::Signoff { at, step, approve, dept, seed }),
        1 => (at(), 0..5u8, any::<u16>()).prop_map(|(at, person, now)| Op::ConfirmRead { at, person, now }),
        1 => (at(), "V[0-9]", seed()).prop_map(|(at, name, seed)| Op::AddVersion { at, name, seed }),
        1 => (at(), 0..7u8, any::<bool>(), seed())
            .prop_map(|(at, kind, in_table, seed)| Op::AddCustomField { at, kind, in_table, seed }),
        2 => (at(), any::<usize>(), any::<usize>(), any::<u8>())
            .prop_map(|(at, which, row, n)| Op::SetCustom { at, which, row, n }),
        1 => (at(), any::<u16>()).prop_map(|(at, now)| Op::Commit { at, now }),
        4 => (at(), at()).prop_map(|(from, to)| Op::Send { from, to }),
        4 => (at(), at(), any::<usize>(), prop::bool::weighted(0.2))
            .prop_map(|(from, to, pick, twice)| Op::Deliver { from, to, pick, twice }),
        1 => (at(), at(), any::<usize>()).prop_map(|(from, to, pick)| Op::Drop { from, to, pick }),
        1 => (at(), at(), any::<bool>()).prop_map(|(a, b, cut)| Op::Cut { a, b, cut }),
        1 => (at(), at()).prop_map(|(from, to)| Op::Merge { from, to }),
    ]
}

/// A template with form fields, a long-text field, a table and sign-off steps.
pub fn template() -> &'static Template {
    library()
        .iter()
        .find(|t| {
            !t.tables.is_empty()
                && t.fields.iter().any(|f| f.kind == FieldKind::LongText)
                && !t.workflow.transitions.is_empty()
        })
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

/// Replica `i` is the device of person `p<i>`.
fn person(i: usize) -> PersonId {
    format!("p{i}").parse().expect("a valid id")
}

fn custom_kind(k: u8) -> CustomKind {
    let option = |id: &str| CustomOption {
        id: id.into(),
        label: Label::new(id, id),
    };
    match k {
        0 => CustomKind::Number,
        1 => CustomKind::Text,
        2 => CustomKind::LongText,
        3 => CustomKind::SingleChoice {
            options: vec![option("a"), option("b")],
        },
        4 => CustomKind::Rating { max: 5 },
        5 => CustomKind::Date,
        _ => CustomKind::People,
    }
}

fn custom_sample(kind: &CustomKind, n: u8) -> Value {
    match kind {
        CustomKind::SingleChoice { options } => {
            Value::Choice(options[usize::from(n) % options.len()].id.clone())
        }
        other => sample(&other.field_kind(), n),
    }
}

pub fn apply(net: &mut Network, op: &Op) {
    let t = template();
    let table = t.tables[0];
    let n = net.len();
    let rows = |doc: &ConcordDoc| -> Vec<RowId> {
        doc.rows(table.id)
            .expect("rows")
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    match op {
        Op::SetField { at, field, n: v } => {
            let def = &t.fields[field % t.fields.len()];
            net.docs[at % n]
                .set_field(def.id, sample(&def.kind, *v))
                .expect("set field");
        }
        Op::AddRow { at, after, seed } => {
            let doc = &mut net.docs[at % n];
            let after = after.and_then(|i| pick(&rows(doc), i));
            doc.add_row(table.id, after.as_ref(), &mut TestRng(*seed))
                .expect("add row");
        }
        Op::MoveRow { at, row, after } => {
            let doc = &mut net.docs[at % n];
            let ids = rows(doc);
            if let Some(row) = pick(&ids, *row) {
                let after = after.and_then(|i| pick(&ids, i)).filter(|a| *a != row);
                doc.move_row(table.id, &row, after.as_ref())
                    .expect("move row");
            }
        }
        Op::DeleteRow { at, row } => {
            let doc = &mut net.docs[at % n];
            if let Some(row) = pick(&rows(doc), *row) {
                doc.delete_row(table.id, &row).expect("delete row");
            }
        }
        Op::SetCell {
            at,
            row,
            field,
            n: v,
        } => {
            let doc = &mut net.docs[at % n];
            if let Some(row) = pick(&rows(doc), *row) {
                let def = &table.fields[field % table.fields.len()];
                doc.set_cell(table.id, &row, def.id, sample(&def.kind, *v))
                    .expect("set cell");
            }
        }
        Op::Splice { at, pos, del, text } => {
            let doc = &mut net.docs[at % n];
            let field = long_text(t);
            let len = match doc.field(field).expect("read text") {
                Some(Value::Text(s)) => s.chars().count(),
                _ => 0,
            };
            let pos = pos % (len + 1);
            let del = (*del).min(len - pos);
            doc.splice_text(field, pos, del, text).expect("splice");
        }
        Op::SetOwner { at, row, owner } => {
            let doc = &mut net.docs[at % n];
            if let Some(row) = pick(&rows(doc), *row) {
                let owner = owner.map(|o| person(usize::from(o)));
                doc.set_row_owner(table.id, &row, owner.as_ref())
                    .expect("set owner");
            }
        }
        Op::SetTitle { at, title } => net.docs[at % n].set_title(title).expect("set title"),
        Op::Resolve { at, pick: i } => {
            let doc = &mut net.docs[at % n];
            let conflicts = doc.conflicts().expect("conflicts");
            if let Some(conflict) = conflicts.first()
                && let Some((value, _)) = pick(&conflict.values, *i)
            {
                doc.resolve(&conflict.path, value).expect("resolve");
                let left = doc.conflicts().expect("conflicts");
                assert!(
                    !left.iter().any(|c| c.path == conflict.path),
                    "resolved locally"
                );
            }
        }
        Op::AddComment {
            at,
            target,
            row,
            body,
            seed,
        } => {
            let doc = &mut net.docs[at % n];
            let target = match target {
                0 => CommentTarget::Doc,
                1 => CommentTarget::Field(t.fields[0].id.to_owned()),
                _ => match pick(&rows(doc), *row) {
                    Some(row) => CommentTarget::Row {
                        table: table.id.to_owned(),
                        row,
                    },
                    None => CommentTarget::Doc,
                },
            };
            let id = doc
                .add_comment(&person(at % n), &target, body, 7, &mut TestRng(*seed))
                .expect("add comment");
            let mine = doc.comments(Some(&target)).expect("comments");
            assert!(mine.iter().any(|c| c.id == id && c.body == *body));
        }
        Op::EditComment {
            at,
            which,
            pos,
            del,
            text,
        } => {
            let me = person(at % n);
            let doc = &mut net.docs[at % n];
            let own: Vec<_> = doc
                .comments(None)
                .expect("comments")
                .into_iter()
                .filter(|c| c.author == me)
                .collect();
            if let Some(comment) = pick(&own, *which) {
                let len = comment.body.chars().count();
                let pos = pos % (len + 1);
                let del = (*del).min(len - pos);
                doc.edit_comment(&me, &comment.id, pos, del, text)
                    .expect("edit own comment");
            }
        }
        Op::DeleteComment { at, which } => {
            let me = person(at % n);
            let doc = &mut net.docs[at % n];
            let all = doc.comments(None).expect("comments");
            if let Some(comment) = pick(&all, *which) {
                let result = doc.delete_comment(&me, &comment.id);
                if comment.author == me {
                    result.expect("delete own comment");
                } else {
                    assert!(matches!(result, Err(DocError::NotCommentAuthor(_))));
                }
            }
        }
        Op::Signoff {
            at,
            step,
            approve,
            dept,
            seed,
        } => {
            let steps = t.workflow.transitions;
            let step = &steps[step % steps.len()];
            let by = person(at % n);
            let departments: Vec<DeptId> = vec![format!("d{dept}").parse().expect("an id")];
            let record = NewSignoff {
                by: &by,
                transition: step.id,
                departments: &departments,
                decision: if *approve {
                    Decision::Approve
                } else {
                    Decision::Reject
                },
                note: "",
            };
            net.docs[at % n]
                .add_signoff(&record, 9, &mut TestRng(*seed))
                .expect("sign");
        }
        Op::ConfirmRead { at, person: p, now } => net.docs[at % n]
            .confirm_read(&person(usize::from(*p)), i64::from(*now))
            .expect("confirm read"),
        Op::AddVersion { at, name, seed } => {
            let doc = &mut net.docs[at % n];
            let before = view(doc);
            let id = doc
                .add_version(name, "", &person(at % n), 11, &mut TestRng(*seed))
                .expect("add version");
            let old = doc.at_version(&id).expect("a version of our own heads");
            assert_eq!(
                view(&old),
                before,
                "the version shows the document as named"
            );
        }
        Op::AddCustomField {
            at,
            kind,
            in_table,
            seed,
        } => {
            let field = CustomField {
                id: CustomField::random_id(&mut TestRng(*seed)),
                label: Label::new("字段", "Field"),
                kind: custom_kind(*kind),
                required: false,
                table: in_table.then(|| table.id.to_owned()),
            };
            match net.docs[at % n].add_custom_field(&field) {
                // The same seed drawn twice on one replica: a duplicate id.
                Ok(()) | Err(DocError::InvalidCustomField { .. }) => {}
                Err(other) => panic!("add custom field: {other}"),
            }
        }
        Op::SetCustom {
            at,
            which,
            row,
            n: v,
        } => {
            let doc = &mut net.docs[at % n];
            let fields = doc.custom_fields().expect("custom fields");
            if let Some(field) = pick(&fields, *which) {
                let value = custom_sample(&field.kind, *v);
                match &field.table {
                    None => doc.set_field(&field.id, value).expect("set custom field"),
                    Some(table) => {
                        if let Some(row) = pick(&rows(doc), *row) {
                            doc.set_cell(table, &row, &field.id, value)
                                .expect("set custom cell");
                        }
                    }
                }
            }
        }
        Op::Commit { at, now } => {
            net.docs[at % n].commit(i64::from(*now) * 1000, Some("edit"));
        }
        Op::Send { from, to } => net.send(from % n, to % n),
        Op::Deliver {
            from,
            to,
            pick,
            twice,
        } => net.deliver(from % n, to % n, *pick, *twice),
        Op::Drop { from, to, pick } => net.drop_message(from % n, to % n, *pick),
        Op::Cut { a, b, cut } => net.set_cut(a % n, b % n, *cut),
        Op::Merge { from, to } => net.merge(from % n, to % n),
    }
}
