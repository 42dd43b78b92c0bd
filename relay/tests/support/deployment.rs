//! One test body, two setups: the `/sync` tests that must hold however the
//! relay is deployed take a [`Deployment`], either one relay on SQLite or two
//! relays sharing PostgreSQL and a NATS broker. Hostile clients connect to
//! relay A, honest observers to relay B; on one relay, A and B are the same.

use std::{net::SocketAddr, path::PathBuf};

use automerge::ChangeHash;
use concord_local_nats::LocalNats;
use concord_local_postgres::LocalPostgres;
use concord_relay::{
    SyncLimits,
    store::{LoadedDoc, PostgresStore, SqliteStore, Store, StoredDoc},
};
use concord_sync::DocumentId;

use super::{
    TestRelay,
    instances::{CATCH_UP, Instances, Shared},
    start_one,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deployment {
    /// One relay, its documents and accounts in SQLite in its data directory.
    OneRelay,
    /// Two relays sharing a new PostgreSQL database (documents and accounts)
    /// and telling each other of commits through nats-server.
    TwoRelays,
}

/// Running relays, in either deployment.
pub struct Deployed {
    pub deployment: Deployment,
    /// Where the hostile clients connect.
    pub a: SocketAddr,
    /// Where the honest observers connect: `a` itself on one relay.
    pub b: SocketAddr,
    /// The first admin's setup secret, when the relays check access.
    pub secret: Option<String>,
    stored_in: StoredIn,
    _running: Running,
}

/// Where the relays keep documents, read directly by [`Deployed::stored_heads`].
#[derive(Clone)]
enum StoredIn {
    /// The one relay's data directory.
    Sqlite(PathBuf),
    /// The database's URL.
    Postgres(String),
}

/// What keeps the relays (and the broker) running for the test.
enum Running {
    One(TestRelay),
    Two(Instances, LocalNats),
}

impl Deployment {
    /// Starts the relays with `limits` (`--open-sync` when `open_sync`).
    /// `None`, printed, when two relays are asked for and PostgreSQL's
    /// programs or nats-server are not installed: the test is skipped, as
    /// the broker tests are. Installed but failing to start fails the test.
    pub async fn start(self, limits: SyncLimits, open_sync: bool) -> Option<Deployed> {
        match self {
            Self::OneRelay => {
                let (relay, link) = start_one(limits, open_sync).await;
                let data = relay.tmp.path().join("data");
                Some(Deployed {
                    deployment: self,
                    a: relay.addr,
                    b: relay.addr,
                    secret: setup_secret(link),
                    stored_in: StoredIn::Sqlite(data),
                    _running: Running::One(relay),
                })
            }
            Self::TwoRelays => {
                let url = LocalPostgres::database_for_test()?;
                let nats = LocalNats::for_test()?;
                let relays = Instances::start_with_limits(
                    2,
                    Shared {
                        database_url: &url,
                        broker_url: Some(&nats.url()),
                        open_sync,
                        catch_up: CATCH_UP,
                    },
                    limits,
                )
                .await;
                Some(Deployed {
                    deployment: self,
                    a: relays.addr(0),
                    b: relays.addr(1),
                    secret: relays.secret.clone(),
                    stored_in: StoredIn::Postgres(url),
                    _running: Running::Two(relays, nats),
                })
            }
        }
    }
}

fn setup_secret(link: Option<String>) -> Option<String> {
    link.and_then(|link| link.split_once('#').map(|(_, secret)| secret.to_owned()))
}

impl Deployed {
    /// Every relay once: `[a]` on one relay, `[a, b]` on two.
    pub fn relays(&self) -> Vec<SocketAddr> {
        if self.a == self.b {
            vec![self.a]
        } else {
            vec![self.a, self.b]
        }
    }

    /// The heads of what the store holds of `doc` (SQLite's file or the
    /// PostgreSQL database), read beside the relays rather than through
    /// them; empty if nothing of it is stored.
    pub async fn stored_heads(&self, doc: DocumentId) -> Vec<ChangeHash> {
        let Some(stored) = self.stored(doc).await else {
            return Vec::new();
        };
        let loaded = LoadedDoc::from_stored(&stored);
        assert!(loaded.damaged.is_empty(), "{:?}", loaded.damaged);
        loaded.doc.get_heads()
    }

    /// What the store holds of `doc` (its snapshot and chunks), read beside
    /// the relays as [`Self::stored_heads`] does.
    pub async fn stored(&self, doc: DocumentId) -> Option<StoredDoc> {
        let stored_in = self.stored_in.clone();
        tokio::task::spawn_blocking(move || {
            let store: Box<dyn Store> = match stored_in {
                StoredIn::Sqlite(data) => Box::new(SqliteStore::open(&data).unwrap()),
                StoredIn::Postgres(url) => Box::new(PostgresStore::open(&url).unwrap()),
            };
            store.load(&doc).unwrap()
        })
        .await
        .unwrap()
    }
}
