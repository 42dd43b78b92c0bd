//! The app's documents: kept in IndexedDB, synced with the relay, shared between tabs.

use std::{cell::RefCell, collections::BTreeMap, rc::Rc};

use automerge::ChangeHash;
use concord_model::{ActorId, ConcordDoc, DerivedTemplate, DocResult, PersonId, Template};
use concord_sync::{
    DocumentId, PeerId, PeerMetadata,
    engine::client::{Client, ClientOutput, Replica as _},
};
use leptos::prelude::*;

use super::{
    DocEntry, DocReplica, DocStatus, IdbStore, IdbStoreError, RepoError, Revisions, browser,
    compaction::StoredPieces,
    doc_entry,
    load_pieces::load_pieces,
    open_doc::OpenDoc,
    repo_state::{RepoSignals, TabState, random},
};

/// The documents open in this tab, the one way the app reads and changes them.
///
/// Each document is held once, inside the sync engine (a [`DocReplica`]):
/// edits are made there, and every change, whoever made it, leaves the same
/// way: the engine emits `Store` then `Send`; stores are awaited before the
/// sends that follow them, so a change is in IndexedDB before the relay hears
/// of it. Cheap to clone (a handle).
#[derive(Clone)]
pub struct Repo {
    pub(super) inner: Rc<Inner>,
}

pub(super) struct Inner {
    pub(super) store: IdbStore,
    pub(super) state: RefCell<TabState>,
    pub(super) signals: RepoSignals,
}

impl Repo {
    /// Opens this browser's store of documents (the IndexedDB database `db_name`).
    pub async fn open_store(db_name: &str) -> Result<Self, RepoError> {
        Self::open_store_or_wait(db_name, || {}).await
    }

    /// As `open_store`; `blocked` is called while another tab holds an older
    /// version of the database open (the open waits for it to close).
    pub async fn open_store_or_wait(
        db_name: &str,
        blocked: impl FnOnce() + 'static,
    ) -> Result<Self, RepoError> {
        let store = IdbStore::open_or_wait(db_name, blocked).await?;
        let mut documents = store.entries().await?;
        doc_entry::newest_first(&mut documents);
        let peer: [u8; 16] = random()?;
        let peer_id: PeerId = format!("browser-{}", hex(&peer))
            .parse()
            .map_err(|e| RepoError::NoRandom(format!("{e}")))?;
        let client = Client::new(
            peer_id,
            PeerMetadata {
                storage_id: None,
                is_ephemeral: false,
            },
        );
        Ok(Self {
            inner: Rc::new(Inner {
                store,
                state: RefCell::new(TabState::new(client)),
                signals: RepoSignals::new(documents),
            }),
        })
    }

    /// Asks the browser to keep this site's storage under disk pressure;
    /// `persisted` then holds the answer.
    pub fn request_persistence(&self) {
        let persisted = self.inner.signals.persisted;
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(granted) = browser::request_persistence().await {
                persisted.set(Some(granted));
            }
        });
    }

    /// `Some(false)` if the browser refused to keep this site's storage.
    pub fn persisted(&self) -> ReadSignal<Option<bool>> {
        self.inner.signals.persisted.read_only()
    }

    /// The documents kept in this browser, most recently changed first.
    pub fn documents(&self) -> ReadSignal<Vec<DocEntry>> {
        self.inner.signals.documents.read_only()
    }

    /// Reads the list of documents again (another tab may have added to it).
    pub async fn reload_documents(&self) -> Result<(), RepoError> {
        let mut documents = self.inner.store.entries().await?;
        doc_entry::newest_first(&mut documents);
        self.inner.signals.documents.set(documents);
        Ok(())
    }

    /// Everything this tab holds of a document, as Automerge's saved bytes
    /// (what the person can keep before a reset); `None` if it is not open.
    pub fn local_copy(&self, id: DocumentId) -> Option<Vec<u8>> {
        self.inner
            .state
            .borrow_mut()
            .client
            .doc_mut(&id)
            .map(DocReplica::save_all)
    }

    /// Gives up this browser's copy of a document (after its storage was
    /// found damaged) and takes the relay's instead: the stored pieces are
    /// deleted, the document is dropped from this tab, and it is asked of the
    /// relay as for a document this browser never had. Local changes the relay
    /// lacks are lost, so offer `local_copy` first. The connection is
    /// restarted, so the relay's sync state forgets what it thought this
    /// browser had.
    pub async fn reset_from_relay(&self, id: DocumentId) -> Result<(), RepoError> {
        let signals = self.inner.signals;
        // The screens showing it follow these counters: the fresh copy keeps them.
        let revisions = {
            let mut state = self.inner.state.borrow_mut();
            let revisions = state.docs.remove(&id).map(|open| open.revisions);
            state.set_aside.forget(id);
            state.relay_heads.remove(&id);
            state.outbox.retain(|output| match output {
                ClientOutput::Store { document_id, .. } => *document_id != id,
                _ => true,
            });
            state.client.forget(&id);
            revisions
        };
        if signals.refused.with_untracked(|r| r.contains_key(&id)) {
            signals.refused.update(|r| {
                r.remove(&id);
            });
        }
        signals.errors.update(|errors| {
            errors.retain(|e| !matches!(e, IdbStoreError::Corrupt { doc, .. } if *doc == id));
        });
        // Queued after any store of it still in flight (IndexedDB runs
        // read-write transactions on the same stores in order).
        self.inner.store.forget(id).await?;
        self.refresh_all();
        let sink = self.inner.state.borrow().sink.clone();
        if let Some(sink) = sink {
            self.inner.state.borrow_mut().client.disconnected();
            signals.online.set(false);
            sink.close();
        }
        self.open(id).await?;
        if let Some(revisions) = revisions {
            let kept = {
                let mut state = self.inner.state.borrow_mut();
                state.docs.get_mut(&id).map(|open| {
                    open.revisions = revisions;
                    open.revisions.clone()
                })
            };
            if let Some(counters) = kept {
                counters.bump(&concord_model::Touched::EVERYTHING);
            }
        }
        Ok(())
    }

    /// Shows a storage problem to the person (the shell's alert lists them).
    pub fn report_problem(&self, problem: IdbStoreError) {
        self.report(vec![problem]);
    }

    /// The person has read the problem at `index` of `errors`.
    pub fn dismiss_problem(&self, index: usize) {
        self.inner.signals.errors.update(|errors| {
            if index < errors.len() {
                errors.remove(index);
            }
        });
    }

    /// Storage problems so far, for the person to see and act on.
    pub fn errors(&self) -> ReadSignal<Vec<IdbStoreError>> {
        self.inner.signals.errors.read_only()
    }

    pub(super) fn report(&self, problems: Vec<IdbStoreError>) {
        if problems.is_empty() {
            return;
        }
        self.inner.signals.errors.update(|errors| {
            for problem in problems {
                // A failure repeated on every retry is shown once.
                if errors.last() != Some(&problem) {
                    errors.push(problem);
                }
            }
        });
    }

    /// Who edits from now on: their actor signs every later change, in every
    /// open document. `None` while nobody is signed in.
    pub fn act_as(&self, person: Option<PersonId>) -> Result<(), RepoError> {
        let mut state = self.inner.state.borrow_mut();
        if state.person == person {
            return Ok(());
        }
        state.person = person;
        let actor = state.current_actor()?;
        let ids: Vec<DocumentId> = state.docs.keys().copied().collect();
        for id in ids {
            if let Some(doc) = state.client.doc_mut(&id).and_then(DocReplica::typed_mut) {
                doc.set_actor(actor.clone());
            }
        }
        Ok(())
    }

    /// A new document of `template`, owned by `creator`; stored, then offered to the relay.
    pub fn create(
        &self,
        template: &'static Template,
        title: &str,
        creator: &PersonId,
    ) -> Result<DocumentId, RepoError> {
        self.create_with(creator, |now, actor| {
            ConcordDoc::create(template, title, creator, now, actor)
        })
    }

    /// A new document of a team sub-template: of its base template, with
    /// its extra fields already added (`ConcordDoc::create_derived`).
    pub fn create_derived(
        &self,
        derived: &DerivedTemplate,
        title: &str,
        creator: &PersonId,
    ) -> Result<DocumentId, RepoError> {
        self.create_with(creator, |now, actor| {
            ConcordDoc::create_derived(derived, title, creator, now, actor)
        })
    }

    fn create_with(
        &self,
        creator: &PersonId,
        make: impl FnOnce(i64, ActorId) -> DocResult<ConcordDoc>,
    ) -> Result<DocumentId, RepoError> {
        let id = DocumentId::from_bytes(random()?);
        let now = browser::now_ms();
        {
            let mut state = self.inner.state.borrow_mut();
            let actor = state.current_actor()?;
            let mut doc = make(now, actor)?;
            // Signed, like every change of this app: the history names its maker.
            doc.commit(now, Some(creator.as_str()));
            doc.take_touched();
            state.client.create(id, DocReplica::Typed(doc));
            // The relay has nothing of it yet.
            state.relay_heads.insert(id, Vec::new());
            let mut open = OpenDoc::new(StoredPieces::default());
            open.changes_since_open = 1;
            state.docs.insert(id, open);
        }
        self.tick();
        Ok(id)
    }

    /// Opens a document: from this browser's store if it has it, else from
    /// the relay (its status then says so until it arrives, or that it is
    /// unavailable). Damaged stored pieces are reported and the rest is used.
    pub async fn open(&self, id: DocumentId) -> Result<(), RepoError> {
        if self.is_open(id) {
            return Ok(());
        }
        let stored = self.inner.store.load(id).await?;
        browser::mark("concord-open-read");
        let relay_heads = self.inner.signals.documents.with_untracked(|list| {
            list.iter()
                .find(|e| e.id == id)
                .and_then(|e| e.relay_heads.clone())
        });
        let mut problems = stored.corrupt;
        let loaded = load_pieces(id, stored.pieces);
        problems.extend(loaded.damaged);
        self.report(problems);
        {
            let mut state = self.inner.state.borrow_mut();
            // Another open of it may have finished while this one read.
            if state.docs.contains_key(&id) {
                return Ok(());
            }
            // What the relay had when this browser last heard, until it says again.
            if let Some(heads) = relay_heads {
                state.relay_heads.entry(id).or_insert(heads);
            }
            let pieces =
                StoredPieces::loaded(loaded.covered, loaded.snapshot_bytes, loaded.chunk_bytes);
            if let Some(replica) = loaded.replica {
                let mut doc =
                    ConcordDoc::from_automerge(replica).map_err(|not_ours| not_ours.error)?;
                doc.set_actor(state.current_actor()?);
                // Starts the patch log: later changes say what they touched.
                doc.take_touched();
                state.client.open_loaded(id, DocReplica::Typed(doc));
                state.docs.insert(id, OpenDoc::new(pieces));
                browser::mark("concord-open-loaded");
            } else {
                state.client.find(id);
                state.docs.insert(id, OpenDoc::new(StoredPieces::default()));
            }
        }
        self.tick();
        Ok(())
    }

    pub fn is_open(&self, id: DocumentId) -> bool {
        self.inner.state.borrow().docs.contains_key(&id)
    }

    /// Edits a document through the model. The edit is one change: if `edit`
    /// fails, nothing of it is kept.
    pub fn change<R>(
        &self,
        id: DocumentId,
        edit: impl FnOnce(&mut ConcordDoc) -> DocResult<R>,
    ) -> Result<R, RepoError> {
        self.change_as(id, None, edit)
    }

    /// As `change`, with the author's person id as the change's message, so
    /// the history (and a conflict) can say who wrote what.
    pub fn change_as<R>(
        &self,
        id: DocumentId,
        author: Option<&PersonId>,
        edit: impl FnOnce(&mut ConcordDoc) -> DocResult<R>,
    ) -> Result<R, RepoError> {
        if self
            .inner
            .signals
            .refused
            .with_untracked(|r| r.contains_key(&id))
        {
            return Err(RepoError::Refused(id));
        }
        let (result, counters, touched, outputs, tabs) = {
            let mut state = self.inner.state.borrow_mut();
            let doc = state
                .client
                .doc_mut(&id)
                .and_then(DocReplica::typed_mut)
                .ok_or(RepoError::NotOpen(id))?;
            let result = match edit(doc) {
                Ok(result) => result,
                Err(e) => {
                    doc.automerge_mut().rollback();
                    return Err(e.into());
                }
            };
            if doc
                .commit(browser::now_ms(), author.map(PersonId::as_str))
                .is_none()
            {
                return Ok(result);
            }
            let touched = doc.take_touched();
            if let Some(open) = state.docs.get_mut(&id) {
                open.changes_since_open += 1;
            }
            let outputs = state.client.tick();
            (
                result,
                state.counters(id),
                touched,
                outputs,
                state.tabs.clone(),
            )
        };
        if let Some(counters) = counters {
            counters.bump(&touched);
        }
        if let Some(tabs) = tabs {
            for output in &outputs {
                if let ClientOutput::Store { document_id, chunk } = output
                    && *document_id == id
                {
                    // Another tab missing this only delays it until the relay brings it.
                    let _ = tabs.post(id, chunk);
                }
            }
        }
        self.enqueue(outputs);
        Ok(result)
    }

    /// Reads a document; `None` if it is not open or not here yet. A
    /// refused document is still shown, as this browser has it.
    pub fn read<R>(&self, id: DocumentId, read: impl FnOnce(&ConcordDoc) -> R) -> Option<R> {
        self.inner.state.borrow().shown(id).map(read)
    }

    /// Reads a document through Automerge's `&mut` accessors (its history,
    /// its past versions); nothing is changed, committed or sent. A refused
    /// document, held aside, reads as this browser has it.
    pub fn inspect<R>(&self, id: DocumentId, read: impl FnOnce(&mut ConcordDoc) -> R) -> Option<R> {
        self.inner.state.borrow_mut().shown_mut(id).map(read)
    }

    /// The document's heads: what it holds, as a stamp cheaper to compare
    /// than anything read from it. `None` while it is not here as a Concord
    /// document, or while the repo is busy (a read is in progress around
    /// the caller): then the caller reads afresh.
    pub fn heads(&self, id: DocumentId) -> Option<Vec<ChangeHash>> {
        let mut state = self.inner.state.try_borrow_mut().ok()?;
        state.shown_mut(id).map(ConcordDoc::heads)
    }

    /// Counters that move when the document changes (here, in another tab
    /// or on the relay); read them in a reactive scope to re-render.
    pub fn subscribe(&self, id: DocumentId) -> Option<Revisions> {
        Some(
            self.inner
                .state
                .borrow()
                .docs
                .get(&id)?
                .revisions
                .read_only(),
        )
    }

    /// Where each open document's changes are.
    pub fn statuses(&self) -> ReadSignal<BTreeMap<DocumentId, DocStatus>> {
        self.inner.signals.status.read_only()
    }

    /// Changes waiting to reach the relay in every document kept here: the
    /// open ones as this tab counts them, the others as their stored entry
    /// says (so the count survives a reload while offline). Tracked.
    pub fn waiting(&self) -> usize {
        let signals = self.inner.signals;
        signals.status.with(|open| {
            let open_waiting: usize = open.values().map(|s| s.waiting).sum();
            let stored_waiting: usize = signals.documents.with(|list| {
                list.iter()
                    .filter(|e| !open.contains_key(&e.id))
                    .map(|e| e.waiting)
                    .sum()
            });
            open_waiting + stored_waiting
        })
    }

    pub fn status(&self, id: DocumentId) -> DocStatus {
        self.inner
            .signals
            .status
            .with_untracked(|s| s.get(&id).copied())
            .unwrap_or_default()
    }

    /// The store behind this repo, for upkeep and tests.
    pub fn store(&self) -> &IdbStore {
        &self.inner.store
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
