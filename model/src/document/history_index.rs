//! `HistoryIndex`: where each change of a document wrote, each change read
//! once. Its changes are listed at once (cheap: no ops) but read newest
//! first, a few at a time: the newest page of a long history needs only
//! the changes on it, and the rest is read when there is time. A change
//! read before the older ones it builds on finds the objects it writes in,
//! and the characters it cuts, from the ops that made them, fetched from
//! the document by id.

use std::{
    collections::{HashMap, HashSet, VecDeque, hash_map::Entry},
    sync::{Arc, OnceLock},
};

use automerge::{
    ActorId, Automerge, ChangeHash, ObjType, Prop, ReadDoc, ScalarValue,
    legacy::{self, ElementId, Key, OpType},
};

use super::{Found, HistoryEdit, HistoryPage, HistoryPlace, HistoryScope, Raw};
use crate::{custom_field::CustomField, document::RowId, template::Template};

/// An op's id: its counter and its actor.
pub(super) type OpKey = (u64, ActorId);

/// An object's path of map keys from the root, and whether it is a Text.
type ObjPlace = (Arc<[String]>, bool);

/// How deep an object found by fetching the ops that made it may lie:
/// deeper than any template's values, and the fetch recurses per level.
const DEEPEST: usize = 32;

/// Every change of one document read for its history: where each change
/// wrote, in the template's words, in an order that puts each change after
/// those it depends on. Values are read per page, at the changes' own heads.
#[derive(Default)]
pub struct HistoryIndex {
    /// Whether the document's changes were listed (into `older`).
    listed: bool,
    /// The document's heads when its changes were last listed or read.
    heads: Vec<ChangeHash>,
    /// How many changes were listed at first.
    listed_count: usize,
    /// Changes listed and not read yet, oldest first: read from the end;
    /// each with how many ops it has.
    older: Vec<(ChangeHash, u64)>,
    /// The changes read that wrote somewhere, oldest first.
    pub(super) found: VecDeque<Found>,
    /// Each object's path of map keys from the root and whether it is a
    /// Text, from the op that made it; `None` for objects inside lists.
    places: HashMap<OpKey, Option<ObjPlace>>,
    /// The changes fetched for the objects they made, each fetched once.
    fetched: HashSet<ChangeHash>,
}

impl HistoryIndex {
    /// Lists the changes of `doc` the first time (read by `read_older`);
    /// later, reads the changes made since.
    pub(super) fn catch_up(&mut self, doc: &Automerge) {
        let heads = doc.get_heads();
        if self.listed && heads == self.heads {
            return;
        }
        if self.listed {
            // Newer than every change listed: they go after them.
            for change in doc.get_changes(&self.heads) {
                if let Some(found) = self.read(doc, &change.decode(), change.hash()) {
                    self.found.push_back(found);
                }
            }
        } else {
            self.older = doc
                .get_changes_meta(&[])
                .into_iter()
                .map(|c| (c.hash, (c.max_op + 1).saturating_sub(c.start_op)))
                .collect();
            self.listed_count = self.older.len();
            self.listed = true;
        }
        self.heads = heads;
    }

    /// Whether every change listed has been read.
    pub(super) fn is_complete(&self) -> bool {
        self.listed && self.older.is_empty()
    }

    /// How many ops the next `n` changes `read_older` reads have: reading
    /// costs in proportion, and one change may be a whole imported table.
    pub(super) fn ops_ahead(&self, n: usize) -> u64 {
        self.older.iter().rev().take(n).map(|(_, ops)| ops).sum()
    }

    /// Reads up to `n` of the changes listed and not read yet, newest
    /// first; true when none is left.
    pub(super) fn read_older(&mut self, doc: &Automerge, n: usize) -> bool {
        // Changes come fastest all together (`get_changes`), about twice
        // as fast as one by one: worth it when most are left to read.
        if n >= self.older.len() && self.older.len() * 2 > self.listed_count {
            self.read_rest_at_once(doc);
            return true;
        }
        for _ in 0..n {
            let Some((hash, _)) = self.older.pop() else {
                break;
            };
            if let Some(change) = doc.get_change_by_hash(&hash)
                && let Some(found) = self.read(doc, &change.decode(), hash)
            {
                self.found.push_front(found);
            }
        }
        self.older.is_empty()
    }

    fn read_rest_at_once(&mut self, doc: &Automerge) {
        let rest: HashSet<ChangeHash> = self.older.drain(..).map(|(hash, _)| hash).collect();
        let mut read = Vec::new();
        for change in doc.get_changes(&[]) {
            if rest.contains(&change.hash())
                && let Some(found) = self.read(doc, &change.decode(), change.hash())
            {
                read.push(found);
            }
        }
        for found in read.into_iter().rev() {
            self.found.push_front(found);
        }
    }

    /// Where one change wrote, if anywhere.
    fn read(
        &mut self,
        doc: &Automerge,
        change: &legacy::Change,
        hash: ChangeHash,
    ) -> Option<Found> {
        let created = change.deps.is_empty();
        let mut touched: Vec<(HistoryPlace, Raw)> = Vec::new();
        for (i, op) in change.operations.iter().enumerate() {
            let id = (change.start_op.get() + i as u64, change.actor_id.clone());
            let Some((path, in_text)) = self.place(doc, &op.obj, 0) else {
                if matches!(op.action, OpType::Make(_)) {
                    self.places.insert(id, None);
                }
                continue;
            };
            if let OpType::Make(kind) = op.action {
                let made = match &op.key {
                    Key::Map(key) => {
                        let mut full = path.to_vec();
                        full.push(key.to_string());
                        Some((Arc::from(full), kind == ObjType::Text))
                    }
                    Key::Seq(_) => None,
                };
                self.places.insert(id, made);
            }
            if created {
                continue;
            }
            // An empty text made where nothing was (with a new row, or a
            // new long-text field) is not an edit anyone made.
            if matches!(op.action, OpType::Make(ObjType::Text)) && op.pred.is_empty() {
                continue;
            }
            let mut full: Vec<&str> = path.iter().map(String::as_str).collect();
            let raw = match (&op.key, in_text) {
                (Key::Seq(elem), true) => text_raw(op, elem),
                (Key::Map(key), _) => {
                    full.push(key.as_str());
                    Raw::Key
                }
                // An item of a list value (people, choices): the value changed.
                (Key::Seq(_), false) => Raw::Inside,
            };
            let Some(place) = place_of(&full) else {
                continue;
            };
            let raw = row_raw(&full, &op.action).unwrap_or(raw);
            merge_raw(&mut touched, place, raw);
        }
        if created {
            touched.push((HistoryPlace::Part("meta".into()), Raw::Created));
        }
        (!touched.is_empty()).then(|| Found {
            hash,
            deps: change.deps.clone(),
            by: change.message.as_deref().and_then(|m| m.parse().ok()),
            at: change.time.saturating_mul(1000),
            touched,
        })
    }

    /// Where `obj` is (`None`: inside a list, or nowhere known), from the
    /// op that made it: read already, or fetched from `doc` with the rest
    /// of its change when that change is older than those read.
    fn place(&mut self, doc: &Automerge, obj: &legacy::ObjectId, depth: usize) -> Option<ObjPlace> {
        static ROOT: OnceLock<ObjPlace> = OnceLock::new();
        let legacy::ObjectId::Id(id) = obj else {
            return Some(ROOT.get_or_init(|| (Arc::from([]), false)).clone());
        };
        let key = (id.0, id.1.clone());
        if let Some(place) = self.places.get(&key) {
            return place.clone();
        }
        if let Some(place) = place_in(doc, &key) {
            self.places.insert(key, place.clone());
            return place;
        }
        if depth < DEEPEST {
            self.fetch_makes(doc, &key, depth);
        }
        self.places.entry(key).or_insert(None).clone()
    }

    /// Learns every object made by the change that made `obj`: for an
    /// object the document no longer knows its way to (`place_in`).
    fn fetch_makes(&mut self, doc: &Automerge, obj: &OpKey, depth: usize) {
        let id = automerge::ObjId::Id(obj.0, obj.1.clone(), 0);
        let Some(hash) = doc.hash_for_opid(&id) else {
            return;
        };
        if !self.fetched.insert(hash) {
            return;
        }
        let Some(change) = doc.get_change_by_hash(&hash) else {
            return;
        };
        let change = change.decode();
        for (i, op) in change.operations.iter().enumerate() {
            let OpType::Make(kind) = op.action else {
                continue;
            };
            let made = match &op.key {
                Key::Map(key) => self.place(doc, &op.obj, depth + 1).map(|(path, _)| {
                    let mut full = path.to_vec();
                    full.push(key.to_string());
                    (Arc::from(full), kind == ObjType::Text)
                }),
                Key::Seq(_) => None,
            };
            let id = (change.start_op.get() + i as u64, change.actor_id.clone());
            self.places.insert(id, made);
        }
    }

    /// The changes that touched `scope`, newest first, values read for
    /// the page only; `total` counts only those read so far.
    pub(super) fn page(
        &mut self,
        doc: &Automerge,
        template: &Template,
        custom: &[CustomField],
        scope: &HistoryScope,
        skip: usize,
        take: usize,
    ) -> HistoryPage {
        let mut total = 0;
        let mut entries = Vec::new();
        for found in self.found.iter_mut().rev() {
            if !found.in_scope(scope) {
                continue;
            }
            total += 1;
            if total > skip && entries.len() < take {
                entries.push(found.entry(scope, doc, template, custom));
            }
        }
        HistoryPage {
            entries,
            total,
            complete: self.is_complete(),
        }
    }

    /// How many of the changes read touched `scope`, counting from the
    /// oldest `from` of them.
    pub(super) fn held(&self, scope: &HistoryScope, from: usize) -> usize {
        self.found
            .iter()
            .take(from)
            .filter(|f| f.in_scope(scope))
            .count()
    }
}

/// The characters `cut` named, as they were typed: each from the op that
/// inserted it, in the change fetched from `doc`.
pub(super) fn cut_text(doc: &Automerge, cut: &[OpKey]) -> String {
    let mut changes: HashMap<ChangeHash, legacy::Change> = HashMap::new();
    let mut text = String::new();
    for (counter, actor) in cut {
        let id = automerge::ObjId::Id(*counter, actor.clone(), 0);
        let Some(hash) = doc.hash_for_opid(&id) else {
            continue;
        };
        let change = match changes.entry(hash) {
            Entry::Occupied(held) => held.into_mut(),
            Entry::Vacant(place) => match doc.get_change_by_hash(&hash) {
                Some(change) => place.insert(change.decode()),
                None => continue,
            },
        };
        let op = counter
            .checked_sub(change.start_op.get())
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| change.operations.get(i));
        if let Some(legacy::Op {
            action: OpType::Put(ScalarValue::Str(s)),
            insert: true,
            ..
        }) = op
        {
            text.push_str(s);
        }
    }
    text
}

/// A character typed (an insert) or cut (a delete of an element some
/// earlier change inserted, named by its op) in a text.
fn text_raw(op: &legacy::Op, elem: &ElementId) -> Raw {
    let mut inserted = String::new();
    let mut cut = Vec::new();
    match (&op.action, op.insert) {
        (OpType::Put(ScalarValue::Str(s)), true) => inserted.push_str(s),
        (OpType::Delete, _) => {
            if let ElementId::Id(id) = elem {
                cut.push((id.0, id.1.clone()));
            }
        }
        _ => {}
    }
    Raw::Text {
        inserted,
        cut,
        deleted: None,
    }
}

/// A row made, removed or moved: ops on a table's map of rows, or on a
/// row's `order`.
fn row_raw(full: &[&str], action: &OpType) -> Option<Raw> {
    match full {
        ["tables", _, _] => Some(Raw::Row(match action {
            OpType::Delete => HistoryEdit::RowRemoved,
            _ => HistoryEdit::RowAdded,
        })),
        ["tables", _, _, "order"] => Some(Raw::Row(HistoryEdit::RowMoved)),
        // The cells map a new row is made with is part of adding it.
        ["tables", _, _, "cells"] => Some(Raw::Row(HistoryEdit::RowAdded)),
        _ => None,
    }
}

/// Adds one op's effect to what the change did at `place`.
fn merge_raw(touched: &mut Vec<(HistoryPlace, Raw)>, place: HistoryPlace, raw: Raw) {
    let Some((_, held)) = touched.iter_mut().find(|(p, _)| *p == place) else {
        touched.push((place, raw));
        return;
    };
    match (&mut *held, raw) {
        (
            Raw::Text { inserted, cut, .. },
            Raw::Text {
                inserted: more_in,
                cut: more_cut,
                ..
            },
        ) => {
            inserted.push_str(&more_in);
            cut.extend(more_cut);
        }
        // A row both added and touched reads as added; removed wins over moved.
        (Raw::Row(HistoryEdit::RowAdded), _) => {}
        (held, Raw::Row(edit)) => *held = Raw::Row(edit),
        // A whole new value (its key set) says more than the ops inside it.
        (Raw::Key, _) => {}
        (held, raw) => *held = raw,
    }
}

/// The place a path of map keys from the root names.
/// Where the document says `obj` is: map keys never move, so its path of
/// keys now is the one it was made at. `None` if the document cannot say;
/// `Some(None)` inside a list. Asking is a few lookups, where fetching the
/// change that made it decodes all of that change: an imported table's one
/// change holds every row, and reading the history of a cell fetched it.
fn place_in(doc: &Automerge, obj: &OpKey) -> Option<Option<ObjPlace>> {
    let id = automerge::ObjId::Id(obj.0, obj.1.clone(), 0);
    let kind = doc.object_type(&id).ok()?;
    let mut keys = Vec::new();
    for (_, prop) in doc.parents(&id).ok()?.path() {
        match prop {
            Prop::Map(key) => keys.push(key),
            Prop::Seq(_) => return Some(None),
        }
    }
    Some(Some((Arc::from(keys), kind == ObjType::Text)))
}

fn place_of(full: &[&str]) -> Option<HistoryPlace> {
    Some(match full {
        ["meta", "title", ..] => HistoryPlace::Title,
        ["meta", "status"] => HistoryPlace::Status,
        ["meta", key, ..] => HistoryPlace::Part(format!("meta.{key}")),
        ["fields", field, ..] => HistoryPlace::Field((*field).to_owned()),
        ["tables", table, row, "cells", field, ..] => HistoryPlace::Cell {
            table: (*table).to_owned(),
            row: RowId((*row).to_owned()),
            field: (*field).to_owned(),
        },
        ["tables", table, row, ..] => HistoryPlace::Row {
            table: (*table).to_owned(),
            row: RowId((*row).to_owned()),
        },
        [top, ..] => HistoryPlace::Part((*top).to_owned()),
        [] => return None,
    })
}

#[cfg(test)]
mod tests {
    use crate::document::tests::{TestRng, actor, new_doc};
    use crate::{ConcordDoc, HistoryIndex, HistoryScope, RowId, Value, find_template};

    /// Two people's edits: fields set, texts typed and cut (some cut long
    /// after they were typed), rows added, moved, removed, cells edited
    /// in rows made many changes before.
    fn edited() -> (ConcordDoc, RowId) {
        let mut doc = new_doc(find_template("task-tracker").unwrap());
        doc.commit(1_000, Some("alice"));
        let mut rng = TestRng(3);
        let row = doc.add_row("tasks", None, &mut rng).unwrap();
        doc.commit(2_000, Some("alice"));
        let other = doc.add_row("tasks", Some(&row), &mut rng).unwrap();
        doc.commit(2_500, Some("alice"));
        doc.splice_text("notes", 0, 0, "讨论验收方案").unwrap();
        doc.commit(3_000, Some("alice"));
        let mut bob = doc.fork(actor(2));
        for n in 0..12 {
            doc.set_field("project", Value::Text(format!("一期{n}")))
                .unwrap();
            doc.commit(4_000 + n * 10, Some("alice"));
            bob.splice_cell_text("tasks", &row, "progress", 0, 0, "进")
                .unwrap();
            bob.commit(4_005 + n * 10, Some("bob"));
        }
        doc.merge(&mut bob).unwrap();
        doc.splice_text("notes", 2, 2, "排期").unwrap();
        doc.commit(5_000, Some("bob"));
        doc.splice_cell_text("tasks", &row, "progress", 1, 3, "")
            .unwrap();
        doc.set_cell("tasks", &row, "task", Value::Text("写方案".into()))
            .unwrap();
        doc.commit(5_500, Some("alice"));
        doc.move_row("tasks", &other, None).unwrap();
        doc.commit(6_000, Some("alice"));
        doc.delete_row("tasks", &other).unwrap();
        doc.commit(7_000, Some("bob"));
        (doc, row)
    }

    fn scopes(row: &RowId) -> Vec<HistoryScope> {
        vec![
            HistoryScope::Document,
            HistoryScope::Field("notes".into()),
            HistoryScope::Field("project".into()),
            HistoryScope::Field("decisions".into()),
            HistoryScope::Row {
                table: "tasks".into(),
                row: row.clone(),
            },
            HistoryScope::Cell {
                table: "tasks".into(),
                row: row.clone(),
                field: "progress".into(),
            },
        ]
    }

    #[test]
    fn a_first_page_read_newest_first_is_the_newest_of_the_whole_history() {
        let (mut doc, row) = edited();
        for scope in scopes(&row) {
            let whole = doc.history(&scope, 0, 1_000);
            assert!(whole.complete);
            // A whole read counts every change, however few it shows.
            assert_eq!(doc.history(&scope, 0, 0).total, whole.total);
            let mut index = HistoryIndex::default();
            let first = doc.history_so_far(&mut index, &scope, 0, 3, 8);
            assert!(!first.complete, "{scope:?}: eight changes are not all");
            assert!(first.total <= whole.total);
            let shown = first.entries.len();
            assert_eq!(first.entries, whole.entries[..shown], "{scope:?}");
            // The newest changes cut the row's progress, typed by another
            // in changes not read yet, and set a cell of a row made long ago.
            if !matches!(scope, HistoryScope::Field(_)) {
                assert!(shown > 0, "{scope:?}");
            }
            // Nothing more read when the page is full; an empty budget reads none.
            let again = doc.history_so_far(&mut index, &scope, 0, shown, 0);
            assert_eq!(again, first, "{scope:?}");
        }
    }

    #[test]
    fn read_a_change_at_a_time_with_edits_between_it_reads_as_all_at_once() {
        let (mut doc, row) = edited();
        let mut index = HistoryIndex::default();
        doc.history_so_far(&mut index, &HistoryScope::Document, 0, 2, 4);
        let mut steps = 0;
        while !doc.read_history(&mut index, 1) {
            steps += 1;
            if steps == 10 {
                // Made while the older changes are still being read: it
                // cuts characters typed in a change not read yet.
                doc.splice_text("notes", 0, 2, "").unwrap();
                doc.commit(8_000, Some("alice"));
            }
        }
        assert!(steps > 20, "read one change at a time");
        for scope in scopes(&row) {
            let kept = doc.history_so_far(&mut index, &scope, 0, 1_000, 0);
            assert_eq!(kept, doc.history(&scope, 0, 1_000), "{scope:?}");
        }
        let newest = doc.history_in(&mut index, &HistoryScope::Field("notes".into()), 0, 1);
        assert_eq!(
            newest.entries[0].edits[0].1,
            crate::HistoryEdit::Text {
                inserted: String::new(),
                deleted: "讨论".into()
            }
        );
    }
}
