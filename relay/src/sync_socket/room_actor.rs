use std::{
    collections::HashMap,
    sync::{Arc, atomic::AtomicI64},
    time::Duration,
};

use concord_sync::{
    DocumentId, PeerId,
    engine::hub::{Room, RoomInput, RoomOutput},
};
use tokio::{sync::mpsc, time::Instant};

use super::{
    close::Close, outbound::PeerLink, room_feed::carries_changes, rooms::RoomTap,
    sync_service::SyncService,
};
use crate::{
    cluster::FromOthers,
    store::{LoadedDoc, LockedDoc},
};

/// Inputs applied before one tick at most, so peers that keep sending
/// cannot put off everyone's answers indefinitely.
const MAX_INPUTS_PER_TICK: usize = 1024;

/// An input for a room from one connection (`conn` tells connections of the
/// same peer id apart), with the way back to that connection.
pub(crate) struct ToRoom {
    pub conn: u64,
    pub link: PeerLink,
    pub input: RoomInput,
}

/// One open document: runs the engine's [`Room`], commits what it must store
/// through the group committer, and only then delivers what follows.
///
/// The room's own work (applying changes, the policy's judgement with its
/// actor claims in the accounts database, generating sync messages) runs on
/// tokio's blocking pool, one batch of inputs at a time: a large document or
/// a slow disk holds up this document's peers only, never another
/// connection's socket.
pub(crate) struct RoomActor {
    pub(super) service: SyncService,
    pub(super) document_id: DocumentId,
    inbox: mpsc::Receiver<ToRoom>,
    /// What other relays wrote (only when relays share a database).
    others: mpsc::Receiver<FromOthers>,
    /// The document's sequence number the room holds everything up to.
    pub(super) held: Arc<AtomicI64>,
    /// Away on the blocking pool while it works; `None` only if it panicked there.
    pub(super) room: Option<Box<Room>>,
    links: HashMap<PeerId, (u64, PeerLink)>,
}

/// What a room waits for.
enum Event {
    Peer(ToRoom),
    Others(FromOthers),
    /// No peer and nothing to store for the idle time: unload.
    Idle,
    /// Every sender is gone.
    Closed,
}

impl RoomActor {
    pub fn new(
        service: SyncService,
        document_id: DocumentId,
        inbox: mpsc::Receiver<ToRoom>,
        tap: RoomTap,
    ) -> Self {
        let mut room = Room::new(
            document_id,
            service.peer_id().clone(),
            service.engine_limits(),
            service.policy().clone(),
        );
        // The store's compactor folds chunks into snapshots in the background.
        room.set_compact_floor(usize::MAX);
        Self {
            service,
            document_id,
            inbox,
            others: tap.others,
            held: tap.held,
            room: Some(Box::new(room)),
            links: HashMap::new(),
        }
    }

    pub async fn run(mut self) {
        if !self.load().await {
            return self.stop().await;
        }
        let tick_every = Duration::from_millis(self.service.limits().room_tick_ms);
        let mut last_tick = Instant::now()
            .checked_sub(tick_every)
            .unwrap_or_else(Instant::now);
        loop {
            let idle = self.room.as_ref().is_some_and(|room| room.is_idle());
            let first = match self.next_event(idle).await {
                Event::Peer(first) => first,
                // Nobody here needs what others wrote: a later room loads it.
                Event::Others(_) if idle => return self.unload().await,
                Event::Others(news) => {
                    if !self.hear(news).await {
                        return self.stop().await;
                    }
                    continue;
                }
                Event::Idle => return self.unload().await,
                Event::Closed => return,
            };
            // A busy room answers at most once per tick interval: what
            // arrives meanwhile (and while the last commit was on disk) is
            // applied together, then one tick stores it once and answers
            // each peer once. Presence is not held back.
            if !matches!(first.input, RoomInput::Ephemeral { .. }) {
                tokio::time::sleep_until(last_tick + tick_every).await;
            }
            let mut inputs = self.accept(first);
            for _ in 1..MAX_INPUTS_PER_TICK {
                let Ok(next) = self.inbox.try_recv() else {
                    break;
                };
                inputs.extend(self.accept(next));
            }
            inputs.push(RoomInput::Tick);
            // Relays sharing a database: the batch is judged under the
            // document's lock, against the document caught up with what
            // others wrote, so two relays never judge against stale copies.
            let locked = if self.service.doc_log().is_some() && carries_changes(&inputs) {
                match self.lock_and_catch_up().await {
                    Some(locked) => Some(locked),
                    None => return self.stop().await,
                }
            } else {
                None
            };
            let started = Instant::now();
            let Some((outputs, ticked)) = self.apply(inputs).await else {
                return self.stop().await;
            };
            if ticked {
                last_tick = started;
            }
            if !self.carry_out(outputs, locked).await {
                return self.stop().await;
            }
        }
    }

    async fn next_event(&mut self, idle: bool) -> Event {
        let inbox = &mut self.inbox;
        let others = &mut self.others;
        let next = async {
            tokio::select! {
                message = inbox.recv() => message.map_or(Event::Closed, Event::Peer),
                Some(news) = others.recv() => Event::Others(news),
            }
        };
        if !idle {
            return next.await;
        }
        let unload_after = Duration::from_secs(self.service.limits().room_idle_secs);
        tokio::time::timeout(unload_after, next)
            .await
            .unwrap_or(Event::Idle)
    }

    /// Hands `inputs` to the room on the blocking pool, with whether that
    /// was a tick that did work; `None` if the room panicked (it is gone,
    /// and this actor stops). Presence and leaving peers, when nothing else
    /// waits for a tick, are carried out here: they only forward or forget,
    /// and presence goes out as it comes rather than in bursts a reader's
    /// queue would have to absorb.
    pub(super) async fn apply(
        &mut self,
        inputs: Vec<RoomInput>,
    ) -> Option<(Vec<RoomOutput>, bool)> {
        let room = self.room.as_mut()?;
        let light = inputs.iter().all(|input| {
            matches!(
                input,
                RoomInput::Ephemeral { .. } | RoomInput::PeerLeft { .. } | RoomInput::Tick
            )
        });
        if light && !room.needs_tick() {
            let outputs = inputs.into_iter().flat_map(|i| room.handle(i)).collect();
            return Some((outputs, false));
        }
        let mut room = self.room.take()?;
        let worked = tokio::task::spawn_blocking(move || {
            let mut outputs = Vec::new();
            for input in inputs {
                outputs.extend(room.handle(input));
            }
            (room, outputs)
        })
        .await;
        match worked {
            Ok((room, outputs)) => {
                self.room = Some(room);
                Some((outputs, true))
            }
            Err(error) => {
                tracing::error!(document_id = %self.document_id, %error, "the room stopped working");
                None
            }
        }
    }

    async fn load(&mut self) -> bool {
        let document_id = self.document_id;
        let stored = match self.service.doc_log() {
            Some(log) => match log.load(document_id).await {
                Ok((stored, seq)) => {
                    self.set_held(seq);
                    Ok(Ok(stored))
                }
                Err(error) => Ok(Err(error)),
            },
            None => {
                let store = self.service.store().clone();
                tokio::task::spawn_blocking(move || store.load(&document_id)).await
            }
        };
        let input = match stored {
            Ok(Ok(Some(stored))) => {
                let loaded = LoadedDoc::from_stored(&stored);
                for (part, error) in &loaded.damaged {
                    tracing::error!(%document_id, ?part, %error, "a stored part of the document is damaged; serving the rest");
                }
                let mut chunks = Vec::with_capacity(stored.chunks.len() + 1);
                if let Some(snapshot) = stored.snapshot.filter(|_| {
                    !loaded
                        .damaged
                        .iter()
                        .any(|(part, _)| *part == crate::store::DamagedPart::Snapshot)
                }) {
                    chunks.push(snapshot);
                }
                chunks.extend(
                    stored
                        .chunks
                        .into_iter()
                        .filter(|chunk| loaded.loaded.contains(&chunk.seq))
                        .map(|chunk| chunk.data),
                );
                RoomInput::Loaded { chunks }
            }
            Ok(Ok(None)) => RoomInput::NotFound,
            Ok(Err(error)) => {
                tracing::error!(%document_id, %error, "cannot load a document");
                return false;
            }
            Err(error) => {
                tracing::error!(%document_id, %error, "loading a document stopped");
                return false;
            }
        };
        let Some((outputs, _)) = self.apply(vec![input]).await else {
            return false;
        };
        self.carry_out(outputs, None).await
    }

    /// The room's inputs for one message, keeping track of where its peer is.
    fn accept(&mut self, message: ToRoom) -> Vec<RoomInput> {
        let ToRoom { conn, link, input } = message;
        let Some(peer) = peer_of(&input).cloned() else {
            return vec![input];
        };
        let mut inputs = Vec::new();
        match self.links.get(&peer) {
            // A connection that is gone speaks no more for a peer id that reconnected.
            Some((known, _)) if *known != conn && matches!(input, RoomInput::PeerLeft { .. }) => {
                return inputs;
            }
            // The same peer id on a new connection starts its sync afresh.
            Some((known, _)) if *known != conn => {
                inputs.push(RoomInput::PeerLeft { peer: peer.clone() });
            }
            _ => {}
        }
        if matches!(input, RoomInput::PeerLeft { .. }) {
            self.links.remove(&peer);
        } else {
            self.links.insert(peer, (conn, link));
        }
        inputs.push(input);
        inputs
    }

    /// Carries out the room's outputs in order; `false` if the room must
    /// stop. `locked`: the document's lock this tick holds, which the
    /// store commits through and which is let go of by the end.
    pub(super) async fn carry_out(
        &mut self,
        outputs: Vec<RoomOutput>,
        mut locked: Option<LockedDoc>,
    ) -> bool {
        for output in outputs {
            match output {
                // With compaction left to the store, `Compact` only comes if
                // the engine decides otherwise; a full save appended is as safe.
                RoomOutput::Store { chunk } | RoomOutput::Compact { snapshot: chunk } => {
                    let stored = match self.service.doc_log() {
                        Some(_) => self.store_shared(chunk, locked.take()).await,
                        None => self
                            .service
                            .commit()
                            .append(self.document_id, chunk)
                            .await
                            .map(drop)
                            .map_err(|error| error.to_string()),
                    };
                    if let Err(error) = stored {
                        tracing::error!(document_id = %self.document_id, %error, "changes not stored; the room stops");
                        return false;
                    }
                }
                RoomOutput::Send { to, message } => {
                    if let Some((_, link)) = self.links.get(&to) {
                        link.send(message.encode());
                    }
                }
                RoomOutput::Refused {
                    peer,
                    document_id,
                    reason,
                } => {
                    if let Some((_, link)) = self.links.remove(&peer) {
                        let relay = self.service.peer_id().clone();
                        link.send(reason.error_frame(relay, peer, document_id).encode());
                        link.close(Close::policy(format!("document {document_id}: {reason}")));
                    }
                }
                RoomOutput::Failed { reason } => {
                    tracing::error!(document_id = %self.document_id, %reason, "the room failed; it answers doc-unavailable until unloaded");
                }
            }
        }
        if let Some(unused) = locked
            && let Err(error) = unused.commit(None).await
        {
            tracing::warn!(document_id = %self.document_id, %error, "letting go of the document's lock failed");
        }
        true
    }

    /// Hands what reached the inbox meanwhile to the room that replaces this one.
    async fn unload(mut self) {
        self.service
            .rooms()
            .remove(&self.document_id, &mut self.inbox);
        while let Some(message) = self.inbox.recv().await {
            self.service
                .rooms()
                .route(&self.service, self.document_id, message)
                .await;
        }
    }

    /// Ends every peer's connection (they resync on reconnect) and forgets the room.
    async fn stop(mut self) {
        self.service
            .rooms()
            .remove(&self.document_id, &mut self.inbox);
        for (_, (_, link)) in self.links.drain() {
            link.close(Close::internal(
                "the relay could not store this document; reconnect",
            ));
        }
        while let Some(message) = self.inbox.recv().await {
            if !matches!(message.input, RoomInput::PeerLeft { .. }) {
                message.link.close(Close::internal(
                    "the relay could not store this document; reconnect",
                ));
            }
        }
    }
}

fn peer_of(input: &RoomInput) -> Option<&PeerId> {
    match input {
        RoomInput::Request { peer, .. }
        | RoomInput::Sync { peer, .. }
        | RoomInput::Ephemeral { peer, .. }
        | RoomInput::PeerLeft { peer } => Some(peer),
        RoomInput::Loaded { .. } | RoomInput::NotFound | RoomInput::Tick => None,
    }
}
