use automerge::{Automerge, ChangeHash, ReadDoc, sync};

/// One document as a client holds it, with its sync state towards the relay.
#[derive(Debug)]
pub(super) struct ClientDoc {
    pub(super) doc: Automerge,
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

impl ClientDoc {
    pub(super) fn new(doc: Automerge, stored_heads: Vec<ChangeHash>) -> Self {
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
    pub(super) fn saved_on_relay(&self) -> bool {
        let Some(relay_heads) = &self.relay_heads else {
            return false;
        };
        relay_heads
            .iter()
            .all(|head| self.doc.get_change_by_hash(head).is_some())
            && self.doc.get_changes(relay_heads).is_empty()
    }
}
