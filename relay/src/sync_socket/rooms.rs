use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicI64, Ordering},
    },
};

use concord_sync::DocumentId;
use tokio::sync::mpsc;

use super::{room_actor::RoomActor, room_actor::ToRoom, sync_service::SyncService};
use crate::{cluster::FromOthers, store::ChunkSeq};

/// Inputs waiting for one room; a full queue makes the connections feeding it
/// wait, so a busy document slows only its own writers.
const ROOM_QUEUE: usize = 1024;
/// News from other relays waiting for one room. Each one only says "catch
/// up", so when the queue is full the news is dropped: the room reads all
/// it lacks when it gets to the news already queued, or at the next check.
const OTHERS_QUEUE: usize = 16;

/// The open documents: one actor task per document, found by id.
#[derive(Default)]
pub(crate) struct Rooms {
    open: Mutex<HashMap<DocumentId, OpenRoom>>,
}

struct OpenRoom {
    inbox: mpsc::Sender<ToRoom>,
    others: mpsc::Sender<FromOthers>,
    /// The sequence number of the document the room holds everything up
    /// to, when relays share a database (0 otherwise).
    held: Arc<AtomicI64>,
}

/// What a room actor is given besides its inbox.
pub(crate) struct RoomTap {
    pub others: mpsc::Receiver<FromOthers>,
    pub held: Arc<AtomicI64>,
}

impl Rooms {
    /// Hands `message` to the document's room, opening the room if needed.
    pub async fn route(&self, service: &SyncService, document_id: DocumentId, message: ToRoom) {
        let mut message = message;
        // A room that unloads itself between the lookup and the send hands
        // the message back; the retry opens a fresh room.
        for _ in 0..3 {
            let room = self.sender(service, document_id);
            match room.send(message).await {
                Ok(()) => return,
                Err(mpsc::error::SendError(returned)) => message = returned,
            }
        }
        tracing::error!(%document_id, "a room kept closing while a message was routed to it");
    }

    fn sender(&self, service: &SyncService, document_id: DocumentId) -> mpsc::Sender<ToRoom> {
        let mut open = self.lock();
        if let Some(room) = open
            .get(&document_id)
            .filter(|room| !room.inbox.is_closed())
        {
            return room.inbox.clone();
        }
        let (sender, inbox) = mpsc::channel(ROOM_QUEUE);
        let (others, from_others) = mpsc::channel(OTHERS_QUEUE);
        let held = Arc::new(AtomicI64::new(0));
        open.insert(
            document_id,
            OpenRoom {
                inbox: sender.clone(),
                others,
                held: held.clone(),
            },
        );
        let tap = RoomTap {
            others: from_others,
            held,
        };
        tokio::spawn(RoomActor::new(service.clone(), document_id, inbox, tap).run());
        sender
    }

    /// Every open room's document, with the sequence number it holds.
    pub fn held_seqs(&self) -> Vec<(DocumentId, ChunkSeq)> {
        self.lock()
            .iter()
            .map(|(doc, room)| (*doc, room.held.load(Ordering::Acquire)))
            .collect()
    }

    /// Passes news from other relays to the document's room, if one is open.
    pub fn tell(&self, document_id: &DocumentId, news: FromOthers) {
        if let Some(room) = self.lock().get(document_id) {
            // A full queue already holds news that makes the room catch up.
            let _ = room.others.try_send(news);
        }
    }

    /// Forgets a room and closes its inbox, both under the lock, so every
    /// later message opens a new room; what is already in the inbox stays for
    /// the old room to pass on or refuse.
    pub fn remove(&self, document_id: &DocumentId, inbox: &mut mpsc::Receiver<ToRoom>) {
        let mut open = self.lock();
        open.remove(document_id);
        inbox.close();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<DocumentId, OpenRoom>> {
        // Nothing holding this lock can panic halfway through a change to the map.
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
