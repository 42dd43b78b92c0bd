//! Scenario tests of documents: every template, every kind, two replicas.

use automerge::ActorId;
use rand_core::{RngCore, impls};

use super::*;
use crate::{access::PersonId, field::FieldKind, library::library, template::Template};

mod custom;
mod entries;
mod fields;
mod files;
mod hostile;
mod merge;
mod rows;
mod touched;

/// A deterministic generator, so failures replay.
pub(crate) struct TestRng(pub u64);

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

pub(crate) fn actor(n: u8) -> ActorId {
    ActorId::from(vec![n; 16])
}

pub(crate) fn alice() -> PersonId {
    "alice".parse().expect("a valid id")
}

pub(super) fn new_doc(template: &'static Template) -> ConcordDoc {
    ConcordDoc::create(template, "Q3 项目", &alice(), 1_700_000_000_000, actor(1)).expect("create")
}

/// A value that fits the kind; `n` varies it.
pub(crate) fn sample(kind: &FieldKind, n: u8) -> Value {
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
        FieldKind::Attachment => Value::Attachments(vec![
            crate::Attachment::Named(s("file-")),
            crate::Attachment::File(crate::FileRef::new(
                crate::FileHash::from_digest(&[n; 32]),
                &s("photo-"),
                u64::from(n),
                "image/png",
            )),
        ]),
        FieldKind::Rating { max } => Value::Rating(1 + n % max),
        FieldKind::Link => Value::Link {
            doc: s("automerge:doc"),
            row: n.is_multiple_of(2).then(|| s("row")),
        },
    }
}

/// A value of some other kind than `kind` accepts.
pub(super) fn wrong(kind: &FieldKind) -> Value {
    match kind {
        FieldKind::Checkbox => Value::Number(1.0),
        _ => Value::Checkbox(true),
    }
}

pub(super) fn template_with(pred: impl Fn(&Template) -> bool) -> &'static Template {
    library()
        .iter()
        .find(|t| pred(t))
        .expect("a template of that shape")
}

pub(super) fn long_text_field(t: &Template) -> Option<&'static str> {
    t.fields
        .iter()
        .find(|f| f.kind == FieldKind::LongText)
        .map(|f| f.id)
}

pub(super) fn table_template() -> (&'static Template, &'static str) {
    let t = template_with(|t| !t.tables.is_empty());
    (t, t.tables[0].id)
}

pub(super) fn ids(doc: &ConcordDoc, table: &str) -> Vec<RowId> {
    doc.rows(table).unwrap().into_iter().map(|r| r.id).collect()
}
