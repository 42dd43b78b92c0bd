//! Every rule of `check_change`, allowing what it should and refusing what
//! it should; and `validate` on well formed and broken documents.

use automerge::{
    ActorId, AutoCommit, ObjType, ROOT, ReadDoc, ScalarValue, transaction::Transactable,
};

use super::*;
use crate::{
    access::{DeptId, DocRole, Person, PersonId, Refusal},
    document::ConcordDoc,
    library::find_template,
    template::Template,
};

mod acceptance;
mod api_agrees;
mod attachments;
mod cost;
mod custom;
mod dates;
mod effect;
mod emergency;
mod entries;
mod flow;
mod intake;
mod never_panics;
mod notice;
mod parts;
mod rows;
mod task_steps;
mod validation;
mod versions;
mod waiting;

pub(super) const NOW: i64 = 1_700_000_000_000;

/// The judge's today: `NOW` in Shanghai (Wednesday 15 November 2023),
/// on a calendar of plain weeks.
pub(super) fn today() -> crate::calendar::Today {
    crate::calendar::Today::at(
        NOW,
        &crate::calendar::Offset::CHINA,
        crate::calendar::WorkingDays::new(),
    )
    .expect("a day in range")
}

pub(super) fn pid(s: &str) -> PersonId {
    s.parse().expect("a valid id")
}

pub(super) fn staff(s: &str) -> Person {
    Person::staff(pid(s), vec![])
}

/// Alice, who makes the test documents; the directory records boss as her
/// direct superior.
pub(super) fn alice() -> Person {
    staff("alice").reporting_to(pid("boss"))
}

pub(super) fn template(id: &str) -> &'static Template {
    find_template(id).expect("a built-in template")
}

/// A document made by alice (owner) in which bob edits and vic views.
pub(super) fn shared(template_id: &str) -> ConcordDoc {
    let mut doc =
        ConcordDoc::create(template(template_id), "Q3", &pid("alice"), NOW, actor(1)).unwrap();
    doc.set_member_role(&pid("bob"), DocRole::Editor).unwrap();
    doc.set_member_role(&pid("vic"), DocRole::Viewer).unwrap();
    doc.commit(NOW, None);
    doc
}

pub(super) fn actor(n: u8) -> ActorId {
    ActorId::from(vec![n; 16])
}

/// `who` makes an edit on their own replica; the relay judges the batch on
/// a copy and, as it would, keeps it only when allowed.
pub(super) fn by(
    doc: &mut ConcordDoc,
    who: &Person,
    edit: impl FnOnce(&mut ConcordDoc),
) -> Result<(), Refusal> {
    by_on(doc, who, &today(), edit)
}

/// `by`, judged on the day `today`.
pub(super) fn by_on(
    doc: &mut ConcordDoc,
    who: &Person,
    today: &crate::calendar::Today,
    edit: impl FnOnce(&mut ConcordDoc),
) -> Result<(), Refusal> {
    let before = doc.heads();
    let n = who
        .id
        .as_str()
        .bytes()
        .fold(7u8, |a, b| a.wrapping_mul(31).wrapping_add(b));
    let mut replica = doc.fork(actor(n));
    edit(&mut replica);
    replica.commit(NOW, None);
    let mut judge = doc.fork(actor(250));
    judge.merge(&mut replica).unwrap();
    let after = judge.heads();
    let verdict = check_change(&before, &after, &mut judge, who, today);
    let batch: Vec<automerge::Change> = judge.automerge().get_changes(&before);
    assert_eq!(
        as_applied(doc, &before, batch, who, today),
        verdict,
        "judged from what applying the batch logged"
    );
    if verdict.is_ok() {
        doc.merge(&mut replica).unwrap();
    }
    verdict
}

/// The relay's way of judging: `batch` applied to a bare copy of `doc`,
/// then `check_applied`, whose view of what the batch touched must be
/// exactly the whole diff's.
fn as_applied(
    doc: &mut ConcordDoc,
    before: &[automerge::ChangeHash],
    batch: Vec<automerge::Change>,
    who: &Person,
    today: &crate::calendar::Today,
) -> Result<(), Refusal> {
    let mut applied = doc.automerge().clone();
    applied.apply_changes(batch.clone()).unwrap();
    let after = applied.get_heads();
    let whole = super::touch::Touch::all_of(&applied.diff(before, &after));
    // Once with nothing known of where objects sit, once with what the
    // first pass learned (the relay's room keeps it between batches).
    let mut paths = super::ObjectPaths::default();
    for pass in ["fresh", "known"] {
        assert_eq!(
            super::check_effect::touched(&applied, before, &after, &batch, &mut paths),
            whole,
            "what the batch touched, read where it wrote ({pass} paths)"
        );
    }
    let mut learned = super::ObjectPaths::of(doc.automerge());
    assert_eq!(
        super::check_effect::touched(&applied, before, &after, &batch, &mut learned),
        whole,
        "what the batch touched, with the paths of the document before it"
    );
    let verdict = check_applied(&applied, before, &after, &batch, who, today);
    assert_eq!(
        super::check_applied_with(&applied, before, &after, &batch, who, today, &mut paths)
            .map(|_| ()),
        verdict,
        "judged with paths kept"
    );
    verdict
}

/// The raw document, for the parts `ConcordDoc` has no typed writer for.
pub(super) fn raw(doc: &mut ConcordDoc) -> &mut AutoCommit {
    doc.automerge_mut()
}

pub(super) fn map_at(doc: &mut ConcordDoc, path: &[&str]) -> automerge::ObjId {
    let am = raw(doc);
    let mut obj = ROOT;
    for key in path {
        obj = match am.get(&obj, *key).unwrap() {
            Some((automerge::Value::Object(_), id)) => id,
            _ => am.put_object(&obj, *key, ObjType::Map).unwrap(),
        };
    }
    obj
}

/// Writes `entries` into the map at `path`, making maps on the way.
pub(super) fn put(doc: &mut ConcordDoc, path: &[&str], entries: &[(&str, ScalarValue)]) {
    let obj = map_at(doc, path);
    for (key, value) in entries {
        raw(doc).put(&obj, *key, value.clone()).unwrap();
    }
}

pub(super) fn put_list(doc: &mut ConcordDoc, path: &[&str], key: &str, items: &[&str]) {
    let obj = map_at(doc, path);
    let list = raw(doc).put_object(&obj, key, ObjType::List).unwrap();
    for (i, item) in items.iter().enumerate() {
        raw(doc).insert(&list, i, *item).unwrap();
    }
}

pub(super) fn s(v: &str) -> ScalarValue {
    ScalarValue::Str(v.into())
}

pub(super) fn int(v: i64) -> ScalarValue {
    ScalarValue::Int(v)
}

pub(super) fn dept(s: &str) -> DeptId {
    s.parse().expect("a valid id")
}

/// Moves the status, as the app does (the round advances with it).
pub(super) fn move_status(doc: &mut ConcordDoc, to: &str) {
    doc.set_status(to).unwrap();
}
