//! Changes arriving from another tab of this browser or from the relay.
//! The engine holds the one copy of each document, so they are merged
//! already when they get here; what is left is to type a document that
//! arrived for the first time and to tell its readers.

use std::rc::Rc;

use concord_model::{ConcordDoc, Touched};
use concord_sync::{DocumentId, engine::client::Replica as _};

use super::{DocReplica, IdbStoreError, Repo, RepoError, TabChannel};

impl Repo {
    /// Shares changes with the other tabs of this browser on the channel `name`.
    pub fn share_between_tabs(&self, name: &str) -> Result<(), RepoError> {
        let weak = Rc::downgrade(&self.inner);
        let channel = TabChannel::open(name, move |doc, changes| {
            if let Some(inner) = weak.upgrade() {
                Repo { inner }.receive_from_tab(doc, &changes);
            }
        })
        .map_err(|e| IdbStoreError::Unavailable(format!("no BroadcastChannel: {e:?}")))?;
        self.inner.state.borrow_mut().tabs = Some(Rc::new(channel));
        Ok(())
    }

    fn receive_from_tab(&self, id: DocumentId, changes: &[u8]) {
        if !self.is_open(id) {
            // Another tab stored a change to a document not open here; its
            // list entry is in IndexedDB by now (it posts after storing).
            if changes.is_empty() {
                let this = self.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(RepoError::Store(e)) = this.reload_documents().await {
                        this.report(vec![e]);
                    }
                });
            }
            return;
        }
        if changes.is_empty() {
            return;
        }
        let loaded = self
            .inner
            .state
            .borrow_mut()
            .client
            .doc_mut(&id)
            .map(|replica| replica.load_chunk(changes));
        match loaded {
            Some(Ok(_)) => {
                self.arrived(id);
                self.tick();
            }
            Some(Err(e)) => self.report(vec![IdbStoreError::Corrupt {
                doc: id,
                detail: format!("another tab sent changes that do not load: {e}"),
            }]),
            None => {}
        }
    }

    /// Changes came from the relay or another tab: a document arriving for
    /// the first time becomes typed, and readers are told.
    pub(super) fn arrived(&self, id: DocumentId) {
        let (settled, touched, counters) = {
            let mut state = self.inner.state.borrow_mut();
            let settled = match state.current_actor() {
                Ok(actor) => state
                    .client
                    .doc_mut(&id)
                    .map(|replica| replica.settle(actor).map_err(|e| e.to_string())),
                Err(e) => Some(Err(e.to_string())),
            };
            // A document still arriving has no patch log: everything is new.
            let touched = state
                .client
                .doc_mut(&id)
                .and_then(DocReplica::typed_mut)
                .map_or(Touched::EVERYTHING, ConcordDoc::take_touched);
            (settled, touched, state.counters(id))
        };
        if let Some(counters) = counters {
            counters.bump(&touched);
        }
        if let Some(Err(detail)) = settled {
            self.report(vec![IdbStoreError::Corrupt { doc: id, detail }]);
        }
    }
}
