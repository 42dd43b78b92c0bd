use std::{future::Future, net::SocketAddr, sync::Arc};

use axum::{Router, serve::ListenerExt as _};
use tokio::net::TcpListener;

use crate::{
    Config, RelayError,
    accounts::{Accounts, SessionLifetimes},
    cluster::{Broker, BrokerError},
    http::{AppFiles, Shared, router},
    store::{PostgresStore, SqliteStore, Store, StoreError},
    sync_socket::SyncService,
};

/// A relay bound to its address, with its store open, ready to serve.
pub struct Relay {
    listener: TcpListener,
    local_addr: SocketAddr,
    router: Router,
    sync_service: SyncService,
    setup_secret: Option<String>,
}

/// How long a stopping relay waits for its sync connections to close.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(3);

impl Relay {
    pub async fn bind(config: &Config) -> Result<Self, RelayError> {
        let data = config.data.clone();
        let database_url = config.database_url.clone();
        let (store, doc_log, accounts, storage_id) = tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&data).map_err(|source| StoreError::CreateDir {
                path: data.clone(),
                source,
            })?;
            let lifetimes = SessionLifetimes::default();
            // With PostgreSQL, the accounts are there too: relays sharing the
            // database share people and sessions. Otherwise both stay in the
            // data directory.
            let (store, doc_log, accounts): (Arc<dyn Store>, _, _) = match database_url {
                Some(url) => {
                    let store = PostgresStore::open(&url)?;
                    tracing::info!(
                        server = store.server(),
                        "documents and accounts in PostgreSQL"
                    );
                    let doc_log = store.doc_log();
                    let accounts = Accounts::on_postgres(store.database(), lifetimes)?;
                    (Arc::new(store), Some(doc_log), accounts)
                }
                None => {
                    let accounts = Accounts::open(&data.join("accounts.sqlite"), lifetimes)?;
                    (Arc::new(SqliteStore::open(&data)?), None, accounts)
                }
            };
            let storage_id = store.storage_id()?;
            Ok::<_, RelayError>((store, doc_log, Arc::new(accounts), storage_id))
        })
        .await??;
        let broker = match &config.broker_url {
            None => None,
            Some(_) if doc_log.is_none() => return Err(BrokerError::NeedsDatabase.into()),
            Some(url) => {
                let broker = Broker::connect(url).await?;
                tracing::info!(
                    server = broker.server(),
                    "committed changes told through NATS"
                );
                Some(broker)
            }
        };
        if doc_log.is_some() {
            tokio::spawn(reload_calendar(Arc::downgrade(&accounts)));
        }
        let app = AppFiles::new(config.app_dir.clone());
        if !app.is_built() {
            tracing::warn!(
                "no built app in {}: run `cargo xtask run`, or pass --app-dir",
                config.app_dir.display()
            );
        }
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|source| RelayError::Bind {
                addr: config.addr,
                source,
            })?;
        let local_addr = listener.local_addr().map_err(|source| RelayError::Bind {
            addr: config.addr,
            source,
        })?;
        let link = broker.as_ref().map(Broker::link);
        let shared = Shared::start(store, doc_log, link, storage_id, accounts, config)?;
        if let Some(broker) = broker {
            broker.start(shared.sync_service.clone()).await?;
        }
        let sync_service = shared.sync_service.clone();
        let setup_secret = shared.accounts.setup_secret();
        let router = router(shared, app);
        Ok(Self {
            listener,
            local_addr,
            router,
            sync_service,
            setup_secret,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The URL a person opens.
    pub fn url(&self) -> String {
        format!("http://{}/", self.local_addr())
    }

    /// On a workspace with no admin yet: the link to the app's setup
    /// screen for the first admin (works once). The secret is in the
    /// fragment, which browsers never send to a server, and exists only in
    /// this process and in this text.
    pub fn setup_link(&self) -> Option<String> {
        let secret = self.setup_secret.as_ref()?;
        Some(format!("{}setup#{secret}", self.url()))
    }

    pub async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), RelayError> {
        // Upgraded websockets are not the server's to wait for: they are told
        // to close, and given a moment to, once the shutdown signal comes.
        let sync_service = self.sync_service.clone();
        let signal = async move {
            shutdown.await;
            sync_service.shut_down(SHUTDOWN_GRACE).await;
        };
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        // Sync frames are small and someone waits for each: send them at
        // once. With Nagle's algorithm a frame written while the previous
        // one is unacknowledged waited for the client's delayed ACK (about
        // 40 ms on Linux): the benchmark's fan-out p99 sat at 41-49 ms.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::debug!(%error, "could not set TCP_NODELAY on a connection");
            }
        });
        axum::serve(listener, service)
            .with_graceful_shutdown(signal)
            .await
            .map_err(RelayError::Serve)
    }
}

/// How often a relay sharing PostgreSQL reads the workspace calendar again:
/// an admin's change on another relay is judged by within this long.
const CALENDAR_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Keeps the calendar batches are judged by in step with the database,
/// for as long as the relay's accounts exist.
async fn reload_calendar(accounts: std::sync::Weak<Accounts>) {
    let mut every = tokio::time::interval(CALENDAR_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let Some(accounts) = accounts.upgrade() else {
            return;
        };
        match tokio::task::spawn_blocking(move || accounts.reload_calendar()).await {
            Ok(Ok(())) => {}
            // The copy in memory stays as it was; the next turn tries again.
            Ok(Err(error)) => tracing::warn!(%error, "could not read the workspace calendar"),
            Err(error) => tracing::warn!(%error, "reading the workspace calendar stopped"),
        }
    }
}
