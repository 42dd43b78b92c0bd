//! The effect of a batch, exactly as `Automerge::diff(before, after)` has
//! it, at a cost that grows with the batch rather than with the document.
//!
//! Why: `diff(before, after)` walks every op of the document, so judging
//! one cell in a 2,000-row tracker with a long history cost tens of
//! milliseconds.
//!
//! A batch's own ops name the objects it wrote to, and every object the
//! diff has a patch on is one of them: a batch changes only what its ops
//! write, and an object whose ops are unchanged diffs to nothing. The diff
//! of each of those objects alone (`diff_obj`, not recursive) is then that
//! object's part of the whole diff, patch paths included (both drop objects
//! not reachable at `after`). One exception: an object the batch made
//! visible again (say, by removing the value that won over it) comes whole
//! with its parent's diff, as in the whole diff, and must not come a second
//! time on its own; a parent's id is always below its children's, so
//! parents come first. The whole diff lists patches by object id, and so
//! does this. Tests hold the two equal on every batch the rules are tested
//! with and on random raw ones (intermediate states, conflicts, objects
//! replaced).

use std::collections::BTreeSet;

use automerge::{
    Automerge, Change, ChangeHash, ObjId, Patch,
    legacy::{ObjectId, OpId},
};

/// `doc.diff(before, after)`, read only in the objects `batch` (the changes
/// between `before` and `after`) writes to.
pub(super) fn effect(
    doc: &Automerge,
    before: &[ChangeHash],
    after: &[ChangeHash],
    batch: &[Change],
) -> Vec<Patch> {
    // A new document is all new: nothing to save by reading it in parts.
    if before.is_empty() {
        return doc.diff(before, after);
    }
    let mut covered: BTreeSet<ObjId> = BTreeSet::new();
    let mut patches: Vec<Patch> = Vec::new();
    for obj in written(batch) {
        if covered.contains(&obj) {
            continue;
        }
        let own = doc.diff_obj(&obj, before, after, false).unwrap_or_default();
        covered.extend(own.iter().map(|patch| patch.obj.clone()));
        patches.extend(own);
    }
    patches.sort_by(|a, b| a.obj.cmp(&b.obj));
    patches
}

/// The objects the ops of `batch` write to, in id order.
fn written(batch: &[Change]) -> BTreeSet<ObjId> {
    batch
        .iter()
        .flat_map(|change| change.decode().operations)
        .map(|op| match op.obj {
            ObjectId::Root => ObjId::Root,
            // The actor's place in the document is looked up by its id.
            ObjectId::Id(OpId(counter, actor)) => ObjId::Id(counter, actor, usize::MAX),
        })
        .collect()
}
