//! Everything a `Repo` holds: its state behind one `RefCell`, and the
//! signals screens follow.

use std::{
    collections::{BTreeMap, VecDeque},
    rc::Rc,
};

use automerge::{ActorId, ChangeHash};
use concord_model::{ConcordDoc, PersonId};
use concord_sync::{
    DocumentId, RefusalNotice,
    engine::client::{Client, ClientOutput, Replica as _},
};
use leptos::prelude::*;

use super::{
    ActorBook, DocEntry, DocReplica, DocStatus, FrameSink, IdbStoreError, RepoError, TabChannel,
    browser, open_doc::OpenDoc, open_doc::RevisionCounters, set_aside::SetAside,
};

/// What the repo holds of its documents in this tab. One `RefCell` holds
/// it all: a borrow is taken for a step and given back before anything
/// outside is called (the websocket, the tab channel, the screens' signals),
/// which may call back into the repo.
pub(super) struct TabState {
    /// The sync engine, which holds every open document (`DocReplica`).
    pub client: Client<DocReplica>,
    pub docs: BTreeMap<DocumentId, OpenDoc>,
    /// Where frames for the relay go, while connected.
    pub sink: Option<Rc<dyn FrameSink>>,
    pub tabs: Option<Rc<TabChannel>>,
    /// The engine's outputs not yet carried out, in order.
    pub outbox: VecDeque<ClientOutput>,
    /// Whether a task is carrying out the outbox.
    pub draining: bool,
    /// Who edits in this tab now, and the actor each person writes as.
    pub person: Option<PersonId>,
    pub actors: ActorBook,
    /// Documents whose changes the relay refused.
    pub set_aside: SetAside,
    /// The relay's heads per document, as it last said: what it has.
    pub relay_heads: BTreeMap<DocumentId, Vec<ChangeHash>>,
}

impl TabState {
    pub fn new(client: Client<DocReplica>) -> Self {
        Self {
            client,
            docs: BTreeMap::new(),
            sink: None,
            tabs: None,
            outbox: VecDeque::new(),
            draining: false,
            person: None,
            actors: ActorBook::default(),
            set_aside: SetAside::default(),
            relay_heads: BTreeMap::new(),
        }
    }

    /// The actor of the person editing now (a fresh one while nobody is).
    pub fn current_actor(&mut self) -> Result<ActorId, RepoError> {
        match self.person.as_ref() {
            Some(person) => self.actors.actor_for(person, new_actor),
            None => new_actor(),
        }
    }

    /// The document screens show: the engine's copy, or, for a document
    /// the relay refused, the copy set aside (as this browser has it).
    pub fn shown(&self, id: DocumentId) -> Option<&ConcordDoc> {
        match self.client.doc(&id) {
            Some(doc) => doc.typed(),
            None => self.set_aside.typed(id),
        }
    }

    /// The same, through Automerge's `&mut` accessors.
    pub fn shown_mut(&mut self, id: DocumentId) -> Option<&mut ConcordDoc> {
        match self.client.doc_mut(&id) {
            Some(doc) => doc.typed_mut(),
            None => self.set_aside.typed_mut(id),
        }
    }

    /// The counters the screens showing `id` follow.
    pub fn counters(&self, id: DocumentId) -> Option<RevisionCounters> {
        self.docs.get(&id).map(|open| open.revisions.clone())
    }

    /// Where each open document's changes are.
    pub fn statuses(&mut self) -> BTreeMap<DocumentId, DocStatus> {
        let Self {
            docs,
            client,
            relay_heads,
            ..
        } = self;
        docs.iter()
            .map(|(id, open)| (*id, status_of(*id, open, client, relay_heads.get(id))))
            .collect()
    }

    /// Where one open document's changes are.
    pub fn status(&mut self, id: DocumentId) -> Option<DocStatus> {
        let Self {
            docs,
            client,
            relay_heads,
            ..
        } = self;
        let open = docs.get(&id)?;
        Some(status_of(id, open, client, relay_heads.get(&id)))
    }
}

/// Until the relay has answered in this connection, what waits is counted
/// from the heads it last gave (kept in the document's stored entry across
/// reloads), not from what this tab happened to see since it opened.
fn status_of(
    id: DocumentId,
    open: &OpenDoc,
    client: &mut Client<DocReplica>,
    relay_heads: Option<&Vec<ChangeHash>>,
) -> DocStatus {
    let saved_on_relay = client.saved_on_relay(&id);
    let waiting = if saved_on_relay {
        0
    } else {
        client
            .waiting_for_relay(&id)
            .or_else(|| Some(changes_past(client.doc_mut(&id)?, relay_heads?)))
            .unwrap_or(open.changes_since_open)
    };
    DocStatus {
        saved_on_device: open.stored.saved_on_device(),
        saved_on_relay,
        waiting,
        unavailable: open.unavailable,
    }
}

/// Changes of `doc` past `relay_heads`. Heads this browser has not
/// received say nothing about what the relay lacks, and are left out.
fn changes_past(doc: &mut DocReplica, relay_heads: &[ChangeHash]) -> usize {
    let known: Vec<ChangeHash> = relay_heads
        .iter()
        .filter(|head| doc.knows_change(head))
        .copied()
        .collect();
    doc.count_changes_after(&known)
}

/// What screens follow, each a signal.
#[derive(Clone, Copy)]
pub(super) struct RepoSignals {
    /// Where each open document's changes are.
    pub status: RwSignal<BTreeMap<DocumentId, DocStatus>>,
    /// The websocket to the relay is open.
    pub online: RwSignal<bool>,
    /// Storage problems so far, for the person to see and act on.
    pub errors: RwSignal<Vec<IdbStoreError>>,
    /// This browser's documents, most recently changed first.
    pub documents: RwSignal<Vec<DocEntry>>,
    /// The browser's answer to `navigator.storage.persist()`, once it came.
    pub persisted: RwSignal<Option<bool>>,
    /// Documents whose changes the relay refused, with its reason.
    pub refused: RwSignal<BTreeMap<DocumentId, RefusalNotice>>,
    /// Counts the closes the relay sent (close frames), so the shell can ask
    /// whether the session ended; a dropped connection is not counted, as
    /// asking a relay that is down only fails.
    pub link_closes: RwSignal<u64>,
}

impl RepoSignals {
    pub fn new(documents: Vec<DocEntry>) -> Self {
        Self {
            status: RwSignal::new(BTreeMap::new()),
            online: RwSignal::new(false),
            errors: RwSignal::new(Vec::new()),
            documents: RwSignal::new(documents),
            persisted: RwSignal::new(None),
            refused: RwSignal::new(BTreeMap::new()),
            link_closes: RwSignal::new(0),
        }
    }
}

pub(super) fn random<const N: usize>() -> Result<[u8; N], RepoError> {
    browser::random_bytes().map_err(|e| RepoError::NoRandom(format!("{e:?}")))
}

fn new_actor() -> Result<ActorId, RepoError> {
    Ok(ActorId::from(random::<16>()?))
}
