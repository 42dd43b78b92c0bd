//! The relay's answer at the engine's one policy point: who a connected
//! peer is, whether they may read a document, and whether a batch of
//! changes may stand. Every rule is `concord-model`'s (`DocCard::role_of`,
//! `check_applied_with`); this only knows people, actor bindings and
//! where each document's objects sit.
//!
//! Peers are bound when a signed-in connection joins and unbound when it
//! closes; a peer nobody is bound to is closed at its first message.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex, RwLock,
        atomic::{AtomicBool, Ordering},
    },
};

use automerge::{Automerge, Change};
use concord_api::notice_of;
use concord_model::{
    ObjectPaths, Person, PersonId, Refusal, RowsTouched, check_applied_with, check_history,
    check_signed_names,
};
use concord_sync::{
    DocumentId, Message, PeerId, RefusalNotice,
    engine::{ChangeBatch, Policy, Verdict},
};

use crate::{
    accounts::WorkspaceCalendar,
    actor_registry::{ActorRegistry, Claim, InMemoryActors},
    clock::now_ms,
    doc_catalog::DocCatalog,
    doc_digests::DocDigests,
    locks::{lock, read, write},
    workspace_today::WorkspaceToday,
};

pub struct AccessPolicy {
    /// The signed-in person behind each connected peer.
    peers: RwLock<HashMap<PeerId, Person>>,
    /// Each Automerge actor (hex) belongs to the person who first used it.
    actors: Arc<dyn ActorRegistry>,
    /// Told of every accepted batch, so document listings stay current.
    catalog: Arc<DocCatalog>,
    /// Judge by a diff of the whole history (`--judge-whole-history`).
    whole_history: AtomicBool,
    /// Where each document's objects sit, learned while judging its
    /// batches: without it, finding a touched object's path scans the
    /// whole document (`ObjectPaths`). Only a hint, so other documents'
    /// are dropped when it grows past `KNOWN_PATHS`.
    paths: Mutex<KnownPaths>,
    /// The workspace's today, by the relay's clock: rules about dates are
    /// judged against it, never against a sender's clock.
    calendar: Arc<dyn WorkspaceToday>,
    /// Told of every accepted batch and the rows it touched, so the task
    /// and message centres' digests stay current without a reread.
    digests: Option<Arc<DocDigests>>,
}

impl Default for AccessPolicy {
    /// With bindings kept in memory only.
    fn default() -> Self {
        Self::new(
            Arc::new(InMemoryActors::default()),
            Arc::new(DocCatalog::default()),
        )
    }
}

impl AccessPolicy {
    /// With actor bindings kept by `actors` (the accounts database, in the
    /// relay), telling `catalog` of accepted batches.
    pub fn new(actors: Arc<dyn ActorRegistry>, catalog: Arc<DocCatalog>) -> Self {
        Self {
            peers: RwLock::default(),
            actors,
            catalog,
            whole_history: AtomicBool::new(false),
            paths: Mutex::default(),
            calendar: Arc::new(WorkspaceCalendar::default()),
            digests: None,
        }
    }

    /// Keeps `digests` up to date with every accepted batch.
    pub fn with_digests(mut self, digests: Arc<DocDigests>) -> Self {
        self.digests = Some(digests);
        self
    }

    /// Judges dates by `calendar` (the accounts' workspace calendar, in
    /// the relay) instead of plain weeks in the default zone.
    pub fn with_calendar(mut self, calendar: Arc<dyn WorkspaceToday>) -> Self {
        self.calendar = calendar;
        self
    }

    /// Judges each batch by a diff of the document's whole history, as the
    /// relay once did, instead of from the batch's own changes: the same
    /// verdicts at a cost that grows with the document. Only for the
    /// benchmark's side-by-side figure.
    pub fn judge_whole_history(&self, on: bool) {
        self.whole_history.store(on, Ordering::Relaxed);
    }

    /// A connection of `person` joined as `peer`.
    pub fn bind_peer(&self, peer: PeerId, person: Person) {
        write(&self.peers).insert(peer, person);
    }

    /// The connection `peer` closed or signed out: its messages are refused
    /// from now on (`admit` closes with "sign in first").
    pub fn unbind_peer(&self, peer: &PeerId) {
        write(&self.peers).remove(peer);
    }

    /// `person` can no longer sign in (their account was disabled): every
    /// peer bound to them is forgotten, so whatever those connections send
    /// next is refused and rooms drop them at the next change they judge.
    /// Their actor ids stay theirs: the history keeps its real authors, and
    /// nobody else may sign with them.
    pub fn unbind_person(&self, person: &PersonId) {
        write(&self.peers).retain(|_, bound| bound.id != *person);
    }

    fn person(&self, peer: &PeerId) -> Option<Person> {
        read(&self.peers).get(peer).cloned()
    }

    /// Claims the actors of `changes` for `who`, returning those newly
    /// bound, or refuses if one belongs to somebody else (then nothing of
    /// this batch stays bound). `unbind` takes them back if the batch is refused.
    fn bind_actors(
        &self,
        who: &PersonId,
        changes: &[Change],
    ) -> Result<Vec<String>, RefusalNotice> {
        let now = now_ms();
        let mut new: Vec<String> = Vec::new();
        for change in changes {
            let actor = change.actor_id().to_hex_string();
            if new.contains(&actor) {
                continue;
            }
            let refusal = match self.actors.claim(&actor, who, now) {
                Claim::New => {
                    new.push(actor);
                    continue;
                }
                Claim::Theirs => continue,
                Claim::Other(owner) => Refusal::ActorOfAnother {
                    owner: owner.to_string(),
                },
                Claim::Unknown(why) => Refusal::ActorsUnchecked { why },
            };
            self.unbind(who, &new);
            return Err(notice_of(&refusal));
        }
        Ok(new)
    }

    fn unbind(&self, who: &PersonId, actors: &[String]) {
        for actor in actors {
            self.actors.release(actor, who);
        }
    }
}

impl Policy for AccessPolicy {
    fn admit(&self, peer: &PeerId, _message: &Message) -> Verdict {
        // Reads and writes are judged per document, in the room; here only
        // whether the connection belongs to anyone at all.
        match self.person(peer) {
            Some(_) => Verdict::Allow,
            None => Verdict::Close("sign in first".into()),
        }
    }

    fn may_read(&self, peer: &PeerId, document_id: &DocumentId, doc: &Automerge) -> bool {
        // Asked for every receiver of every presence message: the card is
        // read once per state of the document, not once per question.
        self.person(peer).is_some_and(|person| {
            self.catalog
                .card(*document_id, doc)
                .is_some_and(|card| card.role_of(&person).is_ok())
        })
    }

    fn check_changes(
        &self,
        peer: &PeerId,
        document_id: &DocumentId,
        batch: &ChangeBatch<'_>,
    ) -> Result<(), RefusalNotice> {
        let person = self
            .person(peer)
            .ok_or_else(|| notice_of(&Refusal::SignedOut))?;
        let today = self
            .calendar
            .today(now_ms())
            .ok_or_else(|| notice_of(&Refusal::NoToday))?;
        check_signed_names(batch.changes, &person.id).map_err(|r| notice_of(&r))?;
        let new = self.bind_actors(&person.id, batch.changes)?;
        let (doc, before, after) = (batch.doc, batch.before, batch.after());
        let verdict = if self.whole_history.load(Ordering::Relaxed) {
            check_history(doc, before, &after, &person, &today).map(|()| RowsTouched::everything())
        } else {
            // Taken out while judging: rooms of other documents judge at
            // the same time, and one document's batches come one by one.
            let mut paths = lock(&self.paths)
                .take(document_id)
                // First batch since the room opened (or since they were
                // forgotten): one walk of the document instead of a scan
                // per object each later batch meets first.
                .unwrap_or_else(|| ObjectPaths::of(doc));
            let verdict = check_applied_with(
                doc,
                before,
                &after,
                batch.changes,
                &person,
                &today,
                &mut paths,
            );
            lock(&self.paths).put(*document_id, paths);
            verdict
        };
        let touched = verdict.map_err(|refusal| {
            self.unbind(&person.id, &new);
            notice_of(&refusal)
        })?;
        self.catalog.update(*document_id, doc);
        if let Some(digests) = &self.digests {
            let zone = self.calendar.zone();
            digests.accepted(
                document_id,
                doc,
                before,
                &touched,
                batch.changes,
                &today,
                &zone,
            );
        }
        Ok(())
    }
}

/// How many objects' places the policy keeps over all documents (beyond
/// the one being judged): each costs about a hundred bytes, and a
/// 2,000-row tracker has some 6,000 objects.
const KNOWN_PATHS: usize = 200_000;

/// `ObjectPaths` by document, at most `KNOWN_PATHS` objects in all.
#[derive(Default)]
struct KnownPaths {
    by_document: HashMap<DocumentId, ObjectPaths>,
    objects: usize,
}

impl KnownPaths {
    fn take(&mut self, document_id: &DocumentId) -> Option<ObjectPaths> {
        let paths = self.by_document.remove(document_id)?;
        self.objects = self.objects.saturating_sub(paths.len());
        Some(paths)
    }

    /// Keeps `paths`; past the cap, the other documents' are forgotten
    /// (their next batch walks its document once more), never those of the
    /// document being judged, which would then be walked at every batch.
    fn put(&mut self, document_id: DocumentId, paths: ObjectPaths) {
        if self.objects + paths.len() > KNOWN_PATHS {
            self.by_document.clear();
            self.objects = 0;
        }
        self.objects += paths.len();
        self.by_document.insert(document_id, paths);
    }
}

#[cfg(test)]
#[path = "access_policy_tests.rs"]
mod tests;
