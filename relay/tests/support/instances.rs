//! Several relays in this process sharing one workspace through one
//! PostgreSQL database (documents and accounts alike), each with a data
//! directory of its own, as relays on separate machines behind a load
//! balancer would be.

use std::{net::SocketAddr, time::Duration};

use concord_relay::{Config, Relay, SyncLimits};
use tokio::sync::oneshot;

/// How often the test relays check their open documents against PostgreSQL:
/// short, so the tests that rely on the check take a moment, not seconds.
pub const CATCH_UP: Duration = Duration::from_millis(200);

pub struct Instances {
    pub addrs: Vec<SocketAddr>,
    /// The first admin's setup secret, when the relays check access.
    pub secret: Option<String>,
    stops: Vec<oneshot::Sender<()>>,
    _data: tempfile::TempDir,
}

/// How the instances are started.
pub struct Shared<'a> {
    pub database_url: &'a str,
    /// `--broker-url`, when the relays tell each other of commits through NATS.
    pub broker_url: Option<&'a str>,
    /// `--open-sync`: plain Automerge documents, no accounts.
    pub open_sync: bool,
    /// Between two periodic checks of the open documents ([`CATCH_UP`]).
    pub catch_up: Duration,
}

impl Instances {
    /// Starts `count` relays on free ports, one after the other.
    pub async fn start(count: usize, shared: Shared<'_>) -> Self {
        Self::start_with_limits(count, shared, SyncLimits::default()).await
    }

    /// As [`Self::start`], each relay with `limits` (but `shared.catch_up`).
    pub async fn start_with_limits(count: usize, shared: Shared<'_>, limits: SyncLimits) -> Self {
        let data = tempfile::tempdir().unwrap();
        let mut instances = Self {
            addrs: Vec::new(),
            secret: None,
            stops: Vec::new(),
            _data: data,
        };
        for n in 0..count {
            let config = Config {
                addr: "127.0.0.1:0".parse().unwrap(),
                data: instances._data.path().join(format!("data-{n}")),
                database_url: Some(shared.database_url.to_owned()),
                broker_url: shared.broker_url.map(str::to_owned),
                app_dir: instances._data.path().join("app"),
                secure_cookies: false,
                open_sync: shared.open_sync,
                max_file_bytes: concord_relay::DEFAULT_MAX_FILE_BYTES,
                limits: SyncLimits {
                    catch_up_ms: shared.catch_up.as_millis() as u64,
                    ..limits.clone()
                },
            };
            let relay = Relay::bind(&config).await.unwrap();
            if instances.secret.is_none() {
                instances.secret = relay
                    .setup_link()
                    .and_then(|link| link.split_once('#').map(|(_, s)| s.to_owned()));
            }
            instances.addrs.push(relay.local_addr());
            let (stop, stopped) = oneshot::channel::<()>();
            tokio::spawn(relay.serve(async {
                let _ = stopped.await;
            }));
            instances.stops.push(stop);
        }
        instances
    }

    pub fn addr(&self, n: usize) -> SocketAddr {
        self.addrs[n]
    }
}
