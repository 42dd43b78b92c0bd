//! S4: many connected, joined, idle clients: what one costs the server.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use concord_sync::DocumentId;
use serde::Serialize;
use tokio::{sync::watch, task::JoinSet};

use crate::{
    client_run::Tally,
    frames::Endpoint,
    load_client::{LoadClient, Protocol, Seed},
    system::ServerProcess,
};

const JOINING_AT_ONCE: usize = 64;
const JOIN_LIMIT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Serialize)]
pub struct IdleOutcome {
    pub clients: usize,
    pub joined: usize,
    /// Still open after the hold.
    pub held: usize,
    pub hold_secs: f64,
    pub server_rss_before: u64,
    pub server_rss_joined: u64,
    pub join_failures: Vec<String>,
}

impl IdleOutcome {
    pub fn rss_per_connection(&self) -> Option<f64> {
        (self.joined > 0).then(|| {
            (self.server_rss_joined as f64 - self.server_rss_before as f64) / self.joined as f64
        })
    }
}

/// `clients` clients join one document and then send nothing for `hold`.
pub async fn run(
    system: &ServerProcess,
    clients: usize,
    hold: Duration,
) -> anyhow::Result<IdleOutcome> {
    let protocol = if system.kind().merges() {
        Protocol::Sync
    } else {
        Protocol::Echo
    };
    let seed = Arc::new(Seed::new(DocumentId::new_v4(rand::random()))?);
    let server_rss_before = system.sample()?.rss_bytes;
    let epoch = Instant::now();
    let semaphore = Arc::new(tokio::sync::Semaphore::new(JOINING_AT_ONCE));
    let mut joining = JoinSet::new();
    for i in 0..clients {
        let (url, seed, semaphore) = (
            system.url().to_owned(),
            Arc::clone(&seed),
            Arc::clone(&semaphore),
        );
        joining.spawn(async move {
            let _permit = semaphore.acquire_owned().await;
            let name = format!("idle{i}");
            LoadClient::join(
                &Endpoint::open(&url),
                protocol,
                &seed,
                name,
                Tally::new(epoch, Default::default()),
                JOIN_LIMIT,
            )
            .await
        });
    }
    let (stop, stopped) = watch::channel(false);
    let mut idle = JoinSet::new();
    let mut join_failures = Vec::new();
    let mut joined = 0;
    while let Some(result) = joining.join_next().await {
        match result {
            Ok(Ok(client)) => {
                joined += 1;
                idle.spawn(client.idle(stopped.clone()));
            }
            Ok(Err(e)) if join_failures.len() < 5 => join_failures.push(format!("{e:#}")),
            Ok(Err(_)) => {}
            Err(e) => join_failures.push(format!("join task: {e}")),
        }
    }
    // Let the server settle what joining allocated before reading its memory.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let server_rss_joined = system.sample()?.rss_bytes;
    tokio::time::sleep(hold).await;
    let _ = stop.send(true);
    let mut held = 0;
    while let Some(open) = idle.join_next().await {
        held += usize::from(matches!(open, Ok(true)));
    }
    Ok(IdleOutcome {
        clients,
        joined,
        held,
        hold_secs: hold.as_secs_f64(),
        server_rss_before,
        server_rss_joined,
        join_failures,
    })
}
