//! The cluster scenario: our relay on PostgreSQL, alone and as two relays
//! sharing the database and telling each other of commits through NATS
//! (issue 24). PostgreSQL is one server for the whole benchmark (a fresh
//! database per run), nats-server one per run, both on free loopback ports.

use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use concord_local_nats::LocalNats;
use concord_local_postgres::LocalPostgres;
use concord_sync::DocumentId;
use serde::Serialize;

use crate::{
    edit_run::{self, EditOutcome, EditWorkload},
    frames::Endpoint,
    generator_check::GeneratorLimits,
    latency::{LatencyHistogram, LatencySummary},
    load_client::Seed,
    probe::Probe,
    system::{Programs, RelayMode, ServerProcess, SystemKind},
};

/// How long one probe change may take to be acknowledged or to arrive.
const PROBE_LIMIT: Duration = Duration::from_secs(10);

/// Relays sharing one new PostgreSQL database, and a broker if asked.
pub struct Cluster {
    pub relays: Vec<ServerProcess>,
    nats: Option<LocalNats>,
}

impl Cluster {
    pub async fn start(programs: &Programs, count: usize, broker: bool) -> anyhow::Result<Self> {
        let url = tokio::task::spawn_blocking(|| -> anyhow::Result<String> {
            let server =
                LocalPostgres::shared().map_err(|error| anyhow!("starting PostgreSQL: {error}"))?;
            Ok(server.create_database()?)
        })
        .await??;
        let nats = if broker {
            Some(tokio::task::spawn_blocking(LocalNats::start).await??)
        } else {
            None
        };
        let mut args = vec![format!("--database-url={url}")];
        if let Some(nats) = &nats {
            args.push(format!("--broker-url={}", nats.url()));
        }
        let mut relays = Vec::new();
        for _ in 0..count {
            let mode = RelayMode {
                signed_in: None,
                args: args.clone(),
            };
            relays.push(ServerProcess::start_as(SystemKind::Concord, programs, mode).await?);
        }
        Ok(Self { relays, nats })
    }

    pub async fn stop(self) {
        for relay in self.relays {
            relay.stop().await;
        }
    }

    fn endpoint(&self, n: usize) -> anyhow::Result<Endpoint> {
        let relay = self.relays.get(n).context("no such relay")?;
        Ok(Endpoint::open(relay.url()))
    }
}

/// Single changes timed one at a time: acknowledged by relay A (committed
/// in PostgreSQL), and arrived at a replica on relay B, first with the
/// broker running, then with it killed (each change's message dropped).
#[derive(Debug, Clone, Serialize)]
pub struct ProbeOutcome {
    pub acknowledgement: LatencySummary,
    pub a_to_b: LatencySummary,
    pub converged_after_dropped_message: LatencySummary,
    /// Acknowledged by A but not on B within the probe's limit.
    pub lost: u32,
}

/// The probes of [`ProbeOutcome`]: `changes` with the broker up, then
/// `dropped` with it killed.
pub async fn probes(cluster: &Cluster, changes: u32, dropped: u32) -> anyhow::Result<ProbeOutcome> {
    let nats = cluster
        .nats
        .as_ref()
        .context("the probes need the broker")?;
    let seed = Seed::new(DocumentId::new_v4(rand::random()))?;
    let mut writer = Probe::create(&cluster.endpoint(0)?, &seed, PROBE_LIMIT).await?;
    let mut reader = Probe::open(
        &cluster.endpoint(1)?,
        seed.document_id,
        &writer.heads(),
        PROBE_LIMIT,
    )
    .await?;
    let (mut acknowledgement, mut a_to_b, mut after_drop) = (
        LatencyHistogram::new(),
        LatencyHistogram::new(),
        LatencyHistogram::new(),
    );
    let mut lost = 0;
    for n in 0..changes + dropped {
        if n == changes {
            // Core NATS keeps nothing: what is published while the server is
            // gone never arrives, and B must find it in PostgreSQL.
            tokio::task::block_in_place(|| nats.kill());
        }
        let sent = Instant::now();
        let hash = writer.edit()?;
        // B listens while A acknowledges, so neither waits for the other.
        let reading = tokio::spawn(async move {
            let arrived = reader.has(hash, PROBE_LIMIT).await;
            (reader, arrived, sent.elapsed())
        });
        if !writer.acknowledged(PROBE_LIMIT).await? {
            bail!("change {n} was not acknowledged within {PROBE_LIMIT:?}");
        }
        acknowledgement.record_us(micros(sent.elapsed()));
        let (back, arrived, after) = reading.await?;
        reader = back;
        match (arrived?, n < changes) {
            (true, true) => a_to_b.record_us(micros(after)),
            (true, false) => after_drop.record_us(micros(after)),
            (false, _) => lost += 1,
        }
    }
    tokio::task::block_in_place(|| nats.start_again())?;
    Ok(ProbeOutcome {
        acknowledgement: acknowledgement.summary(),
        a_to_b: a_to_b.summary(),
        converged_after_dropped_message: after_drop.summary(),
        lost,
    })
}

/// S2's edit run on the cluster's relays, clients spread over them.
pub async fn edits(
    cluster: &Cluster,
    workload: &EditWorkload,
    limits: &GeneratorLimits,
) -> anyhow::Result<EditOutcome> {
    let relays: Vec<&ServerProcess> = cluster.relays.iter().collect();
    edit_run::run_spread(&relays, workload, limits).await
}

fn micros(elapsed: Duration) -> u64 {
    u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX)
}
