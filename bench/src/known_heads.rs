//! What a thin client knows of a document without holding it: the heads and
//! the highest op counter of every change it has seen. A full replica would
//! have the same heads; the counter is where a new change's ops start.

use std::collections::HashSet;

use automerge::{Automerge, Change, ChangeHash};

#[derive(Debug, Clone, Default)]
pub struct KnownHeads {
    heads: Vec<ChangeHash>,
    seen: HashSet<ChangeHash>,
    /// Every hash some seen change depends on: such a change is no head,
    /// even when it arrives after the change that depends on it.
    depended_on: HashSet<ChangeHash>,
    max_op: u64,
}

impl KnownHeads {
    /// What a replica holding `doc` knows.
    pub fn of(doc: &Automerge) -> Self {
        let mut known = Self::default();
        for change in doc.get_changes(&[]) {
            known.add(&change);
        }
        known
    }

    /// Takes in one change; `false` if it was seen before.
    pub fn add(&mut self, change: &Change) -> bool {
        let hash = change.hash();
        if !self.seen.insert(hash) {
            return false;
        }
        let deps = change.deps();
        self.heads.retain(|head| !deps.contains(head));
        self.depended_on.extend(deps.iter().copied());
        if !self.depended_on.contains(&hash) {
            self.heads.push(hash);
            self.heads.sort_unstable();
        }
        self.max_op = self.max_op.max(change.max_op());
        true
    }

    pub fn heads(&self) -> &[ChangeHash] {
        &self.heads
    }

    /// The highest op counter of any change seen.
    pub fn max_op(&self) -> u64 {
        self.max_op
    }
}

#[cfg(test)]
mod tests {
    use automerge::{ROOT, transaction::Transactable};

    use super::*;

    fn edit(doc: &mut Automerge, key: &str) {
        let mut tx = doc.transaction();
        tx.put(ROOT, key, 1).unwrap();
        tx.commit();
    }

    #[test]
    fn heads_follow_a_replica_whatever_order_changes_come_in() {
        let mut a = Automerge::new();
        edit(&mut a, "one");
        let mut b = a.fork();
        edit(&mut a, "two");
        edit(&mut b, "three");
        a.merge(&mut b).unwrap();
        edit(&mut a, "four");
        let changes = a.get_changes(&[]);
        let mut forwards = KnownHeads::default();
        for change in &changes {
            assert!(forwards.add(change));
        }
        assert_eq!(forwards.heads(), a.get_heads());
        assert!(!forwards.add(&changes[0]), "seen before");
        let mut backwards = KnownHeads::default();
        for change in changes.iter().rev() {
            backwards.add(change);
        }
        assert_eq!(backwards.heads(), a.get_heads());
        assert_eq!(KnownHeads::of(&a).heads(), a.get_heads());
        let max = changes.iter().map(Change::max_op).max().unwrap();
        assert_eq!(backwards.max_op(), max);
    }
}
