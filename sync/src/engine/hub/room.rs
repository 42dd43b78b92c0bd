use std::{
    collections::{BTreeMap, HashMap},
    sync::Arc,
};

use automerge::{
    Automerge, Change, ChangeHash,
    sync::{self, SyncDoc},
};

use super::{
    change_chunks,
    peer_sync::PeerSync,
    room_io::{RoomInput, RoomOutput},
    stored_state::StoredState,
    sync_shortcut,
};
use crate::{
    DocumentId, Message, PeerId, RefusalNotice,
    engine::{ChangeBatch, Limits, Policy, decode_sync_message, exact_have},
};

/// Peer inputs a loading room holds; past this a peer's input is refused, so a
/// slow storage read cannot be turned into unbounded memory.
pub const MAX_QUEUED_WHILE_LOADING: usize = 1_024;

/// One open document on the relay: the document, one sync state per peer in
/// the room, and what is stored of it. Sans-IO: [`Room::handle`] takes one
/// input and returns the outputs, in the order they must take effect.
pub struct Room {
    document_id: DocumentId,
    relay_id: PeerId,
    limits: Limits,
    policy: Arc<dyn Policy>,
    phase: Phase,
    doc: Automerge,
    peers: BTreeMap<PeerId, PeerSync>,
    stored: StoredState,
    /// Heads at the end of the last tick: peers hear of a change once.
    ticked_heads: Vec<ChangeHash>,
}

enum Phase {
    /// Waiting for storage's answer; peer inputs wait with it.
    Loading(Vec<RoomInput>),
    Ready,
    /// Nothing is served or stored any more (see [`RoomOutput::Failed`]).
    Failed,
}

impl Room {
    /// A room that waits for [`RoomInput::Loaded`] or [`RoomInput::NotFound`].
    pub fn new(
        document_id: DocumentId,
        relay_id: PeerId,
        limits: Limits,
        policy: Arc<dyn Policy>,
    ) -> Self {
        Self {
            document_id,
            relay_id,
            limits,
            policy,
            phase: Phase::Loading(Vec::new()),
            doc: Automerge::new(),
            peers: BTreeMap::new(),
            stored: StoredState::new(),
            ticked_heads: Vec::new(),
        }
    }

    /// Sets the incremental bytes below which no `Compact` is asked for
    /// (above it, once they outgrow the last snapshot).
    pub fn set_compact_floor(&mut self, bytes: usize) {
        self.stored.set_compact_floor(bytes);
    }

    pub fn document_id(&self) -> DocumentId {
        self.document_id
    }

    /// The document as the room holds it, including changes not stored yet.
    pub fn doc(&self) -> &Automerge {
        &self.doc
    }

    /// A full snapshot of the document, for storage that compacts on its own schedule.
    pub fn snapshot(&self) -> Vec<u8> {
        self.doc.save()
    }

    /// Peers currently syncing this document.
    pub fn peer_count(&self) -> usize {
        self.peers.len()
    }

    /// No peer is left and everything is stored: the relay may drop the room.
    pub fn is_idle(&self) -> bool {
        self.peers.is_empty()
            && (matches!(self.phase, Phase::Failed) || self.stored.heads() == self.doc.get_heads())
    }

    /// Whether a tick would do anything now: store, or answer some peer.
    /// Forwarding presence (`Ephemeral`) and peers leaving never make one
    /// needed, so an adapter may carry those out without a tick.
    pub fn needs_tick(&self) -> bool {
        if !matches!(self.phase, Phase::Ready) {
            return false;
        }
        let heads = self.doc.get_heads();
        heads != self.ticked_heads
            || heads != self.stored.heads()
            || self.peers.values().any(|slot| slot.dirty)
    }

    /// Bytes the document takes in storage once what is pending is stored.
    pub fn document_bytes(&self) -> usize {
        self.stored.document_bytes()
    }

    /// Applies one input. The outputs are in the order they must take effect.
    pub fn handle(&mut self, input: RoomInput) -> Vec<RoomOutput> {
        let mut out = Vec::new();
        self.apply(input, &mut out);
        out
    }

    /// The same as `handle(RoomInput::Tick)`.
    pub fn tick(&mut self) -> Vec<RoomOutput> {
        self.handle(RoomInput::Tick)
    }

    fn apply(&mut self, input: RoomInput, out: &mut Vec<RoomOutput>) {
        if let Phase::Loading(queued) = &mut self.phase {
            match input {
                RoomInput::Loaded { chunks } => {
                    let queued = std::mem::take(queued);
                    self.load(&chunks, out);
                    self.replay(queued, out);
                }
                RoomInput::NotFound => {
                    let queued = std::mem::take(queued);
                    self.phase = Phase::Ready;
                    self.replay(queued, out);
                }
                RoomInput::PeerLeft { peer } => {
                    queued.retain(|queued| queued_peer(queued) != Some(&peer))
                }
                // Ephemeral data is only worth forwarding now, and nobody is here yet.
                RoomInput::Ephemeral { .. } | RoomInput::Tick => {}
                RoomInput::Request { peer, .. } | RoomInput::Sync { peer, .. }
                    if queued.len() >= MAX_QUEUED_WHILE_LOADING =>
                {
                    queued.retain(|queued| queued_peer(queued) != Some(&peer));
                    self.refuse(peer, RefusalNotice::too_busy(), out);
                }
                other => queued.push(other),
            }
            return;
        }
        match input {
            RoomInput::Loaded { .. } | RoomInput::NotFound => {}
            RoomInput::Request { peer, data } => self.receive(peer, &data, true, out),
            RoomInput::Sync { peer, data } => self.receive(peer, &data, false, out),
            RoomInput::Ephemeral {
                peer,
                session_id,
                count,
                data,
            } => self.forward_ephemeral(&peer, session_id, count, data, out),
            RoomInput::PeerLeft { peer } => {
                self.peers.remove(&peer);
            }
            RoomInput::Tick => self.on_tick(out),
        }
    }

    fn replay(&mut self, queued: Vec<RoomInput>, out: &mut Vec<RoomOutput>) {
        for input in queued {
            self.apply(input, out);
        }
    }

    fn load(&mut self, chunks: &[Vec<u8>], out: &mut Vec<RoomOutput>) {
        let mut doc = Automerge::new();
        for chunk in chunks {
            if let Err(e) = doc.load_incremental(chunk) {
                self.fail(format!("stored document does not load: {e}"), out);
                return;
            }
        }
        self.doc = doc;
        self.ticked_heads = self.doc.get_heads();
        let bytes = chunks.iter().map(Vec::len).sum();
        self.stored.loaded(self.ticked_heads.clone(), bytes);
        self.phase = Phase::Ready;
    }

    fn fail(&mut self, reason: String, out: &mut Vec<RoomOutput>) {
        self.phase = Phase::Failed;
        out.push(RoomOutput::Failed { reason });
    }

    fn receive(&mut self, peer: PeerId, data: &[u8], is_request: bool, out: &mut Vec<RoomOutput>) {
        if matches!(self.phase, Phase::Failed) {
            out.push(self.unavailable(&peer));
            return;
        }
        // An existing document the peer may not read looks missing; a new
        // one is judged by `check_changes` as its creation.
        if !self.doc.is_empty() && !self.policy.may_read(&peer, &self.document_id, &self.doc) {
            self.peers.remove(&peer);
            out.push(self.unavailable(&peer));
            return;
        }
        let message = match decode_sync_message(data) {
            Ok(message) => message,
            Err(e) => return self.refuse(peer, RefusalNotice::malformed_changes(e), out),
        };
        let incoming: usize = message.changes.iter().map(<[u8]>::len).sum();
        if incoming > 0
            && self.document_bytes().saturating_add(incoming) > self.limits.max_document_bytes
        {
            let reason = RefusalNotice::document_too_large(self.limits.max_document_bytes);
            return self.refuse(peer, reason, out);
        }
        let before = self.doc.get_heads();
        // The changes as the peer sent them, less those the document has:
        // judging and storing them then costs the batch, not the document.
        let fresh = change_chunks::changes_in(&message.changes)
            .and_then(|sent| change_chunks::fresh(&self.doc, sent));
        // A message with no changes whose heads are the document's is taken
        // by automerge as the peer knowing those heads: automerge answers
        // every message before the next. A room answers once per tick, so
        // when this tick has already changed the document (the peer's own
        // earlier message, another peer's, what other relays wrote) the
        // peer has not heard of its heads yet and must still be answered,
        // or it never learns the room has its change.
        let unannounced = before != self.ticked_heads;
        let slot = self.peers.entry(peer.clone()).or_default();
        let told = unannounced.then(|| slot.state.last_sent_heads.clone());
        if let Err(e) =
            sync_shortcut::receive(&mut self.doc, &mut slot.state, message, fresh.as_deref())
        {
            return self.refuse_and_roll_back(
                peer,
                &before,
                RefusalNotice::changes_do_not_apply(e),
                out,
            );
        }
        if let Some(told) = told {
            slot.state.last_sent_heads = told;
        }
        slot.dirty = true;
        if self.doc.get_heads() != before {
            let batch = self.batch_since(&before, fresh);
            if self.policy.inspects_changes() {
                let judged = ChangeBatch {
                    doc: &self.doc,
                    before: &before,
                    changes: &batch,
                };
                if let Err(refusal) = self.policy.check_changes(&peer, &self.document_id, &judged) {
                    return self.refuse_and_roll_back(peer, &before, refusal, out);
                }
            }
            self.stored.accepted(incoming, &batch);
            self.drop_those_who_may_not_read(out);
        }
        if is_request && self.doc.get_heads().is_empty() {
            if let Some(slot) = self.peers.get_mut(&peer) {
                slot.waiting = true;
            }
            out.push(self.unavailable(&peer));
        }
    }

    /// The changes the document gained since `before`: `fresh` (the sent
    /// changes it lacked, nothing else waiting) where every one of them
    /// applied, else asked of the document (a change held back until its
    /// dependencies arrive, changes sent as a whole document). Listing what
    /// `before` does not cover would compute its clock, a walk that grows
    /// with the history.
    fn batch_since(&self, before: &[ChangeHash], fresh: Option<Vec<Change>>) -> Vec<Change> {
        match fresh {
            Some(fresh)
                if fresh
                    .iter()
                    .all(|change| sync_shortcut::has_change(&self.doc, &change.hash())) =>
            {
                // Test builds check every batch against the document's own.
                #[cfg(test)]
                assert_eq!(
                    fresh
                        .iter()
                        .map(Change::hash)
                        .collect::<std::collections::HashSet<_>>(),
                    self.doc
                        .get_changes_meta(before)
                        .iter()
                        .map(|meta| meta.hash)
                        .collect::<std::collections::HashSet<_>>(),
                    "batch"
                );
                fresh
            }
            _ => self.doc.get_changes(before),
        }
    }

    /// After changes that may have taken someone's access away: such peers
    /// are told the document is unavailable and leave the room before the
    /// next tick could send them anything of it.
    fn drop_those_who_may_not_read(&mut self, out: &mut Vec<RoomOutput>) {
        let gone: Vec<PeerId> = self
            .peers
            .keys()
            .filter(|peer| !self.policy.may_read(peer, &self.document_id, &self.doc))
            .cloned()
            .collect();
        for peer in gone {
            self.peers.remove(&peer);
            out.push(self.unavailable(&peer));
        }
    }

    fn unavailable(&self, peer: &PeerId) -> RoomOutput {
        RoomOutput::Send {
            to: peer.clone(),
            message: Message::DocUnavailable {
                sender_id: self.relay_id.clone(),
                target_id: peer.clone(),
                document_id: self.document_id,
            },
        }
    }

    fn refuse(&mut self, peer: PeerId, reason: RefusalNotice, out: &mut Vec<RoomOutput>) {
        self.peers.remove(&peer);
        out.push(RoomOutput::Refused {
            peer,
            document_id: self.document_id,
            reason,
        });
    }

    /// Takes the document back to `before`: nothing has been stored or sent
    /// since, because stores and sends only happen on a tick.
    fn refuse_and_roll_back(
        &mut self,
        peer: PeerId,
        before: &[ChangeHash],
        reason: RefusalNotice,
        out: &mut Vec<RoomOutput>,
    ) {
        if self.doc.get_heads() != before {
            match self.doc.fork_at(before) {
                Ok(doc) => self.doc = doc,
                Err(e) => self.fail(format!("cannot undo refused changes: {e}"), out),
            }
        }
        self.refuse(peer, reason, out);
    }

    fn forward_ephemeral(
        &self,
        from: &PeerId,
        session_id: String,
        count: u64,
        data: Vec<u8>,
        out: &mut Vec<RoomOutput>,
    ) {
        // Asked afresh for sender and each receiver: access may have ended
        // (an account disabled) since they joined, without any change to
        // the document that would have made the room look again.
        let may_read = |peer: &PeerId| self.policy.may_read(peer, &self.document_id, &self.doc);
        if !self.peers.contains_key(from) || !may_read(from) {
            return;
        }
        for to in self.peers.keys().filter(|to| *to != from && may_read(to)) {
            out.push(RoomOutput::Send {
                to: to.clone(),
                message: Message::Ephemeral {
                    sender_id: from.clone(),
                    target_id: to.clone(),
                    document_id: self.document_id,
                    session_id: session_id.clone(),
                    count,
                    data: data.clone(),
                },
            });
        }
    }

    fn on_tick(&mut self, out: &mut Vec<RoomOutput>) {
        if !matches!(self.phase, Phase::Ready) {
            return;
        }
        let heads = self.doc.get_heads();
        out.extend(self.stored.store(&self.doc));
        let changed = heads != self.ticked_heads;
        // Peers in the same sync state get the same message: it is generated
        // once per distinct state, not once per peer. In a busy room most
        // peers are in sync and share one state, so an edit costs one
        // `generate_sync_message` however many peers are watching.
        let mut due = Vec::new();
        for (peer, slot) in &mut self.peers {
            if !(slot.dirty || changed) {
                continue;
            }
            slot.dirty = false;
            let doc = &self.doc;
            exact_have(&mut slot.state, |hash| sync_shortcut::has_change(doc, hash));
            if slot.waiting {
                if heads.is_empty() {
                    continue;
                }
                slot.waiting = false;
            }
            // Most peers of a busy room only acknowledged what they were
            // sent; proving they need no answer is far cheaper than asking.
            if sync_shortcut::stays_quiet(&self.doc, &heads, &slot.state) {
                continue;
            }
            due.push(peer.clone());
        }
        let mut group_of: HashMap<&sync::State, usize> = HashMap::new();
        let mut groups: Vec<Vec<PeerId>> = Vec::new();
        for peer in due {
            let Some(slot) = self.peers.get(&peer) else {
                continue;
            };
            let group = *group_of.entry(&slot.state).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[group].push(peer);
        }
        drop(group_of);
        for peers in groups {
            let Some(mut state) = peers
                .first()
                .and_then(|first| self.peers.get(first))
                .map(|slot| slot.state.clone())
            else {
                continue;
            };
            let data = self
                .doc
                .generate_sync_message(&mut state)
                .map(sync::Message::encode);
            for peer in peers {
                if let Some(data) = &data {
                    out.push(RoomOutput::Send {
                        to: peer.clone(),
                        message: Message::Sync {
                            sender_id: self.relay_id.clone(),
                            target_id: peer.clone(),
                            document_id: self.document_id,
                            data: data.clone(),
                        },
                    });
                }
                if let Some(slot) = self.peers.get_mut(&peer) {
                    slot.state.clone_from(&state);
                }
            }
        }
        self.ticked_heads = heads;
    }
}

fn queued_peer(input: &RoomInput) -> Option<&PeerId> {
    match input {
        RoomInput::Request { peer, .. }
        | RoomInput::Sync { peer, .. }
        | RoomInput::Ephemeral { peer, .. }
        | RoomInput::PeerLeft { peer } => Some(peer),
        RoomInput::Loaded { .. } | RoomInput::NotFound | RoomInput::Tick => None,
    }
}

#[cfg(test)]
#[path = "room_tests.rs"]
mod tests;
