use std::{collections::HashMap, time::Duration};

use concord_sync::{
    DocumentId, PeerId,
    engine::hub::{Room, RoomInput, RoomOutput},
};
use tokio::sync::mpsc;

use super::{close::Close, hub::Hub, outbound::PeerLink};
use crate::store::LoadedDoc;

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
pub(crate) struct RoomActor {
    hub: Hub,
    document_id: DocumentId,
    inbox: mpsc::Receiver<ToRoom>,
    room: Room,
    links: HashMap<PeerId, (u64, PeerLink)>,
}

impl RoomActor {
    pub fn new(hub: Hub, document_id: DocumentId, inbox: mpsc::Receiver<ToRoom>) -> Self {
        let mut room = Room::new(
            document_id,
            hub.peer_id().clone(),
            hub.engine_limits(),
            hub.policy().clone(),
        );
        // The store's compactor folds chunks into snapshots in the background.
        room.set_compact_floor(usize::MAX);
        Self {
            hub,
            document_id,
            inbox,
            room,
            links: HashMap::new(),
        }
    }

    pub async fn run(mut self) {
        if !self.load().await {
            return self.stop().await;
        }
        loop {
            let first = if self.room.is_idle() {
                let unload_after = Duration::from_secs(self.hub.limits().room_idle_secs);
                match tokio::time::timeout(unload_after, self.inbox.recv()).await {
                    Ok(first) => first,
                    Err(_) => return self.unload().await,
                }
            } else {
                self.inbox.recv().await
            };
            let Some(first) = first else { return };
            // Everything that arrived while the last commit was on disk is
            // applied together, then one tick stores it once and answers each peer once.
            let mut outputs = self.accept(first);
            for _ in 1..MAX_INPUTS_PER_TICK {
                let Ok(next) = self.inbox.try_recv() else {
                    break;
                };
                outputs.extend(self.accept(next));
            }
            outputs.extend(self.room.tick());
            if !self.carry_out(outputs).await {
                return self.stop().await;
            }
        }
    }

    async fn load(&mut self) -> bool {
        let store = self.hub.store().clone();
        let document_id = self.document_id;
        let stored = tokio::task::spawn_blocking(move || store.load(&document_id)).await;
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
        let outputs = self.room.handle(input);
        self.carry_out(outputs).await
    }

    /// Feeds one input to the room, keeping track of where its peer is.
    fn accept(&mut self, message: ToRoom) -> Vec<RoomOutput> {
        let ToRoom { conn, link, input } = message;
        let Some(peer) = peer_of(&input).cloned() else {
            return self.room.handle(input);
        };
        let mut outputs = Vec::new();
        match self.links.get(&peer) {
            // A connection that is gone speaks no more for a peer id that reconnected.
            Some((known, _)) if *known != conn && matches!(input, RoomInput::PeerLeft { .. }) => {
                return outputs;
            }
            // The same peer id on a new connection starts its sync afresh.
            Some((known, _)) if *known != conn => {
                outputs.extend(self.room.handle(RoomInput::PeerLeft { peer: peer.clone() }));
            }
            _ => {}
        }
        if matches!(input, RoomInput::PeerLeft { .. }) {
            self.links.remove(&peer);
        } else {
            self.links.insert(peer, (conn, link));
        }
        outputs.extend(self.room.handle(input));
        outputs
    }

    /// Carries out the room's outputs in order; `false` if the room must stop.
    async fn carry_out(&mut self, outputs: Vec<RoomOutput>) -> bool {
        for output in outputs {
            match output {
                // With compaction left to the store, `Compact` only comes if
                // the engine decides otherwise; a full save appended is as safe.
                RoomOutput::Store { chunk } | RoomOutput::Compact { snapshot: chunk } => {
                    if let Err(error) = self.hub.commit().append(self.document_id, chunk).await {
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
                        let relay = self.hub.peer_id().clone();
                        link.send(reason.error_frame(relay, peer, document_id).encode());
                        link.close(Close::policy(format!("document {document_id}: {reason}")));
                    }
                }
                RoomOutput::Failed { reason } => {
                    tracing::error!(document_id = %self.document_id, %reason, "the room failed; it answers doc-unavailable until unloaded");
                }
            }
        }
        true
    }

    /// Hands what reached the inbox meanwhile to the room that replaces this one.
    async fn unload(mut self) {
        self.hub.rooms().remove(&self.document_id, &mut self.inbox);
        while let Some(message) = self.inbox.recv().await {
            self.hub
                .rooms()
                .route(&self.hub, self.document_id, message)
                .await;
        }
    }

    /// Ends every peer's connection (they resync on reconnect) and forgets the room.
    async fn stop(mut self) {
        self.hub.rooms().remove(&self.document_id, &mut self.inbox);
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
