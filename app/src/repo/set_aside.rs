//! Documents whose changes the relay refused: taken out of the engine, so
//! that nothing of them is sent again (nor re-sent on every reconnect)
//! while the other documents go on syncing. They stay stored and readable
//! until the person resets them to the relay's copy.

use std::collections::BTreeMap;

use concord_model::{ConcordDoc, Touched};
use concord_sync::{
    DocumentId, RefusalNotice,
    engine::client::{Client, Replica as _},
};
use leptos::prelude::*;

use super::{DocReplica, Repo};
use crate::refused::{RefusedChange, refused_changes};

/// The refused documents of this tab, as they were when refused.
#[derive(Default)]
pub(super) struct SetAside {
    docs: BTreeMap<DocumentId, DocReplica>,
}

impl SetAside {
    /// Takes `id` out of the engine and keeps it here.
    pub fn take(&mut self, client: &mut Client<DocReplica>, id: DocumentId) {
        let taken = client
            .doc_mut(&id)
            .map(|doc| std::mem::replace(doc, DocReplica::empty()));
        client.forget(&id);
        if let Some(replica) = taken {
            self.docs.insert(id, replica);
        }
    }

    pub fn typed(&self, id: DocumentId) -> Option<&ConcordDoc> {
        self.docs.get(&id)?.typed()
    }

    pub fn typed_mut(&mut self, id: DocumentId) -> Option<&mut ConcordDoc> {
        self.docs.get_mut(&id)?.typed_mut()
    }

    pub fn forget(&mut self, id: DocumentId) {
        self.docs.remove(&id);
    }

    /// The document's changes that are not among `relay_heads`' history.
    fn changes_past(
        &mut self,
        id: DocumentId,
        relay_heads: &[automerge::ChangeHash],
    ) -> Option<Vec<RefusedChange>> {
        let replica = self.docs.get_mut(&id)?;
        Some(refused_changes(
            replica.automerge_mut().document(),
            relay_heads,
        ))
    }
}

impl Repo {
    /// Documents whose changes the relay refused, with its reason, tracked.
    pub fn refused(&self) -> ReadSignal<BTreeMap<DocumentId, RefusalNotice>> {
        self.inner.signals.refused.read_only()
    }

    /// The refused document's changes the relay does not have.
    pub fn refused_changes(&self, id: DocumentId) -> Option<Vec<RefusedChange>> {
        let mut state = self.inner.state.borrow_mut();
        let heads = state.relay_heads.get(&id).cloned().unwrap_or_default();
        state.set_aside.changes_past(id, &heads)
    }

    /// The relay refused this document's changes: set it aside.
    pub(super) fn refuse(&self, id: DocumentId, reason: RefusalNotice) {
        let counters = {
            let mut state = self.inner.state.borrow_mut();
            let state = &mut *state;
            state.set_aside.take(&mut state.client, id);
            state.counters(id)
        };
        self.inner.signals.refused.update(|r| {
            r.insert(id, reason);
        });
        if let Some(counters) = counters {
            counters.bump(&Touched::EVERYTHING);
        }
    }
}
