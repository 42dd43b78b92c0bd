//! The app's documents: kept in IndexedDB, synced with the relay, shared between tabs.

use std::{
    cell::{Cell, RefCell},
    collections::{BTreeMap, VecDeque},
    rc::Rc,
};

use automerge::{
    ActorId, AutoCommit, Automerge, AutomergeError, ChangeHash, LoadOptions, OnPartialLoad,
};
use concord_model::{ConcordDoc, DocResult, PersonId, Template, Touched};
use concord_sync::{
    DocumentId, PeerId, PeerMetadata,
    engine::client::{Client, ClientOutput, Replica as _},
};
use leptos::prelude::*;

use super::{
    ActorBook, DocEntry, DocStatus, FrameSink, IdbStore, IdbStoreError, LinkEvent, Part, PieceKey,
    RelayLink, RelayRefusal, RepoError, Revisions, TabChannel, browser, doc_entry,
    doc_replica::DocReplica,
    open_doc::OpenDoc,
    web_lock::{self, Locked},
};

/// A document is compacted once the changes stored since its snapshot take
/// more bytes than the snapshot (at least this many): compaction saves the
/// whole document, which in a long history takes long enough to be felt if
/// it came every few keystrokes; this way its cost stays in proportion.
const COMPACT_AFTER_BYTES: usize = 64 * 1024;
/// Or once this many pieces piled up, whatever their size: each is a read at open.
const COMPACT_AFTER_PIECES: usize = 1024;

/// The documents open in this tab, the one way the app reads and changes them.
///
/// Each document is held once, inside the sync engine (a [`DocReplica`]):
/// edits are made there, and every change, whoever made it, leaves the same
/// way: the engine emits `Store` then `Send`; stores are awaited before the
/// sends that follow them, so a change is in IndexedDB before the relay hears
/// of it. Cheap to clone (a handle).
#[derive(Clone)]
pub struct Repo {
    inner: Rc<Inner>,
}

struct Inner {
    store: IdbStore,
    client: RefCell<Client<DocReplica>>,
    docs: RefCell<BTreeMap<DocumentId, OpenDoc>>,
    sink: RefCell<Option<Rc<dyn FrameSink>>>,
    tabs: RefCell<Option<TabChannel>>,
    outbox: RefCell<VecDeque<ClientOutput>>,
    draining: Cell<bool>,
    status: RwSignal<BTreeMap<DocumentId, DocStatus>>,
    online: RwSignal<bool>,
    errors: RwSignal<Vec<IdbStoreError>>,
    /// This browser's documents, most recently changed first.
    documents: RwSignal<Vec<DocEntry>>,
    /// The browser's answer to `navigator.storage.persist()`, once it came.
    persisted: RwSignal<Option<bool>>,
    /// Who edits in this tab now, and the actor each person writes as.
    person: RefCell<Option<PersonId>>,
    actors: RefCell<ActorBook>,
    /// Documents whose changes the relay refused, with its reason. They are
    /// taken out of the engine (`set_aside`) so nothing of them is sent again
    /// until the person resets them; they stay readable and stored.
    refused: RwSignal<BTreeMap<DocumentId, String>>,
    set_aside: RefCell<BTreeMap<DocumentId, DocReplica>>,
    /// The relay's heads per document, as it last said: what it has.
    relay_heads: RefCell<BTreeMap<DocumentId, Vec<ChangeHash>>>,
    /// Counts the closes the relay sent (close frames), so the shell can ask
    /// whether the session ended; a dropped connection is not counted, as
    /// asking a relay that is down only fails.
    link_closes: RwSignal<u64>,
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
                client: RefCell::new(client),
                docs: RefCell::new(BTreeMap::new()),
                sink: RefCell::new(None),
                tabs: RefCell::new(None),
                outbox: RefCell::new(VecDeque::new()),
                draining: Cell::new(false),
                status: RwSignal::new(BTreeMap::new()),
                online: RwSignal::new(false),
                errors: RwSignal::new(Vec::new()),
                documents: RwSignal::new(documents),
                persisted: RwSignal::new(None),
                person: RefCell::new(None),
                actors: RefCell::new(ActorBook::default()),
                refused: RwSignal::new(BTreeMap::new()),
                set_aside: RefCell::new(BTreeMap::new()),
                relay_heads: RefCell::new(BTreeMap::new()),
                link_closes: RwSignal::new(0),
            }),
        })
    }

    /// Asks the browser to keep this site's storage under disk pressure;
    /// `persisted` then holds the answer.
    pub fn request_persistence(&self) {
        let persisted = self.inner.persisted;
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(granted) = browser::request_persistence().await {
                persisted.set(Some(granted));
            }
        });
    }

    /// `Some(false)` if the browser refused to keep this site's storage.
    pub fn persisted(&self) -> ReadSignal<Option<bool>> {
        self.inner.persisted.read_only()
    }

    /// The documents kept in this browser, most recently changed first.
    pub fn documents(&self) -> ReadSignal<Vec<DocEntry>> {
        self.inner.documents.read_only()
    }

    /// Reads the list of documents again (another tab may have added to it).
    pub async fn reload_documents(&self) -> Result<(), RepoError> {
        let mut documents = self.inner.store.entries().await?;
        doc_entry::newest_first(&mut documents);
        self.inner.documents.set(documents);
        Ok(())
    }

    /// Everything this tab holds of a document, as Automerge's saved bytes
    /// (what the person can keep before a reset); `None` if it is not open.
    pub fn local_copy(&self, id: DocumentId) -> Option<Vec<u8>> {
        self.inner
            .client
            .borrow_mut()
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
        // The screens showing it follow this counter: the fresh copy keeps it.
        let revisions = self
            .inner
            .docs
            .borrow_mut()
            .remove(&id)
            .map(|open| open.revisions);
        self.inner.set_aside.borrow_mut().remove(&id);
        self.inner.relay_heads.borrow_mut().remove(&id);
        if self.inner.refused.with_untracked(|r| r.contains_key(&id)) {
            self.inner.refused.update(|r| {
                r.remove(&id);
            });
        }
        self.inner
            .outbox
            .borrow_mut()
            .retain(|output| match output {
                ClientOutput::Store { document_id, .. } => *document_id != id,
                _ => true,
            });
        {
            let mut client = self.inner.client.borrow_mut();
            client.forget(&id);
        }
        self.inner.errors.update(|errors| {
            errors.retain(|e| !matches!(e, IdbStoreError::Corrupt { doc, .. } if *doc == id));
        });
        // Queued after any store of it still in flight (IndexedDB runs
        // read-write transactions on the same stores in order).
        self.inner.store.forget(id).await?;
        self.refresh_all();
        let sink = self.inner.sink.borrow().clone();
        if let Some(sink) = sink {
            self.inner.client.borrow_mut().disconnected();
            self.inner.online.set(false);
            sink.close();
        }
        self.open(id).await?;
        if let Some(revisions) = revisions
            && let Some(open) = self.inner.docs.borrow_mut().get_mut(&id)
        {
            open.revisions = revisions;
            open.bump();
        }
        Ok(())
    }

    /// Shows a storage problem to the person (the shell's alert lists them).
    pub fn report_problem(&self, problem: IdbStoreError) {
        self.report(vec![problem]);
    }

    /// The person has read the problem at `index` of `errors`.
    pub fn dismiss_problem(&self, index: usize) {
        self.inner.errors.update(|errors| {
            if index < errors.len() {
                errors.remove(index);
            }
        });
    }

    /// Shares changes with the other tabs of this browser on the channel `name`.
    pub fn share_between_tabs(&self, name: &str) -> Result<(), RepoError> {
        let weak = Rc::downgrade(&self.inner);
        let channel = TabChannel::open(name, move |doc, changes| {
            if let Some(inner) = weak.upgrade() {
                Repo { inner }.receive_from_tab(doc, &changes);
            }
        })
        .map_err(|e| IdbStoreError::Unavailable(format!("no BroadcastChannel: {e:?}")))?;
        *self.inner.tabs.borrow_mut() = Some(channel);
        Ok(())
    }

    /// Who edits from now on: their actor signs every later change, in every
    /// open document. `None` while nobody is signed in.
    pub fn act_as(&self, person: Option<PersonId>) -> Result<(), RepoError> {
        if *self.inner.person.borrow() == person {
            return Ok(());
        }
        *self.inner.person.borrow_mut() = person;
        let actor = self.current_actor()?;
        let ids: Vec<DocumentId> = self.inner.docs.borrow().keys().copied().collect();
        let mut client = self.inner.client.borrow_mut();
        for id in ids {
            if let Some(doc) = client.doc_mut(&id).and_then(DocReplica::typed_mut) {
                doc.set_actor(actor.clone());
            }
        }
        Ok(())
    }

    /// The actor of the person editing now (a fresh one while nobody is).
    fn current_actor(&self) -> Result<ActorId, RepoError> {
        match self.inner.person.borrow().as_ref() {
            Some(person) => self.inner.actors.borrow_mut().actor_for(person, new_actor),
            None => new_actor(),
        }
    }

    /// Whether the websocket to the relay is set up (signed in).
    pub fn is_connected_to_relay(&self) -> bool {
        self.inner.sink.borrow().is_some()
    }

    /// Stops syncing with the relay (signed out): the websocket closes and
    /// is not reopened. Documents and their edits stay in this browser.
    pub fn disconnect_from_relay(&self) {
        let sink = self.inner.sink.borrow_mut().take();
        drop(sink);
        self.inner.client.borrow_mut().disconnected();
        self.inner.online.set(false);
        self.refresh_all();
    }

    /// Counts the closes the relay sent, tracked.
    pub fn link_closes(&self) -> ReadSignal<u64> {
        self.inner.link_closes.read_only()
    }

    /// Documents whose changes the relay refused, with its reason, tracked.
    pub fn refused(&self) -> ReadSignal<BTreeMap<DocumentId, String>> {
        self.inner.refused.read_only()
    }

    /// The refused document's changes the relay does not have.
    pub fn refused_changes(&self, id: DocumentId) -> Option<Vec<crate::refused::RefusedChange>> {
        let heads = self
            .inner
            .relay_heads
            .borrow()
            .get(&id)
            .cloned()
            .unwrap_or_default();
        let mut set_aside = self.inner.set_aside.borrow_mut();
        let replica = set_aside.get_mut(&id)?;
        let doc = replica.automerge_mut().document();
        Some(crate::refused::refused_changes(doc, &heads))
    }

    /// The relay refused this document's changes: take it out of the
    /// engine, so it is neither sent again nor re-sent on every reconnect,
    /// while the other documents go on syncing.
    fn refuse(&self, refusal: RelayRefusal) {
        let id = refusal.document;
        let taken = {
            let mut client = self.inner.client.borrow_mut();
            let taken = client.doc_mut(&id).map(|doc| {
                std::mem::replace(
                    doc,
                    <DocReplica as concord_sync::engine::client::Replica>::empty(),
                )
            });
            client.forget(&id);
            taken
        };
        if let Some(replica) = taken {
            self.inner.set_aside.borrow_mut().insert(id, replica);
        }
        self.inner.refused.update(|r| {
            r.insert(id, refusal.reason);
        });
        if let Some(open) = self.inner.docs.borrow().get(&id) {
            open.bump();
        }
    }

    /// Syncs with the relay that served this page, reconnecting as needed.
    pub fn connect_to_relay(&self) -> Result<(), RepoError> {
        let weak = Rc::downgrade(&self.inner);
        let link = RelayLink::to_page_origin(move |event| {
            if let Some(inner) = weak.upgrade() {
                Repo { inner }.link_event(event);
            }
        })
        .map_err(|e| IdbStoreError::Unavailable(format!("no websocket: {e:?}")))?;
        self.use_sink(Rc::new(link));
        Ok(())
    }

    /// Where frames for the relay go: the websocket, or a stand-in in tests.
    pub fn use_sink(&self, sink: Rc<dyn FrameSink>) {
        *self.inner.sink.borrow_mut() = Some(sink);
    }

    /// What the connection to the relay did; the sink's owner reports it here.
    pub fn link_event(&self, event: LinkEvent) {
        let outputs = {
            let mut client = self.inner.client.borrow_mut();
            match event {
                LinkEvent::Opened => {
                    self.inner.online.set(true);
                    client.connect()
                }
                LinkEvent::Frame(frame) => {
                    let mut outputs = client.receive(&frame);
                    outputs.extend(client.tick());
                    outputs
                }
                LinkEvent::ClosedByRelay { .. } => {
                    self.inner.link_closes.update(|n| *n += 1);
                    Vec::new()
                }
                LinkEvent::Closed => {
                    self.inner.online.set(false);
                    client.disconnected();
                    Vec::new()
                }
            }
        };
        self.enqueue(outputs);
    }

    /// A new document of `template`, owned by `creator`; stored, then offered to the relay.
    pub fn create(
        &self,
        template: &'static Template,
        title: &str,
        creator: &PersonId,
    ) -> Result<DocumentId, RepoError> {
        let id = DocumentId::from_bytes(random()?);
        let now = browser::now_ms();
        let mut doc = ConcordDoc::create(template, title, creator, now, self.current_actor()?)?;
        doc.commit(now, None);
        doc.take_touched();
        self.inner
            .client
            .borrow_mut()
            .create(id, DocReplica::Typed(doc));
        let mut open = OpenDoc::new(Vec::new());
        open.changes_since_open = 1;
        self.inner.docs.borrow_mut().insert(id, open);
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
        let loaded = self.inner.store.load(id).await?;
        browser::mark("concord-open-read");
        let mut problems = loaded.corrupt;
        // The first good piece (snapshots come first) is loaded; the others
        // are checked one by one and applied together.
        let (mut replica, mut rest, mut keys, mut rest_keys) =
            (None, Vec::new(), Vec::new(), Vec::new());
        let (mut snapshot_bytes, mut chunk_bytes) = (0, 0);
        for (key, bytes) in loaded.pieces {
            match key.part {
                Part::Snapshot => snapshot_bytes += bytes.len(),
                Part::Chunk => chunk_bytes += bytes.len(),
            }
            let checked = match replica {
                None => load_first(&bytes).map(|first| {
                    replica = Some(first);
                    keys.push(key.clone());
                }),
                Some(_) => check_piece(&bytes).map(|()| {
                    rest.extend_from_slice(&bytes);
                    rest_keys.push(key.clone());
                }),
            };
            if let Err(e) = checked {
                problems.push(IdbStoreError::Corrupt {
                    doc: id,
                    detail: format!("stored piece {} does not load: {e}", key.id),
                });
            }
        }
        if let Some(replica) = replica.as_mut()
            && !rest.is_empty()
        {
            // One application for all of them: in Automerge 0.12 each
            // application walks the whole document.
            match replica.load_incremental(&rest) {
                Ok(_) => keys.append(&mut rest_keys),
                // Left out of `keys`, they stay stored: no compaction deletes them.
                Err(e) => problems.push(IdbStoreError::Corrupt {
                    doc: id,
                    detail: format!("stored pieces do not load together: {e}"),
                }),
            }
        }
        self.report(problems);
        if self.is_open(id) {
            return Ok(());
        }
        if let Some(replica) = replica {
            let mut doc = ConcordDoc::from_automerge(replica).map_err(|not_ours| not_ours.error)?;
            doc.set_actor(self.current_actor()?);
            // Starts the patch log: later changes say what they touched.
            doc.take_touched();
            self.inner
                .client
                .borrow_mut()
                .open_loaded(id, DocReplica::Typed(doc));
            let mut open = OpenDoc::new(keys);
            open.snapshot_bytes = snapshot_bytes;
            open.chunk_bytes = chunk_bytes;
            self.inner.docs.borrow_mut().insert(id, open);
            browser::mark("concord-open-loaded");
        } else {
            self.inner.client.borrow_mut().find(id);
            self.inner
                .docs
                .borrow_mut()
                .insert(id, OpenDoc::new(Vec::new()));
        }
        self.tick();
        Ok(())
    }

    pub fn is_open(&self, id: DocumentId) -> bool {
        self.inner.docs.borrow().contains_key(&id)
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
        if self.inner.refused.with_untracked(|r| r.contains_key(&id)) {
            return Err(RepoError::Refused(id));
        }
        let result = {
            let mut client = self.inner.client.borrow_mut();
            let doc = client
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
            (result, doc.take_touched())
        };
        let (result, touched) = result;
        if let Some(open) = self.inner.docs.borrow_mut().get_mut(&id) {
            open.changes_since_open += 1;
            open.bump_for(&touched);
        }
        let outputs = self.inner.client.borrow_mut().tick();
        if let Some(tabs) = self.inner.tabs.borrow().as_ref() {
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

    /// Reads a document; `None` if it is not open or not here yet.
    pub fn read<R>(&self, id: DocumentId, read: impl FnOnce(&ConcordDoc) -> R) -> Option<R> {
        if let Some(doc) = self.inner.client.borrow().doc(&id) {
            return doc.typed().map(read);
        }
        // A refused document is still shown, as this browser has it.
        self.inner.set_aside.borrow().get(&id)?.typed().map(read)
    }

    /// Counters that move when the document changes (here, in another tab
    /// or on the relay); read them in a reactive scope to re-render.
    pub fn subscribe(&self, id: DocumentId) -> Option<Revisions> {
        Some(self.inner.docs.borrow().get(&id)?.revisions.read_only())
    }

    /// Where each open document's changes are.
    pub fn statuses(&self) -> ReadSignal<BTreeMap<DocumentId, DocStatus>> {
        self.inner.status.read_only()
    }

    pub fn status(&self, id: DocumentId) -> DocStatus {
        self.inner
            .status
            .with_untracked(|s| s.get(&id).copied())
            .unwrap_or_default()
    }

    /// The websocket to the relay is open.
    pub fn online(&self) -> ReadSignal<bool> {
        self.inner.online.read_only()
    }

    /// Storage problems so far, for the person to see and act on.
    pub fn errors(&self) -> ReadSignal<Vec<IdbStoreError>> {
        self.inner.errors.read_only()
    }

    /// The store behind this repo, for upkeep and tests.
    pub fn store(&self) -> &IdbStore {
        &self.inner.store
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
            .client
            .borrow_mut()
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

    /// Changes came from the relay or another tab: they are merged already
    /// (the engine holds the one copy); a document arriving for the first
    /// time becomes typed, and readers are told.
    fn arrived(&self, id: DocumentId) {
        let settled = match self.current_actor() {
            Ok(actor) => self
                .inner
                .client
                .borrow_mut()
                .doc_mut(&id)
                .map(|replica| replica.settle(actor).map_err(|e| e.to_string())),
            Err(e) => Some(Err(e.to_string())),
        };
        // A document still arriving has no patch log: everything is new.
        let touched = self
            .inner
            .client
            .borrow_mut()
            .doc_mut(&id)
            .and_then(DocReplica::typed_mut)
            .map_or(Touched::EVERYTHING, ConcordDoc::take_touched);
        if let Some(open) = self.inner.docs.borrow().get(&id) {
            open.bump_for(&touched);
        }
        if let Some(Err(detail)) = settled {
            self.report(vec![IdbStoreError::Corrupt { doc: id, detail }]);
        }
    }

    fn tick(&self) {
        let outputs = self.inner.client.borrow_mut().tick();
        self.enqueue(outputs);
    }

    fn enqueue(&self, outputs: Vec<ClientOutput>) {
        {
            let mut docs = self.inner.docs.borrow_mut();
            for output in &outputs {
                if let ClientOutput::Store { document_id, .. } = output
                    && let Some(open) = docs.get_mut(document_id)
                {
                    open.pending_stores += 1;
                }
            }
        }
        self.inner.outbox.borrow_mut().extend(outputs);
        self.refresh_all();
        if !self.inner.draining.replace(true) {
            let this = self.clone();
            wasm_bindgen_futures::spawn_local(async move { this.drain().await });
        }
    }

    /// Carries out the engine's outputs one by one, in order: a `Store` is
    /// durable before any later `Send` goes out.
    async fn drain(&self) {
        loop {
            while let Some(output) = self.next_output() {
                self.carry_out(output).await;
            }
            self.upkeep().await;
            if self.inner.outbox.borrow().is_empty() {
                break;
            }
        }
        self.inner.draining.set(false);
    }

    fn next_output(&self) -> Option<ClientOutput> {
        self.inner.outbox.borrow_mut().pop_front()
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
                        .documents
                        .update(|list| doc_entry::upsert(list, entry));
                    if let Some(tabs) = self.inner.tabs.borrow().as_ref() {
                        // Empty: "look at the list again", for tabs without this document open.
                        let _ = tabs.post(document_id, &[]);
                    }
                }
                self.stored(document_id, chunk.len(), stored);
            }
            ClientOutput::Send(message) => {
                let sink = self.inner.sink.borrow().clone();
                if let Some(sink) = sink {
                    sink.send(&message.encode());
                }
            }
            ClientOutput::DocChanged { document_id, .. } => self.arrived(document_id),
            // The engine keeps the relay's heads for `status_of`; a copy
            // here says which changes a refusal concerns.
            ClientOutput::RelayHeads { document_id, heads } => {
                self.inner
                    .relay_heads
                    .borrow_mut()
                    .insert(document_id, heads);
            }
            ClientOutput::DocUnavailable { document_id } => {
                if let Some(open) = self.inner.docs.borrow_mut().get_mut(&document_id) {
                    open.unavailable = true;
                }
            }
            ClientOutput::Close { reason } => {
                if let Some(refusal) = RelayRefusal::parse(&reason) {
                    self.refuse(refusal);
                }
                self.inner.client.borrow_mut().disconnected();
                self.inner.online.set(false);
                let sink = self.inner.sink.borrow().clone();
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
        Some(DocEntry {
            id,
            template_id: meta.template_id,
            title: meta.title,
            status: meta.status,
            updated_ms: browser::now_ms(),
        })
    }

    fn stored(&self, id: DocumentId, bytes: usize, stored: Result<PieceKey, IdbStoreError>) {
        let problem = {
            let mut docs = self.inner.docs.borrow_mut();
            let Some(open) = docs.get_mut(&id) else {
                return;
            };
            open.pending_stores = open.pending_stores.saturating_sub(1);
            match stored {
                Ok(key) => {
                    open.pieces.push(key);
                    open.chunk_bytes += bytes;
                    None
                }
                Err(e) => {
                    // The engine thinks this chunk is stored; the next
                    // compaction writes the whole document instead.
                    open.store_failed = true;
                    Some(e)
                }
            }
        };
        if let Some(problem) = problem {
            self.report(vec![problem]);
        }
    }

    /// Compacts documents whose pieces piled up or that have no snapshot
    /// yet, and rewrites those whose last store failed. A snapshot loads
    /// several times faster than the same changes stored as they came
    /// (which Automerge must apply one by one), so a document that arrived
    /// whole from the relay opens quickly from the next time on.
    async fn upkeep(&self) {
        let due: Vec<DocumentId> = self
            .inner
            .docs
            .borrow()
            .iter()
            .filter(|(_, d)| {
                d.store_failed
                    || d.pieces.len() > COMPACT_AFTER_PIECES
                    || d.chunk_bytes > d.snapshot_bytes.max(COMPACT_AFTER_BYTES)
                    || (d.pending_stores == 0
                        && !d.pieces.is_empty()
                        && !d.pieces.iter().any(|p| p.part == Part::Snapshot))
            })
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
        let covered = match self.inner.docs.borrow().get(&id) {
            Some(open) => open.pieces.clone(),
            None => return,
        };
        let store = &self.inner.store;
        let lock = format!("concord-compact-{id}");
        let outcome =
            web_lock::if_available(&lock, || store.compact(id, &snapshot, &covered)).await;
        let result = match outcome {
            Locked::Ran(result) | Locked::Unguarded(result) => result,
            Locked::Busy => return,
        };
        let problem = {
            let mut docs = self.inner.docs.borrow_mut();
            let Some(open) = docs.get_mut(&id) else {
                return;
            };
            match result {
                Ok(key) => {
                    open.pieces.retain(|p| !covered.contains(p));
                    open.pieces.push(key);
                    open.store_failed = false;
                    open.snapshot_bytes = snapshot.len();
                    // Chunks stored while this compaction ran are not in it.
                    open.chunk_bytes = 0;
                    None
                }
                Err(e) => Some(e),
            }
        };
        if let Some(problem) = problem {
            self.report(vec![problem]);
        }
        self.refresh_all();
    }

    fn report(&self, problems: Vec<IdbStoreError>) {
        if problems.is_empty() {
            return;
        }
        self.inner.errors.update(|errors| {
            for problem in problems {
                // A failure repeated on every retry is shown once.
                if errors.last() != Some(&problem) {
                    errors.push(problem);
                }
            }
        });
    }

    fn refresh_all(&self) {
        let statuses: BTreeMap<DocumentId, DocStatus> = {
            let docs = self.inner.docs.borrow();
            let mut client = self.inner.client.borrow_mut();
            docs.iter()
                .map(|(id, open)| (*id, status_of(*id, open, &mut client)))
                .collect()
        };
        if self.inner.status.with_untracked(|s| *s != statuses) {
            self.inner.status.set(statuses);
        }
    }
}

fn status_of(id: DocumentId, open: &OpenDoc, client: &mut Client<DocReplica>) -> DocStatus {
    let saved_on_relay = client.saved_on_relay(&id);
    let waiting = if saved_on_relay {
        0
    } else {
        client
            .waiting_for_relay(&id)
            .unwrap_or(open.changes_since_open)
    };
    DocStatus {
        saved_on_device: open.pending_stores == 0 && !open.store_failed && !open.pieces.is_empty(),
        saved_on_relay,
        waiting,
        unavailable: open.unavailable,
    }
}

/// Checks one stored piece on its own. Automerge's `load_incremental` skips
/// bytes it cannot parse without a word, so each piece is first parsed with
/// partial loads refused; only missing dependencies (on another piece) are
/// allowed.
fn check_piece(piece: &[u8]) -> Result<(), AutomergeError> {
    let strict = LoadOptions::new().on_partial_load(OnPartialLoad::Error);
    match Automerge::load_with_options(piece, strict) {
        Ok(_) | Err(AutomergeError::MissingDeps) => Ok(()),
        Err(e) => Err(e),
    }
}

/// The first stored piece, parsed strictly (see `check_piece`). A piece
/// that needs others first starts an empty document it is applied to.
fn load_first(piece: &[u8]) -> Result<AutoCommit, AutomergeError> {
    let strict = LoadOptions::new().on_partial_load(OnPartialLoad::Error);
    match AutoCommit::load_with_options(piece, strict) {
        Ok(replica) => Ok(replica),
        Err(AutomergeError::MissingDeps) => {
            let mut replica = AutoCommit::new();
            replica.load_incremental(piece)?;
            Ok(replica)
        }
        Err(e) => Err(e),
    }
}

fn random<const N: usize>() -> Result<[u8; N], RepoError> {
    browser::random_bytes().map_err(|e| RepoError::NoRandom(format!("{e:?}")))
}

fn new_actor() -> Result<ActorId, RepoError> {
    Ok(ActorId::from(random::<16>()?))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
