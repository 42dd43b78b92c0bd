use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};

use concord_sync::{
    PeerId, StorageId,
    engine::{Limits, Policy},
};

use super::{live_peers::LivePeers, rooms::Rooms};
use crate::{
    SyncLimits,
    store::{GroupCommit, Store},
};

/// What every connection and room of the relay shares.
#[derive(Clone)]
pub(crate) struct Hub(Arc<HubInner>);

struct HubInner {
    limits: SyncLimits,
    store: Arc<dyn Store>,
    commit: GroupCommit,
    peer_id: PeerId,
    storage_id: StorageId,
    /// The seam where permissions are checked: every inbound message and
    /// every batch of changes passes it.
    policy: Arc<dyn Policy>,
    rooms: Rooms,
    live_peers: LivePeers,
    next_connection: AtomicU64,
}

/// The relay's identity on the wire.
pub(crate) struct HubIds {
    pub peer_id: PeerId,
    pub storage_id: StorageId,
}

impl Hub {
    pub fn new(
        limits: SyncLimits,
        store: Arc<dyn Store>,
        commit: GroupCommit,
        ids: HubIds,
        policy: Arc<dyn Policy>,
    ) -> Self {
        Self(Arc::new(HubInner {
            limits,
            store,
            commit,
            peer_id: ids.peer_id,
            storage_id: ids.storage_id,
            policy,
            rooms: Rooms::default(),
            live_peers: LivePeers::default(),
            next_connection: AtomicU64::new(0),
        }))
    }

    pub fn limits(&self) -> &SyncLimits {
        &self.0.limits
    }

    /// The limits the engine enforces, from the relay's flags.
    pub fn engine_limits(&self) -> Limits {
        Limits {
            max_documents_per_connection: self.0.limits.max_docs_per_connection,
            max_document_bytes: self.0.limits.max_doc_bytes,
            max_frame_bytes: self.0.limits.max_frame_bytes,
        }
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.0.store
    }

    pub fn commit(&self) -> &GroupCommit {
        &self.0.commit
    }

    pub fn peer_id(&self) -> &PeerId {
        &self.0.peer_id
    }

    pub fn storage_id(&self) -> &StorageId {
        &self.0.storage_id
    }

    pub fn policy(&self) -> &Arc<dyn Policy> {
        &self.0.policy
    }

    pub fn rooms(&self) -> &Rooms {
        &self.0.rooms
    }

    pub fn live_peers(&self) -> &LivePeers {
        &self.0.live_peers
    }

    /// A number no other connection of this process has.
    pub fn connection_serial(&self) -> u64 {
        self.0.next_connection.fetch_add(1, Ordering::Relaxed)
    }
}
