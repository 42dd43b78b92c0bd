use std::sync::Arc;

use concord_sync::{PeerId, StorageId};

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
}

impl Hub {
    pub fn new(
        limits: SyncLimits,
        store: Arc<dyn Store>,
        commit: GroupCommit,
        peer_id: PeerId,
        storage_id: StorageId,
    ) -> Self {
        Self(Arc::new(HubInner {
            limits,
            store,
            commit,
            peer_id,
            storage_id,
        }))
    }

    pub fn limits(&self) -> &SyncLimits {
        &self.0.limits
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
}
