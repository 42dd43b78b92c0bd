use std::{collections::HashMap, sync::Mutex};

use concord_model::PersonId;
use concord_sync::PeerId;

use super::{close::Close, outbound::Closer};

/// Connections past their handshake, by peer id. Rooms route by peer id, so
/// two live connections must never share one: the newer wins (a client that
/// reconnects before its old socket timed out) and the older is closed —
/// unless the older belongs to another person: a peer id is never taken
/// from its owner, so nobody can push a person out or speak under their id.
#[derive(Default)]
pub(crate) struct LivePeers {
    by_peer: Mutex<HashMap<PeerId, Live>>,
}

struct Live {
    serial: u64,
    owner: Option<PersonId>,
    closer: Closer,
}

/// A peer id held by another person's live connection.
#[derive(Debug)]
pub(crate) struct PeerIdTaken;

impl LivePeers {
    pub fn register(
        &self,
        peer: PeerId,
        serial: u64,
        owner: Option<PersonId>,
        closer: Closer,
    ) -> Result<(), PeerIdTaken> {
        let mut by_peer = self.lock();
        if let Some(older) = by_peer.get(&peer) {
            if older.owner != owner {
                return Err(PeerIdTaken);
            }
            older.closer.close(Close::policy(
                "the same peer id connected again; this older connection is closed",
            ));
        }
        by_peer.insert(
            peer,
            Live {
                serial,
                owner,
                closer,
            },
        );
        Ok(())
    }

    /// Forgets the connection `serial`, unless a newer one already took its
    /// peer id; `true` if it was forgotten.
    pub fn forget(&self, peer: &PeerId, serial: u64) -> bool {
        let mut by_peer = self.lock();
        if by_peer.get(peer).is_some_and(|live| live.serial == serial) {
            by_peer.remove(peer);
            return true;
        }
        false
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PeerId, Live>> {
        // Nothing holding this lock can panic halfway through a change to the map.
        self.by_peer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
