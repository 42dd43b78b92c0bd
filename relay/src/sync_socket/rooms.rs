use std::{collections::HashMap, sync::Mutex};

use concord_sync::DocumentId;
use tokio::sync::mpsc;

use super::{room_actor::RoomActor, room_actor::ToRoom, sync_service::SyncService};

/// Inputs waiting for one room; a full queue makes the connections feeding it
/// wait, so a busy document slows only its own writers.
const ROOM_QUEUE: usize = 1024;

/// The open documents: one actor task per document, found by id.
#[derive(Default)]
pub(crate) struct Rooms {
    open: Mutex<HashMap<DocumentId, mpsc::Sender<ToRoom>>>,
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
        if let Some(room) = open.get(&document_id).filter(|room| !room.is_closed()) {
            return room.clone();
        }
        let (sender, inbox) = mpsc::channel(ROOM_QUEUE);
        open.insert(document_id, sender.clone());
        tokio::spawn(RoomActor::new(service.clone(), document_id, inbox).run());
        sender
    }

    /// Forgets a room and closes its inbox, both under the lock, so every
    /// later message opens a new room; what is already in the inbox stays for
    /// the old room to pass on or refuse.
    pub fn remove(&self, document_id: &DocumentId, inbox: &mut mpsc::Receiver<ToRoom>) {
        let mut open = self.lock();
        open.remove(document_id);
        inbox.close();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<DocumentId, mpsc::Sender<ToRoom>>> {
        // Nothing holding this lock can panic halfway through a change to the map.
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
