//! One open-loop edit run (S1, S2, the sweep and S5's hot room are all
//! this, with different shapes): `docs` documents, each with
//! `clients_per_doc` clients editing at `rate_per_client`, against one system.

use std::{
    collections::BTreeMap,
    sync::{Arc, atomic::Ordering},
    time::{Duration, Instant},
};

use anyhow::Context;
use concord_sync::DocumentId;
use serde::Serialize;
use tokio::{sync::watch, task::JoinSet};

use crate::{
    backlog::BacklogSeries,
    client_run::{self, ClientReport, Counters, EditPlan, Tally},
    fetch::fetch,
    frames::Endpoint,
    generator_check::{GeneratorCheck, GeneratorLimits},
    known_heads::KnownHeads,
    latency::{LatencyHistogram, LatencySummary},
    load_client::{LoadClient, Seed},
    private_edits::PlainEdits,
    proc_stats,
    system::ServerProcess,
    thin_client::ThinClient,
};

#[derive(Debug, Clone, Serialize)]
pub struct EditWorkload {
    pub docs: usize,
    pub clients_per_doc: usize,
    /// Clients per document that hold a full replica (at least one, which
    /// brings the document to the server); the others are thin clients,
    /// which decode and stamp what arrives but apply nothing.
    pub full_replicas_per_doc: usize,
    /// Whether the full replicas edit too, or only receive and check.
    pub full_replicas_edit: bool,
    /// Edits per second of each editing client.
    pub rate_per_client: f64,
    pub edits_per_client: u32,
    /// How long after the last scheduled edit deliveries may still arrive.
    pub drain_secs: f64,
    /// Documents whose server copy a fresh client fetches to check convergence.
    pub server_checks: usize,
}

impl EditWorkload {
    pub fn clients(&self) -> usize {
        self.docs * self.clients_per_doc
    }

    pub fn full_replicas(&self) -> usize {
        self.full_replicas_per_doc
            .clamp(1, self.clients_per_doc.max(1))
    }

    /// Clients of one document that edit.
    pub fn writers_per_doc(&self) -> usize {
        if self.full_replicas_edit {
            self.clients_per_doc
        } else {
            self.clients_per_doc - self.full_replicas()
        }
    }

    /// Changes per second offered to the system (each merged once).
    pub fn offered_changes_per_sec(&self) -> f64 {
        (self.docs * self.writers_per_doc()) as f64 * self.rate_per_client
    }

    /// Each change reaches every other client of its document.
    pub fn deliveries_per_change(&self) -> u64 {
        self.clients_per_doc.saturating_sub(1) as u64
    }

    pub fn expected_deliveries(&self) -> u64 {
        (self.docs * self.writers_per_doc()) as u64
            * u64::from(self.edits_per_client)
            * self.deliveries_per_change()
    }

    fn sending_secs(&self) -> f64 {
        f64::from(self.edits_per_client) / self.rate_per_client
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EditOutcome {
    pub workload: EditWorkload,
    pub clients_joined: usize,
    pub edits: u64,
    pub deliveries: u64,
    pub expected_deliveries: u64,
    pub fan_out: LatencySummary,
    pub backlog_grows: bool,
    pub backlog_late_slope_per_sec: Option<f64>,
    /// Merged changes per second over the sending phase, if the backlog held.
    pub held_changes_per_sec: Option<f64>,
    /// First scheduled edit to the last delivery, if everything was delivered.
    pub converged_after_secs: Option<f64>,
    pub replicas_converged: bool,
    /// `None` for the echo relay, which keeps no copy.
    pub server_converged: Option<bool>,
    pub server_cpu_secs: f64,
    pub server_cpu_us_per_delivery: Option<f64>,
    /// The load generator's own CPU per delivery: what a client of the run costs.
    pub generator_cpu_us_per_delivery: Option<f64>,
    pub server_rss_before: u64,
    pub server_rss_loaded: u64,
    pub server_rss_peak: u64,
    pub wire_bytes_per_change: Option<f64>,
    pub generator: GeneratorCheck,
    pub failures: Vec<String>,
}

/// How often the backlog and the server's memory are sampled.
const SAMPLE_EVERY: Duration = Duration::from_millis(100);
/// Clients that connect at once while a run sets up.
const JOINING_AT_ONCE: usize = 32;
pub const JOIN_LIMIT: Duration = Duration::from_secs(60);
const FETCH_LIMIT: Duration = Duration::from_secs(20);

/// A client of a run, with or without a replica.
pub enum RunClient {
    Full(Box<LoadClient>),
    Thin(Box<ThinClient>),
}

impl RunClient {
    async fn run(self, plan: EditPlan, stop: watch::Receiver<bool>) -> ClientReport {
        match self {
            Self::Full(client) => client_run::run(*client, plan, stop).await,
            Self::Thin(client) => client_run::run(*client, plan, stop).await,
        }
    }
}

/// The clients of a run once they joined, and what joining cost.
pub struct Joined {
    pub epoch: Instant,
    pub counters: Arc<Counters>,
    pub clients: Vec<RunClient>,
    pub failures: Vec<String>,
    pub server_rss_before: u64,
}

/// S1, S2 and the sweep: documents of the plain seed, full replicas joined
/// first (the first brings each document to the server), then thin clients.
pub async fn run(
    system: &ServerProcess,
    workload: &EditWorkload,
    limits: &GeneratorLimits,
) -> anyhow::Result<EditOutcome> {
    run_spread(&[system], workload, limits).await
}

/// As [`run`], over relays sharing one workspace: client `c` of document
/// `d` connects to `systems[(d + c) % systems.len()]`, so with two relays
/// and two clients a document, every delivery crosses from one relay to the
/// other. The server's CPU, memory and copy are the first relay's.
pub async fn run_spread(
    systems: &[&ServerProcess],
    workload: &EditWorkload,
    limits: &GeneratorLimits,
) -> anyhow::Result<EditOutcome> {
    let system = *systems.first().context("a system to run against")?;
    let protocol = system.kind().protocol();
    let seeds: Vec<Arc<Seed>> = (0..workload.docs)
        .map(|_| Seed::new(DocumentId::new_v4(rand::random())).map(Arc::new))
        .collect::<anyhow::Result<_>>()?;
    let known: Vec<KnownHeads> = seeds
        .iter()
        .map(|seed| Ok(KnownHeads::of(&automerge::Automerge::load(&seed.bytes)?)))
        .collect::<anyhow::Result<_>>()?;
    let endpoints: Vec<Endpoint> = systems.iter().map(|s| Endpoint::open(s.url())).collect();
    let endpoint_of =
        |doc: usize, client: usize| endpoints[(doc + client) % endpoints.len()].clone();
    let mut joined = Joined::start(system)?;
    let full = workload.full_replicas();
    joined
        .join(workload.docs * full, |i, tally| {
            let (endpoint, seed) = (
                endpoint_of(i / full, i % full),
                Arc::clone(&seeds[i / full]),
            );
            async move {
                let name = format!("d{}c{}", i / full, i % full);
                let client =
                    LoadClient::join(&endpoint, protocol, &seed, name, tally, JOIN_LIMIT).await?;
                Ok(RunClient::Full(Box::new(client)))
            }
        })
        .await;
    let thin = workload.clients_per_doc - full;
    joined
        .join(workload.docs * thin, |i, tally| {
            let (doc, client) = (i / thin.max(1), full + i % thin.max(1));
            let (endpoint, seed) = (endpoint_of(doc, client), Arc::clone(&seeds[doc]));
            let known = known[i / thin.max(1)].clone();
            async move {
                let name = format!("d{}c{}", i / thin.max(1), full + i % thin.max(1));
                let edits = PlainEdits::new(&seed, name.clone())?;
                let client = ThinClient::join(
                    &endpoint,
                    protocol,
                    seed.document_id,
                    known,
                    Box::new(edits),
                    &name,
                    tally,
                    JOIN_LIMIT,
                )
                .await?;
                Ok(RunClient::Thin(Box::new(client)))
            }
        })
        .await;
    joined.drive(system, workload, limits).await
}

impl Joined {
    pub fn start(system: &ServerProcess) -> anyhow::Result<Self> {
        Ok(Self {
            epoch: Instant::now(),
            counters: Arc::new(Counters::default()),
            clients: Vec::new(),
            failures: Vec::new(),
            server_rss_before: system.sample()?.rss_bytes,
        })
    }

    /// Joins `count` clients, a few at a time, as `join(i, tally)` makes them.
    pub async fn join<F, J>(&mut self, count: usize, join: J)
    where
        J: Fn(usize, Tally) -> F,
        F: Future<Output = anyhow::Result<RunClient>> + Send + 'static,
    {
        let semaphore = Arc::new(tokio::sync::Semaphore::new(JOINING_AT_ONCE));
        let mut joining = JoinSet::new();
        for i in 0..count {
            let tally = Tally::new(self.epoch, Arc::clone(&self.counters));
            let (semaphore, joined) = (Arc::clone(&semaphore), join(i, tally));
            joining.spawn(async move {
                let _permit = semaphore.acquire_owned().await;
                joined.await
            });
        }
        while let Some(joined) = joining.join_next().await {
            match joined {
                Ok(Ok(client)) => self.clients.push(client),
                Ok(Err(e)) => self.failures.push(format!("join: {e:#}")),
                Err(e) => self.failures.push(format!("join task: {e}")),
            }
        }
        self.failures.truncate(10);
    }

    /// Runs the joined clients through the workload and judges the run.
    pub async fn drive(
        self,
        system: &ServerProcess,
        workload: &EditWorkload,
        limits: &GeneratorLimits,
    ) -> anyhow::Result<EditOutcome> {
        let Self {
            epoch,
            counters,
            clients,
            mut failures,
            server_rss_before,
        } = self;
        let clients_joined = clients.len();
        let server_rss_loaded = system.sample()?.rss_bytes;

        // Each client's first edit is spread over one period, so the offered load is even.
        let period = Duration::from_secs_f64(1.0 / workload.rate_per_client);
        let first = Instant::now() + Duration::from_millis(300);
        let (stop, stopped) = watch::channel(false);
        let server_start = system.sample()?;
        let generator_start = proc_stats::sample_self()?;
        let total = clients.len().max(1);
        let mut running = JoinSet::new();
        for (i, client) in clients.into_iter().enumerate() {
            let plan = EditPlan {
                edits: workload.edits_per_client,
                period,
                first: first + period.mul_f64(i as f64 / total as f64),
            };
            running.spawn(client.run(plan, stopped.clone()));
        }

        let per_edit = workload.deliveries_per_change();
        let expected = workload.expected_deliveries();
        let sending_ends = first + Duration::from_secs_f64(workload.sending_secs()) + period;
        let deadline = sending_ends + Duration::from_secs_f64(workload.drain_secs);
        let mut backlog = BacklogSeries::default();
        let mut server_rss_peak = server_rss_loaded;
        let mut ticker = tokio::time::interval(SAMPLE_EVERY);
        loop {
            ticker.tick().await;
            let now = Instant::now();
            let delivered = counters.deliveries.load(Ordering::Relaxed);
            if now >= first && now <= sending_ends {
                let owed = counters.edits.load(Ordering::Relaxed) * per_edit;
                backlog.push((now - first).as_secs_f64(), owed, delivered);
            }
            if let Ok(sample) = system.sample() {
                server_rss_peak = server_rss_peak.max(sample.rss_bytes);
            }
            if (delivered >= expected && now >= sending_ends) || now >= deadline {
                break;
            }
        }
        let wall = first.elapsed().as_secs_f64();
        let server_end = system.sample()?;
        let generator_end = proc_stats::sample_self()?;
        let _ = stop.send(true);
        let mut reports = Vec::new();
        while let Some(report) = running.join_next().await {
            reports.push(report.context("a client task")?);
        }

        let deliveries = counters.deliveries.load(Ordering::Relaxed);
        let edits = counters.edits.load(Ordering::Relaxed);
        let mut fan_out = LatencyHistogram::new();
        let mut lag = LatencyHistogram::new();
        let (mut bytes, mut heads_by_doc) = (0u64, BTreeMap::<DocumentId, Vec<_>>::new());
        for report in &reports {
            fan_out.add(&report.fan_out);
            lag.add(&report.schedule_lag);
            bytes += report.bytes_in + report.bytes_out;
            failures.extend(report.failures.iter().take(3).cloned());
            heads_by_doc
                .entry(report.document_id)
                .or_default()
                .push(report.heads.clone());
        }
        let replicas_converged = clients_joined == workload.clients()
            && heads_by_doc
                .values()
                .all(|heads| heads.windows(2).all(|w| w[0] == w[1]));
        let server_converged = if system.kind().merges() {
            Some(
                server_matches(
                    system.endpoint(),
                    &heads_by_doc,
                    workload.server_checks,
                    &mut failures,
                )
                .await,
            )
        } else {
            None
        };
        let generator_cpu_secs = generator_end.cpu_secs - generator_start.cpu_secs;
        let generator = GeneratorCheck::judge(&lag, generator_cpu_secs, wall, limits);
        let server_cpu_secs = server_end.cpu_secs - server_start.cpu_secs;
        let offered_deliveries = workload.offered_changes_per_sec() * per_edit as f64;
        let backlog_grows = deliveries < expected || backlog.grows(offered_deliveries, 0.05);
        let all_delivered = deliveries >= expected;
        let last_delivery =
            Duration::from_micros(counters.last_delivery_us.load(Ordering::Relaxed));
        let first_since_epoch = first.saturating_duration_since(epoch);
        let per_delivery = |secs: f64| (deliveries > 0).then(|| secs * 1e6 / deliveries as f64);
        Ok(EditOutcome {
            workload: workload.clone(),
            clients_joined,
            edits,
            deliveries,
            expected_deliveries: expected,
            fan_out: fan_out.summary(),
            backlog_grows,
            backlog_late_slope_per_sec: backlog.late_slope(),
            held_changes_per_sec: (!backlog_grows && replicas_converged)
                .then(|| workload.offered_changes_per_sec()),
            converged_after_secs: (all_delivered && replicas_converged).then(|| {
                last_delivery
                    .saturating_sub(first_since_epoch)
                    .as_secs_f64()
            }),
            replicas_converged,
            server_converged,
            server_cpu_secs,
            server_cpu_us_per_delivery: per_delivery(server_cpu_secs),
            generator_cpu_us_per_delivery: per_delivery(generator_cpu_secs),
            server_rss_before,
            server_rss_loaded,
            server_rss_peak,
            wire_bytes_per_change: (edits > 0).then(|| bytes as f64 / edits as f64),
            generator,
            failures,
        })
    }
}

/// Whether fresh fetches of up to `checks` documents end at the heads every
/// replica of that document agreed on.
async fn server_matches(
    endpoint: Endpoint,
    heads_by_doc: &BTreeMap<DocumentId, Vec<Vec<automerge::ChangeHash>>>,
    checks: usize,
    failures: &mut Vec<String>,
) -> bool {
    let mut all = true;
    for (document_id, heads) in heads_by_doc.iter().take(checks) {
        let Some(agreed) = heads.first() else {
            continue;
        };
        match fetch(&endpoint, *document_id, agreed, FETCH_LIMIT).await {
            Ok(fetched) if fetched.heads == *agreed => {}
            Ok(_) => {
                failures.push(format!(
                    "server copy of {document_id} differs from the replicas"
                ));
                all = false;
            }
            Err(e) => {
                failures.push(format!("fetching {document_id}: {e:#}"));
                all = false;
            }
        }
    }
    all
}
