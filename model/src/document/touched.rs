//! What changed in a document since the app last asked, coarsely: enough to
//! skip the reads that scan every row when a change cannot have altered
//! them. Typing in one field of a 2,000-row tracker should not re-place its
//! rows or look for conflicts in each of them.

use automerge::{ObjType, Patch, PatchAction, Prop, ROOT, ReadDoc};

use super::{conflict::Conflict, doc::ConcordDoc};
use crate::workflow::Workflow;

/// The parts of a document that changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    /// The document has new changes.
    pub any: bool,
    /// Some table gained, lost, moved, re-owned or replaced a row, or a
    /// table itself was replaced: `row_keys` may answer differently.
    pub row_places: bool,
    /// A key of some map, or an item of some list, took a new value, lost
    /// it or gained a concurrent one: everything but the characters of a
    /// text. Typing does not.
    pub keys: bool,
    /// Characters of a text in some table's cell: what a row shows besides
    /// its keys.
    pub table_texts: bool,
}

impl Touched {
    /// Unknown extent: read everything again.
    pub const EVERYTHING: Touched = Touched {
        any: true,
        row_places: true,
        keys: true,
        table_texts: true,
    };

    /// Whether `conflicts` may answer otherwise than `shown`, what it
    /// answered before these changes. Automerge reports no patch for a
    /// write of the value a key already shows, yet such a write settles a
    /// conflict on that key; so while conflicts are shown, any change may
    /// settle one (`recheck_conflicts` reads only those again when no key
    /// was set). A new conflict always comes with a patch on its key.
    pub fn conflicts_stale(&self, shown: &[Conflict]) -> bool {
        self.keys || (self.any && !shown.is_empty())
    }

    /// Adds what one Automerge patch changed; `in_text`: its object is a
    /// Text, whose characters are not keys.
    fn note(&mut self, patch: &Patch, in_text: bool, workflow: &Workflow) {
        let key_level = matches!(
            patch.action,
            PatchAction::PutMap { .. }
                | PatchAction::DeleteMap { .. }
                | PatchAction::Conflict { .. }
        );
        if in_text {
            self.table_texts |= under_tables(patch);
        } else {
            self.keys = true;
        }
        if key_level && (places_rows(patch) || owns_row(patch, workflow)) {
            self.row_places = true;
        }
    }
}

fn under_tables(patch: &Patch) -> bool {
    matches!(
        patch.path.first(),
        Some((parent, Prop::Map(key))) if *parent == ROOT && key == "tables"
    )
}

/// Whether a map patch is on the root, the tables map, a table or a row:
/// the objects `row_keys` reads. Their depth under the root is the length
/// of the patch's path (root, tables, table, row = 0..=3).
fn places_rows(patch: &Patch) -> bool {
    patch.obj == ROOT || (under_tables(patch) && patch.path.len() <= 3)
}

/// Whether a map patch writes a row's owner cell (`Workflow::owner_cell`):
/// the person in it owns the row, so `row_keys` answers otherwise.
fn owns_row(patch: &Patch, workflow: &Workflow) -> bool {
    let key = match &patch.action {
        PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key } => key.as_str(),
        PatchAction::Conflict {
            prop: Prop::Map(key),
        } => key.as_str(),
        _ => return false,
    };
    match patch.path.as_slice() {
        [_, (_, Prop::Map(table)), _, (_, Prop::Map(cells))] => {
            under_tables(patch) && cells == "cells" && workflow.owner_cell(table) == Some(key)
        }
        _ => false,
    }
}

impl ConcordDoc {
    /// What changed since the last call. The first call starts Automerge's
    /// patch log (a small cost per op from then on) and answers
    /// `Touched::EVERYTHING`; so does a call after anything else moved the
    /// diff cursor (`mark_judged` moves the same one: a holder of a
    /// document uses one or the other, the app this, the rules that).
    pub fn take_touched(&mut self) -> Touched {
        let cursor = self.doc.diff_cursor();
        if cursor.is_empty() || cursor != self.touched_cursor {
            self.doc.update_diff_cursor();
            self.touched_cursor = self.doc.diff_cursor();
            return Touched::EVERYTHING;
        }
        let mut touched = Touched::default();
        for patch in self.doc.diff_incremental() {
            let in_text = self.doc.object_type(&patch.obj) == Ok(ObjType::Text);
            touched.note(&patch, in_text, &self.template().workflow);
        }
        self.touched_cursor = self.doc.diff_cursor();
        touched.any = self.touched_cursor != cursor;
        touched
    }
}
