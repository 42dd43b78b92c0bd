use std::{collections::HashMap, sync::Mutex};

use concord_sync::PeerId;

use super::{close::Close, outbound::Closer};

/// Connections past their handshake, by peer id. Rooms route by peer id, so
/// two live connections must never share one: the newer wins (a client that
/// reconnects before its old socket timed out) and the older is closed.
#[derive(Default)]
pub(crate) struct LivePeers {
    by_peer: Mutex<HashMap<PeerId, (u64, Closer)>>,
}

impl LivePeers {
    pub fn register(&self, peer: PeerId, serial: u64, closer: Closer) {
        let older = self.lock().insert(peer, (serial, closer));
        if let Some((_, older)) = older {
            older.close(Close::policy(
                "the same peer id connected again; this older connection is closed",
            ));
        }
    }

    /// Forgets the connection `serial`, unless a newer one already took its peer id.
    pub fn forget(&self, peer: &PeerId, serial: u64) {
        let mut by_peer = self.lock();
        if by_peer.get(peer).is_some_and(|(known, _)| *known == serial) {
            by_peer.remove(peer);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PeerId, (u64, Closer)>> {
        // Nothing holding this lock can panic halfway through a change to the map.
        self.by_peer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
