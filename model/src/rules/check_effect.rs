//! The effect of a batch, exactly as `Automerge::diff(before, after)` has
//! it, at a cost that grows with the batch rather than with the document.
//!
//! Why: `diff(before, after)` walks every op of the document, so judging
//! one cell in a 2,000-row tracker with a long history cost tens of
//! milliseconds. Whoever applies a batch can have Automerge log what it did
//! meanwhile (a `PatchLog`, then `Automerge::make_patches`), but that log
//! is not the diff: it keeps intermediate states (a key written and removed
//! again in the batch, a counter's every increment) that the diff, and so
//! the rules, do not see.
//!
//! What the log is good for is naming the objects the batch wrote to. Every
//! object the diff has a patch on is one of them: a batch changes only what
//! its ops write, and an object whose ops are unchanged diffs to nothing.
//! The diff of each of those objects alone (`diff_obj`, not recursive) is
//! then that object's part of the whole diff, patch paths included (both
//! drop objects not reachable at `after`). One exception: an object the
//! batch made visible again (say, by removing the value that won over it)
//! comes whole with its parent's diff, as in the whole diff, and must not
//! come a second time on its own; a parent's id is always below its
//! children's, so parents come first. The whole diff lists patches by
//! object id, and so does this. Tests hold the two equal on every batch the
//! rules are tested with and on random raw ones.

use std::collections::BTreeSet;

use automerge::{Automerge, ChangeHash, ObjId, Patch};

/// `doc.diff(before, after)`, read only in the objects `logged` (the patches
/// Automerge logged while it applied exactly the changes between `before`
/// and `after`) has patches on.
pub(super) fn effect(
    doc: &Automerge,
    before: &[ChangeHash],
    after: &[ChangeHash],
    logged: &[Patch],
) -> Vec<Patch> {
    // A new document is all new: nothing to save by reading it in parts.
    if before.is_empty() {
        return doc.diff(before, after);
    }
    let objects: BTreeSet<&ObjId> = logged.iter().map(|patch| &patch.obj).collect();
    let mut covered: BTreeSet<ObjId> = BTreeSet::new();
    let mut patches: Vec<Patch> = Vec::new();
    for obj in objects {
        if covered.contains(obj) {
            continue;
        }
        let own = doc.diff_obj(obj, before, after, false).unwrap_or_default();
        covered.extend(own.iter().map(|patch| patch.obj.clone()));
        patches.extend(own);
    }
    patches.sort_by(|a, b| a.obj.cmp(&b.obj));
    patches
}
