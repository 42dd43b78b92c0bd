use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, AtomicUsize, Ordering},
    },
    time::Duration,
};

use concord_sync::{
    PeerId, StorageId,
    engine::{AllowAll, Limits, Policy},
};

use tokio::sync::{Notify, watch};

use super::{live_peers::LivePeers, rooms::Rooms, signed_in::SignedInConnections};
use crate::{
    SyncLimits,
    access_policy::AccessPolicy,
    cluster::{BrokerLink, FeedPolicy},
    store::{DocLog, GroupCommit, Store},
};

/// The relay's `/sync` side, shared by every connection and room: the store
/// and its group committer, the policy, the open rooms, the live peers and
/// signed-in connections, and shutdown.
#[derive(Clone)]
pub(crate) struct SyncService(Arc<SyncServiceInner>);

struct SyncServiceInner {
    limits: SyncLimits,
    store: Arc<dyn Store>,
    commit: GroupCommit,
    /// Set when relays share a PostgreSQL database: rooms write through it.
    doc_log: Option<DocLog>,
    /// Set with --broker-url: each commit is told to the other relays.
    broker: Option<BrokerLink>,
    /// The peer other relays' changes come from when they enter a room.
    feed: PeerId,
    peer_id: PeerId,
    storage_id: StorageId,
    /// The seam where permissions are checked: every inbound message and
    /// every batch of changes passes it.
    policy: Arc<dyn Policy>,
    /// The policy again, typed, to bind peers to people; `None` when the
    /// relay runs with `--open-sync` (no accounts, every peer allowed).
    access: Option<Arc<AccessPolicy>>,
    rooms: Rooms,
    live_peers: LivePeers,
    signed_in: SignedInConnections,
    next_connection: AtomicU64,
    shutting_down: watch::Sender<bool>,
    open_connections: AtomicUsize,
    last_connection_closed: Notify,
}

/// Counts one open connection for as long as it lives.
pub(crate) struct OpenConnection(SyncService);

impl Drop for OpenConnection {
    fn drop(&mut self) {
        if self.0.0.open_connections.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.0.last_connection_closed.notify_waiters();
        }
    }
}

/// The relay's identity on the wire.
pub(crate) struct RelayIdentity {
    pub peer_id: PeerId,
    /// Random, like `peer_id`, so no client can guess it.
    pub feed: PeerId,
    pub storage_id: StorageId,
}

impl SyncService {
    pub fn new(
        limits: SyncLimits,
        store: Arc<dyn Store>,
        commit: GroupCommit,
        doc_log: Option<DocLog>,
        broker: Option<BrokerLink>,
        ids: RelayIdentity,
        access: Option<Arc<AccessPolicy>>,
    ) -> Self {
        let inner: Arc<dyn Policy> = match &access {
            Some(access) => {
                access.judge_whole_history(limits.judge_whole_history);
                access.clone()
            }
            None => Arc::new(AllowAll),
        };
        let policy = Arc::new(FeedPolicy::new(ids.feed.clone(), inner));
        Self(Arc::new(SyncServiceInner {
            limits,
            store,
            commit,
            doc_log,
            broker,
            feed: ids.feed,
            peer_id: ids.peer_id,
            storage_id: ids.storage_id,
            policy,
            access,
            rooms: Rooms::default(),
            live_peers: LivePeers::default(),
            signed_in: SignedInConnections::default(),
            next_connection: AtomicU64::new(0),
            shutting_down: watch::channel(false).0,
            open_connections: AtomicUsize::new(0),
            last_connection_closed: Notify::new(),
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

    /// The documents' write order when relays share a database.
    pub fn doc_log(&self) -> Option<&DocLog> {
        self.0.doc_log.as_ref()
    }

    pub fn broker(&self) -> Option<&BrokerLink> {
        self.0.broker.as_ref()
    }

    pub fn feed(&self) -> &PeerId {
        &self.0.feed
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

    pub fn access(&self) -> Option<&Arc<AccessPolicy>> {
        self.0.access.as_ref()
    }

    pub fn signed_in(&self) -> &SignedInConnections {
        &self.0.signed_in
    }

    pub fn rooms(&self) -> &Rooms {
        &self.0.rooms
    }

    pub fn live_peers(&self) -> &LivePeers {
        &self.0.live_peers
    }

    pub fn connection_opened(&self) -> OpenConnection {
        self.0.open_connections.fetch_add(1, Ordering::AcqRel);
        OpenConnection(self.clone())
    }

    /// Resolves once the relay starts shutting down.
    pub fn shutting_down(&self) -> watch::Receiver<bool> {
        self.0.shutting_down.subscribe()
    }

    /// Tells every connection to close (1001), then waits up to `grace` for
    /// them to be gone.
    pub async fn shut_down(&self, grace: Duration) {
        self.0.shutting_down.send_replace(true);
        let _ = tokio::time::timeout(grace, async {
            loop {
                let closed = self.0.last_connection_closed.notified();
                if self.0.open_connections.load(Ordering::Acquire) == 0 {
                    return;
                }
                closed.await;
            }
        })
        .await;
    }

    /// A number no other connection of this process has.
    pub fn connection_serial(&self) -> u64 {
        self.0.next_connection.fetch_add(1, Ordering::Relaxed)
    }
}
