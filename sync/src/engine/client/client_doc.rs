use automerge::{ChangeHash, sync};

use super::replica::Replica;

/// One document as a client holds it, with its sync state towards the relay.
#[derive(Debug)]
pub(super) struct ClientDoc<R> {
    pub(super) doc: R,
    pub(super) sync: sync::State,
    /// Heads of what local storage holds (or has been told to hold).
    pub(super) stored_heads: Vec<ChangeHash>,
    /// Heads at the last tick: the relay hears of a local change once.
    pub(super) ticked_heads: Vec<ChangeHash>,
    /// The relay's heads from its latest sync message, kept across reconnects.
    pub(super) relay_heads: Option<Vec<ChangeHash>>,
    /// The relay sent something since the last tick, or the connection is new.
    pub(super) dirty: bool,
}

impl<R: Replica> ClientDoc<R> {
    pub(super) fn new(doc: R, stored_heads: Vec<ChangeHash>) -> Self {
        let ticked_heads = stored_heads.clone();
        Self {
            doc,
            sync: sync::State::new(),
            stored_heads,
            ticked_heads,
            relay_heads: None,
            dirty: true,
        }
    }

    /// Every change of this document is among the relay's heads or their ancestors.
    pub(super) fn saved_on_relay(&mut self) -> bool {
        let Some(relay_heads) = &self.relay_heads else {
            return false;
        };
        relay_heads.iter().all(|head| self.doc.knows_change(head))
            && self.doc.count_changes_after(relay_heads) == 0
    }

    /// Changes the relay is not known to have. Heads the relay named that
    /// this peer has not received yet say nothing about what it lacks.
    pub(super) fn waiting_for_relay(&mut self) -> Option<usize> {
        let relay_heads = self.relay_heads.clone()?;
        let known: Vec<ChangeHash> = relay_heads
            .into_iter()
            .filter(|head| self.doc.knows_change(head))
            .collect();
        Some(self.doc.count_changes_after(&known))
    }
}
