//! Carrying out the sync engine's outputs, one at a time and in order: a
//! `Store` is durable in IndexedDB before any later `Send` goes out. Then
//! upkeep: compaction of the documents whose pieces piled up.

use concord_model::ConcordDoc;
use concord_sync::{DocumentId, engine::client::ClientOutput};
use leptos::prelude::*;

use super::{
    DocEntry, IdbStoreError, PieceKey, Repo, StoredPieces, browser, doc_entry,
    web_lock::{self, Locked},
};

impl Repo {
    /// Lets the engine say what is due now, and carries it out.
    pub(super) fn tick(&self) {
        let outputs = self.inner.state.borrow_mut().client.tick();
        self.enqueue(outputs);
    }

    pub(super) fn enqueue(&self, outputs: Vec<ClientOutput>) {
        let start = {
            let mut state = self.inner.state.borrow_mut();
            for output in &outputs {
                if let ClientOutput::Store { document_id, .. } = output
                    && let Some(open) = state.docs.get_mut(document_id)
                {
                    open.stored.store_begun();
                }
            }
            state.outbox.extend(outputs);
            !std::mem::replace(&mut state.draining, true)
        };
        self.refresh_all();
        if start {
            let this = self.clone();
            wasm_bindgen_futures::spawn_local(async move { this.drain().await });
        }
    }

    /// Carries out the engine's outputs one by one, in order.
    async fn drain(&self) {
        loop {
            while let Some(output) = self.next_output() {
                self.carry_out(output).await;
            }
            self.upkeep().await;
            if self.inner.state.borrow().outbox.is_empty() {
                break;
            }
        }
        self.inner.state.borrow_mut().draining = false;
    }

    fn next_output(&self) -> Option<ClientOutput> {
        self.inner.state.borrow_mut().outbox.pop_front()
    }

    async fn carry_out(&self, output: ClientOutput) {
        match output {
            ClientOutput::Store { document_id, chunk } => {
                let entry = self.entry_of(document_id);
                let stored = self
                    .inner
                    .store
                    .append_listed(document_id, &chunk, entry.as_ref())
                    .await;
                if let (Ok(_), Some(entry)) = (&stored, entry) {
                    self.inner
                        .signals
                        .documents
                        .update(|list| doc_entry::upsert(list, entry));
                    let tabs = self.inner.state.borrow().tabs.clone();
                    if let Some(tabs) = tabs {
                        // Empty: "look at the list again", for tabs without this document open.
                        let _ = tabs.post(document_id, &[]);
                    }
                }
                self.stored(document_id, chunk.len(), stored);
            }
            ClientOutput::Send(message) => {
                let sink = self.inner.state.borrow().sink.clone();
                if let Some(sink) = sink {
                    sink.send(&message.encode());
                }
            }
            ClientOutput::DocChanged { document_id, .. } => self.arrived(document_id),
            // The engine keeps the relay's heads for this connection; a
            // copy here says which changes a refusal concerns, and, kept in
            // the document's entry, what waits after a reload.
            ClientOutput::RelayHeads { document_id, heads } => {
                self.inner
                    .state
                    .borrow_mut()
                    .relay_heads
                    .insert(document_id, heads);
                self.relisted(document_id).await;
            }
            ClientOutput::DocUnavailable { document_id } => {
                if let Some(open) = self.inner.state.borrow_mut().docs.get_mut(&document_id) {
                    open.unavailable = true;
                }
            }
            ClientOutput::Refused {
                document_id,
                reason,
            } => self.refuse(document_id, reason),
            ClientOutput::Close { .. } => {
                self.inner.state.borrow_mut().client.disconnected();
                self.inner.signals.online.set(false);
                let sink = self.inner.state.borrow().sink.clone();
                if let Some(sink) = sink {
                    sink.close();
                }
            }
        }
        self.refresh_all();
    }

    /// The document's line in the list as it is now; `None` while it is not
    /// here yet or its `meta` does not read (then the old line stays).
    fn entry_of(&self, id: DocumentId) -> Option<DocEntry> {
        let meta = self.read(id, ConcordDoc::meta)?.ok()?;
        let (relay_heads, waiting) = self.relay_side(id);
        Some(DocEntry {
            id,
            template_id: meta.template_id,
            title: meta.title,
            status: meta.status,
            updated_ms: browser::now_ms(),
            relay_heads,
            waiting,
        })
    }

    /// What the relay is known to have of `id`, and what waits to reach it.
    fn relay_side(&self, id: DocumentId) -> (Option<Vec<automerge::ChangeHash>>, usize) {
        let mut state = self.inner.state.borrow_mut();
        let waiting = state.status(id).map_or(0, |s| s.waiting);
        (state.relay_heads.get(&id).cloned(), waiting)
    }

    /// Writes the document's line again after the relay said what it has,
    /// if that changed what the line says; a document not listed yet is
    /// listed with its next stored change.
    async fn relisted(&self, id: DocumentId) {
        let signals = self.inner.signals;
        let Some(listed) = signals
            .documents
            .with_untracked(|list| list.iter().find(|e| e.id == id).cloned())
        else {
            return;
        };
        let (relay_heads, waiting) = self.relay_side(id);
        let entry = DocEntry {
            relay_heads,
            waiting,
            ..listed.clone()
        };
        if entry == listed {
            return;
        }
        match self.inner.store.put_entry(&entry).await {
            Ok(()) => {
                signals
                    .documents
                    .update(|list| doc_entry::upsert(list, entry));
                let tabs = self.inner.state.borrow().tabs.clone();
                if let Some(tabs) = tabs {
                    let _ = tabs.post(id, &[]);
                }
            }
            Err(problem) => self.report(vec![problem]),
        }
    }

    /// What is stored of `id`, for one step; `None` if it is not open here.
    fn with_stored<T>(
        &self,
        id: DocumentId,
        step: impl FnOnce(&mut StoredPieces) -> T,
    ) -> Option<T> {
        let mut state = self.inner.state.borrow_mut();
        state.docs.get_mut(&id).map(|open| step(&mut open.stored))
    }

    fn stored(&self, id: DocumentId, bytes: usize, stored: Result<PieceKey, IdbStoreError>) {
        let problem = self.with_stored(id, |pieces| match stored {
            Ok(key) => {
                pieces.stored(key, bytes);
                None
            }
            Err(e) => {
                pieces.store_failed();
                Some(e)
            }
        });
        if let Some(Some(problem)) = problem {
            self.report(vec![problem]);
        }
    }

    /// Compacts the documents whose compaction is due (`StoredPieces::compaction_due`).
    async fn upkeep(&self) {
        let due: Vec<DocumentId> = self
            .inner
            .state
            .borrow()
            .docs
            .iter()
            .filter(|(_, open)| open.stored.compaction_due())
            .map(|(id, _)| *id)
            .collect();
        for id in due {
            self.compact(id).await;
        }
    }

    /// Replaces the pieces this tab knows of with one snapshot, unless another
    /// tab is compacting this document right now.
    pub async fn compact(&self, id: DocumentId) {
        let Some(snapshot) = self.local_copy(id) else {
            return;
        };
        let Some(covered) = self.with_stored(id, |pieces| pieces.covered()) else {
            return;
        };
        let store = &self.inner.store;
        let lock = format!("concord-compact-{id}");
        let outcome =
            web_lock::if_available(&lock, || store.compact(id, &snapshot, &covered)).await;
        let result = match outcome {
            Locked::Ran(result) | Locked::Unguarded(result) => result,
            Locked::Busy => return,
        };
        let compacted = self.with_stored(id, |pieces| {
            result.map(|key| pieces.compacted(&covered, key, snapshot.len()))
        });
        match compacted {
            None => return,
            Some(Err(problem)) => self.report(vec![problem]),
            Some(Ok(())) => {}
        }
        self.refresh_all();
    }

    /// Sets the statuses signal if any status moved.
    pub(super) fn refresh_all(&self) {
        let statuses = self.inner.state.borrow_mut().statuses();
        let status = self.inner.signals.status;
        if status.with_untracked(|s| *s != statuses) {
            status.set(statuses);
        }
    }
}
