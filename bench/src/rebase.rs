//! A thin client's edits: made on a replica of its own that hears nothing
//! from anyone (so applying others' changes costs it nothing), then moved
//! onto the document as the client knows it. Each change's dependencies
//! become the heads the client knows, and its ops are renumbered above every
//! op it has seen; ops that refer to this client's earlier ops (a value it
//! overwrites, a row it made, a character it typed after) are renumbered
//! alike. The result is the change an up-to-date replica would have made.

use automerge::{
    ActorId, Change, ChangeHash, ExpandedChange,
    legacy::{ElementId, Key, ObjectId, OpId, SortedVec},
};

/// Renumbers one actor's changes, in the order they were made.
#[derive(Debug)]
pub struct Rebaser {
    actor: ActorId,
    /// For each change so far: its first op counter on the private replica,
    /// where it starts in the shared document, and its number of ops.
    moved: Vec<(u64, u64, u64)>,
    /// This actor's latest change as rebased: every later one depends on it.
    last: Option<ChangeHash>,
}

impl Rebaser {
    pub fn new(actor: ActorId) -> Self {
        Self {
            actor,
            moved: Vec::new(),
            last: None,
        }
    }

    /// `made`, the next change of the private replica (its actor's), as it
    /// would be after `heads`, whose ops go no higher than `max_op`.
    pub fn rebase(&mut self, made: &Change, heads: &[ChangeHash], max_op: u64) -> Change {
        let mut change: ExpandedChange = made.decode();
        let private_start = change.start_op.get();
        let start = max_op + 1;
        self.moved
            .push((private_start, start, change.operations.len() as u64));
        for op in &mut change.operations {
            if let ObjectId::Id(id) = &mut op.obj {
                self.renumber(id);
            }
            if let Key::Seq(ElementId::Id(id)) = &mut op.key {
                self.renumber(id);
            }
            let mut pred: Vec<OpId> = op.pred.iter().cloned().collect();
            for id in &mut pred {
                self.renumber(id);
            }
            op.pred = SortedVec::from(pred);
        }
        change.start_op = start.try_into().unwrap_or(change.start_op);
        let mut deps: Vec<ChangeHash> = heads.to_vec();
        deps.extend(self.last);
        deps.sort_unstable();
        deps.dedup();
        change.deps = deps;
        change.hash = None;
        let rebased = Change::from(change);
        self.last = Some(rebased.hash());
        rebased
    }

    /// The latest change as rebased.
    pub fn last(&self) -> Option<ChangeHash> {
        self.last
    }

    fn renumber(&self, id: &mut OpId) {
        if id.1 != self.actor {
            return;
        }
        let counter = id.0;
        // Changes are numbered upwards, so the last one starting at or
        // below the counter holds it.
        let at = self.moved.partition_point(|(from, ..)| *from <= counter);
        if let Some((from, to, len)) = at.checked_sub(1).map(|i| self.moved[i])
            && counter < from + len
        {
            id.0 = to + (counter - from);
        }
    }
}

#[cfg(test)]
mod tests {
    use automerge::{Automerge, ObjType, ROOT, ReadDoc, transaction::Transactable};

    use super::*;
    use crate::known_heads::KnownHeads;

    /// Two clients edit private copies of one document; their rebased
    /// changes, in any interleaving with each other, make a document in
    /// which each sees exactly its own edits.
    #[test]
    fn rebased_changes_apply_on_top_of_each_other() {
        let mut seed = Automerge::new();
        let (text, fields) = {
            let mut tx = seed.transaction();
            let text = tx.put_object(ROOT, "text", ObjType::Text).unwrap();
            let fields = tx.put_object(ROOT, "fields", ObjType::Map).unwrap();
            tx.commit();
            (text, fields)
        };
        let mut shared = seed.clone();
        let mut known = KnownHeads::of(&seed);
        let mut clients: Vec<(Automerge, Rebaser)> = (1..=2u8)
            .map(|n| {
                let actor = ActorId::from(vec![n; 16]);
                (seed.fork().with_actor(actor.clone()), Rebaser::new(actor))
            })
            .collect();
        for round in 0..5 {
            for (n, (private, rebaser)) in clients.iter_mut().enumerate() {
                let mut tx = private.transaction();
                tx.splice_text(&text, 0, 0, "ab").unwrap();
                tx.put(&fields, format!("c{n}"), round).unwrap();
                // A row-like object made and written into in one change.
                let row = tx
                    .put_object(&fields, format!("row{n}"), ObjType::Map)
                    .unwrap();
                tx.put(&row, "cell", round).unwrap();
                tx.commit();
                let made = private.get_last_local_change().unwrap();
                let change = rebaser.rebase(&made, known.heads(), known.max_op());
                known.add(&change);
                shared.apply_changes([change]).unwrap();
                assert_eq!(shared.get_missing_deps(&[]), [], "nothing held back");
            }
        }
        assert_eq!(shared.get_heads(), known.heads());
        assert_eq!(shared.text(&text).unwrap().len(), 2 * 2 * 5);
        for n in 0..2 {
            let (value, _) = shared.get(&fields, format!("c{n}")).unwrap().unwrap();
            assert_eq!(value.as_i64(), Some(4));
            let row = shared.get(&fields, format!("row{n}")).unwrap().unwrap().1;
            let (cell, _) = shared.get(&row, "cell").unwrap().unwrap();
            assert_eq!(cell.as_i64(), Some(4));
            assert_eq!(
                shared.get_all(&fields, format!("c{n}")).unwrap().len(),
                1,
                "an overwrite, not a conflict"
            );
        }
    }
}
