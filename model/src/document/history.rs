//! 留痕可追溯: every change of a document, newest first, with its author,
//! its time and what it did in the template's words (a field from one value
//! to another, characters typed into or cut from a text, a row added). Read
//! from the changes themselves, so it needs nothing recorded beside them:
//! each change's ops say which object and key they wrote, and the values
//! before and after are read at the change's dependencies and at itself.
//!
//! A long history is read newest first (`HistoryIndex`): its newest page
//! costs the changes on it, and a screen reads the rest a few changes at
//! a time (`read_history`) while nobody waits.
//!
//! The author is the person id a change carries as its message; the relay
//! refuses a change whose message names anyone but its signer
//! (`Refusal::NotYourName`), and a change with none names nobody.

use automerge::{Automerge, ChangeHash, ROOT};

use super::{
    at::At,
    doc::{ConcordDoc, ObjId},
    field_spec::FieldSpec,
    ids::RowId,
    one_row::table_specs,
    value::Value,
};
use crate::{
    access::{PersonId, Refusal},
    custom_field::CustomField,
    template::Template,
};

/// Whose history: the whole document, its workflow state (who moved it
/// where, when: the approval history), one form field, one row, one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryScope {
    Document,
    Status,
    Field(String),
    Row {
        table: String,
        row: RowId,
    },
    Cell {
        table: String,
        row: RowId,
        field: String,
    },
}

/// Where an edit landed, in the template's words.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum HistoryPlace {
    Title,
    Status,
    Field(String),
    Cell {
        table: String,
        row: RowId,
        field: String,
    },
    Row {
        table: String,
        row: RowId,
    },
    /// Any other part of the document, by its key at the root (`acl`,
    /// `comments`, `signoffs`, `versions`, `custom_fields`, …) or under
    /// `meta` (`meta.classification`, …).
    Part(String),
}

/// What one change did at one place.
#[derive(Debug, Clone, PartialEq)]
pub enum HistoryEdit {
    /// The document was made.
    Created,
    /// A value replaced by another (`None`: empty, or not readable as the
    /// field's kind). A status is its state's id as `Value::Text`.
    Set {
        before: Option<Value>,
        after: Option<Value>,
    },
    /// Characters of a long text (or the title): those typed, and those cut.
    Text {
        inserted: String,
        deleted: String,
    },
    RowAdded,
    RowRemoved,
    RowMoved,
    /// Something else changed there (a comment, a member, a sign-off).
    Changed,
}

/// One change, as the history shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub hash: ChangeHash,
    pub by: Option<PersonId>,
    /// Milliseconds since the Unix epoch, on the author's clock, to the second.
    pub at: i64,
    pub edits: Vec<(HistoryPlace, HistoryEdit)>,
}

/// One page of a history, newest first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HistoryPage {
    pub entries: Vec<HistoryEntry>,
    /// How many changes the scope has in all; while not `complete`, in
    /// the newest changes read so far.
    pub total: usize,
    /// Whether every change was read: if not, older changes may hold more
    /// entries (the entries shown are the newest, and stay as they are).
    pub complete: bool,
}

/// How many changes `history_so_far` reads at a time before looking
/// whether the page is full.
const STEP: usize = 32;

/// How many changes a history screen's page shows; "older" adds as many
/// again.
pub const HISTORY_PAGE: usize = 30;

/// How many older changes a history screen reads before it paints its
/// first page (a few ms of work); the rest are read after, a slice at a
/// time (`read_history`).
pub const HISTORY_PAGE_BUDGET: usize = 256;

impl ConcordDoc {
    /// The changes that touched `scope`, newest first: `take` of them
    /// after skipping `skip`. Reads every change once; a screen that asks
    /// again keeps a `HistoryIndex` and calls `history_in` instead.
    pub fn history(&mut self, scope: &HistoryScope, skip: usize, take: usize) -> HistoryPage {
        self.history_in(&mut HistoryIndex::default(), scope, skip, take)
    }

    /// `history`, reading only the changes `index` has not yet seen.
    pub fn history_in(
        &mut self,
        index: &mut HistoryIndex,
        scope: &HistoryScope,
        skip: usize,
        take: usize,
    ) -> HistoryPage {
        let template = self.template;
        let custom = self.custom_fields().unwrap_or_default();
        let doc = self.automerge();
        index.catch_up(doc);
        index.read_older(doc, usize::MAX);
        index.page(doc, template, &custom, scope, skip, take)
    }

    /// `history_in`, reading at most `budget` of the older changes `index`
    /// has not read, newest first, and no more than the page needs: a
    /// screen's first page of a long history, the rest read later
    /// (`read_history`). The page says whether it is `complete`.
    pub fn history_so_far(
        &mut self,
        index: &mut HistoryIndex,
        scope: &HistoryScope,
        skip: usize,
        take: usize,
        budget: usize,
    ) -> HistoryPage {
        let template = self.template;
        let custom = self.custom_fields().unwrap_or_default();
        let doc = self.automerge();
        index.catch_up(doc);
        let wanted = skip.saturating_add(take);
        let mut held = index.held(scope, usize::MAX);
        let mut left = budget;
        while held < wanted && left > 0 && !index.is_complete() {
            let step = left.min(STEP);
            let before = index.found.len();
            index.read_older(doc, step);
            left -= step;
            // What was read is older than all read before: at the front.
            held += index.held(scope, index.found.len() - before);
        }
        index.page(doc, template, &custom, scope, skip, take)
    }

    /// Reads up to `changes` more of the document's changes into `index`,
    /// newest first (after any made since it last read): for a screen to
    /// read a long history ahead, a little at a time. True once `index`
    /// has read them all.
    pub fn read_history(&mut self, index: &mut HistoryIndex, changes: usize) -> bool {
        let doc = self.automerge();
        index.catch_up(doc);
        index.read_older(doc, changes)
    }

    /// How many ops the next `changes` changes `read_history` would read
    /// have (after listing what is new): what reading them costs.
    pub fn history_ops_ahead(&mut self, index: &mut HistoryIndex, changes: usize) -> u64 {
        let doc = self.automerge();
        index.catch_up(doc);
        index.ops_ahead(changes)
    }

    /// Who last changed `scope`, and when: the newest entry of its history.
    pub fn last_changed(
        &mut self,
        index: &mut HistoryIndex,
        scope: &HistoryScope,
    ) -> Option<(Option<PersonId>, i64)> {
        let page = self.history_in(index, scope, 0, 1);
        page.entries.into_iter().next().map(|e| (e.by, e.at))
    }
}

/// A change's author is the person id it carries as its message: one
/// naming someone other than `signer`, who signed it, is refused, so the
/// history's names are the relay's (a message that is no person id names
/// nobody, as from other Automerge clients).
pub fn check_signed_names(changes: &[automerge::Change], signer: &PersonId) -> Result<(), Refusal> {
    for change in changes {
        if let Some(named) = change.message().and_then(|m| m.parse::<PersonId>().ok())
            && &named != signer
        {
            return Err(Refusal::NotYourName {
                named: named.to_string(),
                signer: signer.to_string(),
            });
        }
    }
    Ok(())
}

#[path = "history_index.rs"]
mod index;
pub use index::HistoryIndex;
use index::{OpKey, cut_text};

/// A change that wrote somewhere, before its values are read.
struct Found {
    hash: ChangeHash,
    deps: Vec<ChangeHash>,
    by: Option<PersonId>,
    at: i64,
    touched: Vec<(HistoryPlace, Raw)>,
}

/// What the ops at one place did, as far as the ops alone tell.
#[derive(Debug, Clone, PartialEq)]
enum Raw {
    Created,
    /// A key set or deleted at the place itself.
    Key,
    /// An object inside the place's value (a list of people) changed.
    Inside,
    /// Characters typed, and those cut by the ops that inserted them
    /// (read in older changes, maybe not read yet): `deleted` once read.
    Text {
        inserted: String,
        cut: Vec<OpKey>,
        deleted: Option<String>,
    },
    Row(HistoryEdit),
}

impl Raw {
    fn in_scope(&self, place: &HistoryPlace, scope: &HistoryScope) -> bool {
        match self {
            Raw::Created => scope == &HistoryScope::Document,
            _ => scope_holds(scope, place),
        }
    }
}

impl Found {
    fn in_scope(&self, scope: &HistoryScope) -> bool {
        self.touched
            .iter()
            .any(|(place, raw)| raw.in_scope(place, scope))
    }

    /// The entry of `scope`'s edits; the characters cut are read once.
    fn entry(
        &mut self,
        scope: &HistoryScope,
        doc: &Automerge,
        template: &Template,
        custom: &[CustomField],
    ) -> HistoryEntry {
        for (place, raw) in &mut self.touched {
            if !raw.in_scope(place, scope) {
                continue;
            }
            if let Raw::Text {
                cut,
                deleted: deleted @ None,
                ..
            } = raw
            {
                *deleted = Some(cut_text(doc, cut));
            }
        }
        let touched: Vec<&(HistoryPlace, Raw)> = self
            .touched
            .iter()
            .filter(|(place, raw)| raw.in_scope(place, scope))
            .collect();
        let before = At::heads(doc, &self.deps);
        let heads = [self.hash];
        let after = At::heads(doc, &heads);
        let edits = touched
            .iter()
            .map(|(place, raw)| {
                let edit = match raw {
                    Raw::Created => HistoryEdit::Created,
                    Raw::Text {
                        inserted, deleted, ..
                    } => HistoryEdit::Text {
                        inserted: inserted.clone(),
                        deleted: deleted.clone().unwrap_or_default(),
                    },
                    Raw::Row(edit) => edit.clone(),
                    Raw::Key | Raw::Inside => match value_reader(place, template, custom) {
                        Some(read) => HistoryEdit::Set {
                            before: read(before),
                            after: read(after),
                        },
                        None => HistoryEdit::Changed,
                    },
                };
                (place.clone(), edit)
            })
            .collect();
        // The making of a document is committed before anyone signs in to
        // a relay (a document made offline): its creator is in it.
        let created = touched.iter().any(|(_, raw)| matches!(raw, Raw::Created));
        let by = self.by.clone().or_else(|| {
            created
                .then(|| {
                    let meta = after.map(&ROOT, "meta")?;
                    after.str(&meta, "created_by")?.parse().ok()
                })
                .flatten()
        });
        HistoryEntry {
            hash: self.hash,
            by,
            at: self.at,
            edits,
        }
    }
}

type ReadAt<'a> = Box<dyn Fn(At<'_, Automerge>) -> Option<Value> + 'a>;

/// How to read the value at `place` as it was at some heads, where a place
/// holds one value.
fn value_reader<'a>(
    place: &'a HistoryPlace,
    template: &Template,
    custom: &[CustomField],
) -> Option<ReadAt<'a>> {
    match place {
        HistoryPlace::Status => Some(Box::new(|at| {
            let meta = at.map(&ROOT, "meta")?;
            at.str(&meta, "status").map(Value::Text)
        })),
        HistoryPlace::Field(field) => {
            let spec = form_spec(template, custom, field)?;
            Some(Box::new(move |at| {
                let fields = at.map(&ROOT, "fields")?;
                read_value(at, &fields, &spec)
            }))
        }
        HistoryPlace::Cell { table, row, field } => {
            let spec = table_specs(template, custom, table)
                .into_iter()
                .find(|s| s.id == field.as_str())?;
            Some(Box::new(move |at| {
                let row_obj = at.map(&at.map(&at.map(&ROOT, "tables")?, table)?, &row.0)?;
                read_value(at, &at.map(&row_obj, "cells")?, &spec)
            }))
        }
        _ => None,
    }
}

fn form_spec(template: &Template, custom: &[CustomField], field: &str) -> Option<FieldSpec> {
    template
        .fields
        .iter()
        .find(|f| f.id == field)
        .map(FieldSpec::from)
        .or_else(|| {
            custom
                .iter()
                .find(|f| f.table.is_none() && f.id == field)
                .map(FieldSpec::custom)
        })
}

fn read_value(at: At<'_, Automerge>, obj: &ObjId, spec: &FieldSpec) -> Option<Value> {
    let (stored, id) = at.get(obj, spec.id.as_ref())?;
    spec.read_at(at, &stored, &id)
}

fn scope_holds(scope: &HistoryScope, place: &HistoryPlace) -> bool {
    match (scope, place) {
        (HistoryScope::Document, _) | (HistoryScope::Status, HistoryPlace::Status) => true,
        (HistoryScope::Field(f), HistoryPlace::Field(p)) => f == p,
        (HistoryScope::Row { table, row }, HistoryPlace::Row { table: t, row: r })
        | (
            HistoryScope::Row { table, row },
            HistoryPlace::Cell {
                table: t, row: r, ..
            },
        ) => table == t && row == r,
        (
            HistoryScope::Cell { table, row, field },
            HistoryPlace::Cell {
                table: t,
                row: r,
                field: f,
            },
        ) => table == t && row == r && field == f,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tests::{TestRng, actor, new_doc};
    use crate::library::find_template;
    use automerge::{ObjType, ReadDoc};

    /// A new document, its making committed as the app commits it.
    fn made(template: &str) -> ConcordDoc {
        let mut doc = new_doc(find_template(template).unwrap());
        doc.commit(1_000, Some("alice"));
        doc
    }

    fn text(s: &str) -> Option<Value> {
        Some(Value::Text(s.into()))
    }

    #[test]
    fn a_field_history_names_each_author_with_before_and_after_newest_first() {
        let mut doc = made("task-tracker");
        doc.set_field("project", Value::Text("甲".into())).unwrap();
        doc.commit(2_000, Some("alice"));
        let mut bob = doc.fork(actor(2));
        bob.set_field("project", Value::Text("乙".into())).unwrap();
        bob.commit(3_000, Some("bob"));
        doc.merge(&mut bob).unwrap();
        // Another field's change is not in this field's history.
        doc.set_field("notes", Value::Text("x".into())).unwrap();
        doc.commit(4_000, Some("alice"));

        let page = doc.history(&HistoryScope::Field("project".into()), 0, 10);
        assert_eq!(page.total, 2);
        let seen: Vec<_> = page
            .entries
            .iter()
            .map(|e| (e.by.as_ref().map(|p| p.to_string()), e.at, e.edits.clone()))
            .collect();
        let set = |before: Option<Value>, after: Option<Value>| {
            vec![(
                HistoryPlace::Field("project".into()),
                HistoryEdit::Set { before, after },
            )]
        };
        assert_eq!(
            seen,
            [
                (Some("bob".into()), 3_000, set(text("甲"), text("乙"))),
                (Some("alice".into()), 2_000, set(None, text("甲"))),
            ]
        );
        assert_eq!(
            doc.last_changed(
                &mut HistoryIndex::default(),
                &HistoryScope::Field("project".into())
            ),
            Some((Some("bob".parse().unwrap()), 3_000))
        );
    }

    #[test]
    fn the_status_history_names_who_moved_it_also_where_a_version_froze() {
        let mut doc = made("requirement-approval");
        doc.set_status("submitted").unwrap();
        doc.commit(2_000, Some("alice"));
        // A move to a state that freezes a version names the version in
        // the same act; the move is still the mover's.
        doc.set_status("approved").unwrap();
        let bob: PersonId = "bob".parse().unwrap();
        doc.add_version("V1.0", "", &bob, 3_000, &mut TestRng(1))
            .unwrap();
        doc.commit(3_000, Some("bob"));
        let page = doc.history(&HistoryScope::Status, 0, 10);
        let moves: Vec<_> = page
            .entries
            .iter()
            .map(|e| (e.by.as_ref().map(PersonId::to_string), e.edits.clone()))
            .collect();
        let set = |before: &str, after: &str| {
            vec![(
                HistoryPlace::Status,
                HistoryEdit::Set {
                    before: text(before),
                    after: text(after),
                },
            )]
        };
        assert_eq!(
            moves,
            [
                (Some("bob".into()), set("submitted", "approved")),
                (Some("alice".into()), set("draft", "submitted")),
            ]
        );
    }

    #[test]
    fn long_text_history_says_what_was_typed_and_what_was_cut() {
        let mut doc = made("meeting-minutes");
        doc.splice_text("agenda", 0, 0, "讨论验收").unwrap();
        doc.commit(2_000, Some("alice"));
        doc.splice_text("agenda", 2, 2, "排期").unwrap();
        doc.commit(3_000, Some("alice"));
        let page = doc.history(&HistoryScope::Field("agenda".into()), 0, 10);
        let edits: Vec<_> = page.entries.iter().map(|e| e.edits.clone()).collect();
        let typed = |inserted: &str, deleted: &str| {
            vec![(
                HistoryPlace::Field("agenda".into()),
                HistoryEdit::Text {
                    inserted: inserted.into(),
                    deleted: deleted.into(),
                },
            )]
        };
        assert_eq!(edits, [typed("排期", "验收"), typed("讨论验收", "")]);
    }

    /// A reader ahead of a tap asks what the next changes cost: one of
    /// them may be a whole imported table.
    #[test]
    fn the_ops_ahead_are_those_of_the_changes_read_next_newest_first() {
        let mut doc = made("meeting-minutes");
        let made_ops = doc.automerge().get_changes(&[])[0].len() as u64;
        doc.splice_text("agenda", 0, 0, "讨论验收").unwrap();
        doc.commit(2_000, Some("alice"));
        let typed_ops = doc.automerge().get_changes(&[])[1].len() as u64;
        let mut index = HistoryIndex::default();
        assert_eq!(doc.history_ops_ahead(&mut index, 1), typed_ops);
        assert_eq!(doc.history_ops_ahead(&mut index, 5), typed_ops + made_ops);
        assert!(!doc.read_history(&mut index, 1));
        assert_eq!(doc.history_ops_ahead(&mut index, 5), made_ops);
        assert!(doc.read_history(&mut index, 1));
        assert_eq!(doc.history_ops_ahead(&mut index, 5), 0);
    }

    #[test]
    fn a_row_history_has_its_cells_and_its_making_and_the_document_has_everything() {
        let mut doc = made("task-tracker");
        let mut rng = TestRng(7);
        let row = doc.add_row("tasks", None, &mut rng).unwrap();
        doc.commit(2_000, Some("alice"));
        let other = doc.add_row("tasks", None, &mut rng).unwrap();
        doc.commit(2_500, Some("alice"));
        doc.set_cell("tasks", &row, "task", Value::Text("写方案".into()))
            .unwrap();
        doc.commit(3_000, Some("alice"));
        doc.delete_row("tasks", &other).unwrap();
        doc.commit(4_000, Some("alice"));

        let scope = HistoryScope::Row {
            table: "tasks".into(),
            row: row.clone(),
        };
        let page = doc.history(&scope, 0, 10);
        let edits: Vec<_> = page.entries.iter().flat_map(|e| e.edits.clone()).collect();
        let cell = HistoryPlace::Cell {
            table: "tasks".into(),
            row: row.clone(),
            field: "task".into(),
        };
        let place = HistoryPlace::Row {
            table: "tasks".into(),
            row: row.clone(),
        };
        assert_eq!(
            edits,
            [
                (
                    cell,
                    HistoryEdit::Set {
                        before: None,
                        after: text("写方案"),
                    }
                ),
                (place, HistoryEdit::RowAdded),
            ]
        );

        let all = doc.history(&HistoryScope::Document, 0, 100);
        assert_eq!(all.total, 5, "four edits and the making");
        assert_eq!(
            all.entries[0].edits,
            [(
                HistoryPlace::Row {
                    table: "tasks".into(),
                    row: other,
                },
                HistoryEdit::RowRemoved
            )]
        );
        let last = all.entries.last().unwrap();
        assert_eq!(last.edits[0].1, HistoryEdit::Created);
        // Pages: skipping and taking, newest first.
        let second = doc.history(&HistoryScope::Document, 1, 1);
        assert_eq!(second.entries, all.entries[1..2]);
    }

    #[test]
    fn an_index_caught_up_change_by_change_reads_as_one_read_at_the_end() {
        let mut doc = made("meeting-minutes");
        let mut index = HistoryIndex::default();
        let scope = HistoryScope::Document;
        for (n, typed) in ["议程", "一、", "验收"].iter().enumerate() {
            doc.splice_text("agenda", 0, 0, typed).unwrap();
            doc.commit(2_000 + n as i64 * 1_000, Some("alice"));
            doc.set_field("meeting", Value::Text(format!("周会{n}")))
                .unwrap();
            doc.commit(2_500 + n as i64 * 1_000, Some("bob"));
            let kept = doc.history_in(&mut index, &scope, 0, 100);
            assert_eq!(kept, doc.history(&scope, 0, 100));
        }
        // The newest change of the text cuts what an earlier change typed.
        doc.splice_text("agenda", 0, 4, "").unwrap();
        doc.commit(9_000, Some("alice"));
        let newest = doc.history_in(&mut index, &scope, 0, 1).entries.remove(0);
        assert_eq!(
            newest.edits,
            [(
                HistoryPlace::Field("agenda".into()),
                HistoryEdit::Text {
                    inserted: String::new(),
                    deleted: "验收一、".into(),
                }
            )]
        );
    }

    #[test]
    fn who_last_changed_a_field_counts_characters_typed_into_it() {
        let mut doc = made("meeting-minutes");
        doc.set_field("meeting", Value::Text("周会".into()))
            .unwrap();
        doc.commit(2_000, Some("alice"));
        let mut bob = doc.fork(actor(2));
        bob.splice_text("agenda", 0, 0, "一、验收").unwrap();
        bob.commit(5_000, Some("bob"));
        doc.merge(&mut bob).unwrap();
        let bob_id: PersonId = "bob".parse().unwrap();
        let alice: PersonId = "alice".parse().unwrap();
        assert_eq!(doc.field_written("agenda"), Some((Some(bob_id), 5_000)));
        assert_eq!(doc.field_written("meeting"), Some((Some(alice), 2_000)));
        assert_eq!(
            doc.field_written("decisions").map(|(by, _)| by),
            Some(Some("alice".parse().unwrap())),
            "made with the document"
        );
    }

    #[test]
    fn the_making_unsigned_names_the_creator() {
        let mut doc = new_doc(find_template("task-tracker").unwrap());
        doc.commit(1_000, None);
        let page = doc.history(&HistoryScope::Document, 0, 10);
        assert_eq!(page.entries[0].edits[0].1, HistoryEdit::Created);
        assert_eq!(page.entries[0].by, Some("alice".parse().unwrap()));
    }

    #[test]
    fn a_change_may_name_only_its_signer() {
        let mut doc = made("task-tracker");
        let before = doc.heads();
        doc.set_field("project", Value::Text("甲".into())).unwrap();
        doc.commit(2_000, Some("bob"));
        doc.set_field("project", Value::Text("乙".into())).unwrap();
        doc.commit(3_000, Some("not a person id!"));
        let changes = doc.automerge_mut().get_changes(&before);
        let alice: PersonId = "alice".parse().unwrap();
        let bob: PersonId = "bob".parse().unwrap();
        assert_eq!(
            check_signed_names(&changes, &alice),
            Err(Refusal::NotYourName {
                named: "bob".into(),
                signer: "alice".into()
            })
        );
        assert_eq!(check_signed_names(&changes, &bob), Ok(()));
        assert_eq!(check_signed_names(&changes[1..], &alice), Ok(()));
    }

    #[test]
    fn a_status_move_reads_as_its_states() {
        let mut doc = made("task-tracker");
        let workflow = &doc.template().workflow;
        let initial = workflow.initial;
        let next = workflow.states.iter().find(|s| s.id != initial).unwrap().id;
        let meta = map_of(&mut doc, "meta");
        automerge::transaction::Transactable::put(doc.automerge_mut(), &meta, "status", next)
            .unwrap();
        doc.commit(2_000, Some("alice"));
        let all = doc.history(&HistoryScope::Document, 0, 1);
        assert_eq!(
            all.entries[0].edits,
            [(
                HistoryPlace::Status,
                HistoryEdit::Set {
                    before: text(initial),
                    after: text(next),
                }
            )]
        );
    }

    fn map_of(doc: &mut ConcordDoc, key: &str) -> ObjId {
        match doc.automerge_mut().get(ROOT, key).unwrap() {
            Some((automerge::Value::Object(ObjType::Map), id)) => id,
            _ => panic!("no {key}"),
        }
    }
}
