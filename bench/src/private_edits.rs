//! What a thin client types, on a replica of its own that hears nothing from
//! others (see `rebase`): each edit is one change of that replica's actor.

use anyhow::Context;
use automerge::{ActorId, Automerge, Change};

use crate::load_client::{Seed, type_and_set};

pub trait PrivateEdits: Send {
    /// The actor the private replica signs with.
    fn actor(&self) -> ActorId;
    /// Makes the `seq`th edit, with `stamp` as its change's message, and
    /// returns that change.
    fn edit(&mut self, stamp: String, seq: u32) -> anyhow::Result<Change>;
}

/// S1, S2 and the sweep's edit, on a private copy of the seed.
pub struct PlainEdits {
    doc: Automerge,
    field: String,
}

impl PlainEdits {
    pub fn new(seed: &Seed, field: String) -> anyhow::Result<Self> {
        let doc = Automerge::load(&seed.bytes)?.with_actor(ActorId::random());
        Ok(Self { doc, field })
    }
}

impl PrivateEdits for PlainEdits {
    fn actor(&self) -> ActorId {
        self.doc.get_actor().clone()
    }

    fn edit(&mut self, stamp: String, seq: u32) -> anyhow::Result<Change> {
        type_and_set(&mut self.doc, &self.field, seq, stamp)?;
        self.doc
            .get_last_local_change()
            .context("the edit's change")
    }
}
