use std::sync::Arc;

use concord_model::views::{SearchTexts, TaskItem};
use concord_sync::{PeerId, StorageId};

use crate::{
    Config, RelayError,
    access_policy::AccessPolicy,
    accounts::Accounts,
    cluster::{BrokerLink, watch_rooms},
    doc_catalog::DocCatalog,
    doc_digests::DocDigests,
    file_store::FileStore,
    kept_by_heads::KeptByHeads,
    store::{Compactor, DocLog, GroupCommit, Store},
    sync_socket::{RelayIdentity, SyncService},
};

/// What every handler can reach (the router's state).
#[derive(Clone)]
pub(crate) struct Shared {
    pub store: Arc<dyn Store>,
    pub sync_service: SyncService,
    pub accounts: Arc<Accounts>,
    /// What each document is and who may read it, for listings.
    pub catalog: Arc<DocCatalog>,
    /// What each document waits for and tells, for the task and message centres.
    pub digests: Arc<DocDigests>,
    /// Each document's texts, for `/api/search`.
    pub search_texts: Arc<KeptByHeads<super::search::SearchKey, SearchTexts>>,
    /// Each document's task rows, for `/api/dashboard`.
    pub task_rows: Arc<KeptByHeads<(), Vec<TaskItem>>>,
    /// Session cookies carry `Secure` (the relay is reached over TLS).
    pub secure_cookies: bool,
    /// Files people attach, under the data directory.
    pub files: Arc<FileStore>,
    /// The largest file one may attach.
    pub max_file_bytes: usize,
}

impl Shared {
    /// Starts the store's writer and compactor threads around `store`,
    /// whose `storage_id` the caller asked for off the async threads; with
    /// a shared database (`doc_log`), also the periodic check of the open
    /// documents, which needs a runtime; `broker` is where commits are told.
    pub fn start(
        store: Arc<dyn Store>,
        doc_log: Option<DocLog>,
        broker: Option<BrokerLink>,
        storage_id: StorageId,
        accounts: Arc<Accounts>,
        config: &Config,
    ) -> Result<Self, RelayError> {
        let (hints, hinted) = std::sync::mpsc::channel();
        let (commit, _writer) =
            GroupCommit::spawn(store.clone(), config.limits.compact_after_chunks, hints)
                .map_err(RelayError::Thread)?;
        Compactor::spawn(store.clone(), &commit, hinted).map_err(RelayError::Thread)?;
        // Every frame the relay sends names it, so its id is kept short:
        // 48 random bits tell the instances of one workspace apart.
        let peer_id = short_peer_id("relay")?;
        let feed = short_peer_id("feed")?;
        let catalog = Arc::new(DocCatalog::default());
        let digests = Arc::new(DocDigests::default());
        let access = (!config.open_sync).then(|| {
            let policy = AccessPolicy::new(accounts.clone(), catalog.clone());
            let policy = policy.with_calendar(accounts.clone());
            Arc::new(policy.with_digests(digests.clone()))
        });
        let sync_service = SyncService::new(
            config.limits.clone(),
            store.clone(),
            commit,
            doc_log.clone(),
            broker,
            RelayIdentity {
                peer_id,
                feed,
                storage_id,
            },
            access,
        );
        if let Some(log) = doc_log {
            let every = std::time::Duration::from_millis(config.limits.catch_up_ms.max(1));
            tokio::spawn(watch_rooms(sync_service.clone(), log, every));
        }
        Ok(Self {
            store,
            sync_service,
            accounts,
            catalog,
            digests,
            search_texts: Arc::default(),
            task_rows: Arc::default(),
            secure_cookies: config.secure_cookies,
            files: Arc::new(FileStore::under(&config.data)),
            max_file_bytes: config.max_file_bytes,
        })
    }
}

/// `<role>-` and 12 random hex digits: unique among a workspace's relays,
/// and a third of a uuid's length on the wire.
fn short_peer_id(role: &str) -> Result<PeerId, RelayError> {
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!("{role}-{}", &random[..12])
        .parse()
        .map_err(|_| RelayError::PeerId)
}

/// A `Shared` over a fresh store and in-memory accounts, for handler tests.
#[cfg(test)]
pub(crate) fn test_shared(data: &std::path::Path, secure_cookies: bool) -> (Shared, Arc<Accounts>) {
    let store = crate::store::SqliteStore::open(data).expect("a store in a temporary directory");
    let storage_id = store.storage_id().expect("a storage id");
    let accounts = Arc::new(
        Accounts::in_memory(crate::accounts::SessionLifetimes::default()).expect("accounts"),
    );
    let config = Config {
        addr: "127.0.0.1:0".parse().expect("an address"),
        data: data.to_owned(),
        database_url: None,
        broker_url: None,
        app_dir: data.join("app"),
        secure_cookies,
        open_sync: false,
        max_file_bytes: crate::config::DEFAULT_MAX_FILE_BYTES,
        limits: Default::default(),
    };
    let shared = Shared::start(
        Arc::new(store),
        None,
        None,
        storage_id,
        accounts.clone(),
        &config,
    )
    .expect("shared state");
    (shared, accounts)
}

/// A router over a fresh workspace whose admin is signed in: the temporary
/// directory (kept alive by the caller), the router and the admin's token.
#[cfg(test)]
pub(crate) fn test_router_as_admin() -> (tempfile::TempDir, axum::Router, String) {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let (shared, accounts) = test_shared(&tmp.path().join("data"), false);
    let secret = accounts.setup_secret().expect("a setup secret");
    let (token, _) = accounts
        .set_up(
            &secret,
            "admin",
            "管理员",
            "a long enough password",
            crate::clock::now_ms(),
        )
        .expect("the admin is set up");
    let router = super::router(shared, super::AppFiles::new(tmp.path().join("app")));
    (tmp, router, token.to_text())
}
