//! The four scenarios, their sizes, and running them against each system.

use std::time::Duration;

use serde::Serialize;

use crate::{
    backlog::sustained_rate,
    cluster_run::{self, Cluster, ProbeOutcome},
    cold_join::{self, ColdJoinOutcome},
    edit_run::{self, EditOutcome, EditWorkload},
    generator_check::GeneratorLimits,
    idle::{self, IdleOutcome},
    system::{Programs, ServerProcess, SystemKind},
    tracker_run::{self, TrackerOutcome, TrackerSizes},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
pub enum ScenarioKind {
    /// S1 hot room: one document, many clients.
    S1,
    /// S2 many rooms: many documents with 3 clients each.
    S2,
    /// S3 cold join: open a document of many operations.
    S3,
    /// S4 idle: connected, joined, idle clients.
    S4,
    /// S5 tracker: a hot room on a large task tracker through our relay with
    /// sessions and the access policy, and the cost of judging a batch.
    S5,
    /// Sustained rate: S1 at rising offered rates until the backlog grows.
    Sweep,
    /// Our relay on PostgreSQL, alone and as two relays with NATS: S2 on
    /// each, fan-out across relays, acknowledgement latency, and how long a
    /// change whose broker message was dropped takes to reach the other relay.
    Cluster,
}

/// Scenario sizes; the defaults are the issue's, `--quick` shrinks them.
#[derive(Debug, Clone, Serialize, clap::Args)]
pub struct Sizes {
    /// S1 room sizes.
    #[arg(long, value_delimiter = ',', default_value = "10,50,200,500")]
    pub s1_clients: Vec<usize>,
    /// S1 edits per second of one client, at most.
    #[arg(long, default_value_t = 20.0)]
    pub s1_client_rate: f64,
    /// S1 edits per second of the whole room, at most: bigger rooms edit
    /// slower per client (500 clients × 2/s).
    #[arg(long, default_value_t = 1000.0)]
    pub s1_room_rate: f64,
    /// Seconds of editing in S1, S2 and each sweep step.
    #[arg(long, default_value_t = 5.0)]
    pub edit_secs: f64,
    #[arg(long, default_value_t = 1000)]
    pub s2_docs: usize,
    /// S2 edits per second of one client.
    #[arg(long, default_value_t = 0.5)]
    pub s2_client_rate: f64,
    #[arg(long, default_value_t = 260_000)]
    pub s3_ops: usize,
    #[arg(long, default_value_t = 10_000)]
    pub s4_clients: usize,
    #[arg(long, default_value_t = 5.0)]
    pub s4_hold_secs: f64,
    /// Room size of the sustained-rate sweep.
    #[arg(long, default_value_t = 50)]
    pub sweep_clients: usize,
    /// Offered changes per second of the sweep's steps, in order.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "250,500,1000,2000,4000,8000"
    )]
    pub sweep_rates: Vec<f64>,
    /// Seconds deliveries may still arrive after the last edit.
    #[arg(long, default_value_t = 30.0)]
    pub drain_secs: f64,
    /// Documents per run whose server copy is fetched to check convergence.
    #[arg(long, default_value_t = 20)]
    pub server_checks: usize,
    /// Clients per document with a full replica (the first brings the
    /// document); the rest of each room are thin clients.
    #[arg(long, default_value_t = 2)]
    pub full_replicas: usize,
    /// S5's tracker rows (each made in five changes of its history).
    #[arg(long, default_value_t = 2000)]
    pub s5_rows: usize,
    /// Cluster: single changes timed with the broker up.
    #[arg(long, default_value_t = 200)]
    pub cluster_probes: u32,
    /// Cluster: single changes timed with the broker killed.
    #[arg(long, default_value_t = 10)]
    pub cluster_drops: u32,
    /// S5's room: editors, plus the full replicas that check convergence.
    #[arg(long, default_value_t = 50)]
    pub s5_clients: usize,
    /// S5 edits per second of one editor.
    #[arg(long, default_value_t = 4.0)]
    pub s5_client_rate: f64,
    /// One-cell batches S5 times on our relay as it judges today.
    #[arg(long, default_value_t = 200)]
    pub s5_probe_batches: u32,
    /// One-cell batches S5 times on a relay judging by a whole-history diff.
    #[arg(long, default_value_t = 20)]
    pub s5_whole_history_batches: u32,
}

impl Sizes {
    /// Small enough for a shared laptop: seconds per system and scenario.
    pub fn quick() -> Self {
        Self {
            s1_clients: vec![5, 20],
            s1_client_rate: 10.0,
            s1_room_rate: 100.0,
            edit_secs: 2.0,
            s2_docs: 20,
            s2_client_rate: 1.0,
            s3_ops: 20_000,
            s4_clients: 200,
            s4_hold_secs: 1.0,
            sweep_clients: 10,
            sweep_rates: vec![50.0, 100.0, 200.0],
            drain_secs: 10.0,
            server_checks: 5,
            full_replicas: 2,
            s5_rows: 500,
            s5_clients: 10,
            s5_client_rate: 2.0,
            s5_probe_batches: 50,
            s5_whole_history_batches: 10,
            cluster_probes: 50,
            cluster_drops: 3,
        }
    }

    fn edit_workload(
        &self,
        docs: usize,
        clients_per_doc: usize,
        rate_per_client: f64,
    ) -> EditWorkload {
        EditWorkload {
            docs,
            clients_per_doc,
            full_replicas_per_doc: self.full_replicas,
            full_replicas_edit: true,
            rate_per_client,
            edits_per_client: (rate_per_client * self.edit_secs).ceil().max(1.0) as u32,
            drain_secs: self.drain_secs,
            server_checks: self.server_checks,
        }
    }

    /// S5's hot room: one tracker, its editors thin, its full replicas
    /// only receiving.
    fn s5_workload(&self) -> EditWorkload {
        EditWorkload {
            full_replicas_edit: false,
            ..self.edit_workload(1, self.s5_clients, self.s5_client_rate)
        }
    }

    fn s5_sizes(&self) -> TrackerSizes {
        TrackerSizes {
            rows: self.s5_rows,
            probe_batches: self.s5_probe_batches,
            whole_history_batches: self.s5_whole_history_batches,
        }
    }

    fn s1_rate(&self, clients: usize) -> f64 {
        self.s1_client_rate
            .min(self.s1_room_rate / clients.max(1) as f64)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SweepStep {
    pub offered_changes_per_sec: f64,
    pub held: bool,
    pub outcome: EditOutcome,
}

#[derive(Debug, Clone, Serialize)]
pub struct SweepOutcome {
    pub clients: usize,
    pub steps: Vec<SweepStep>,
    pub sustained_changes_per_sec: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    Edit(Box<EditOutcome>),
    Tracker(Box<TrackerOutcome>),
    Sweep(SweepOutcome),
    ColdJoin(ColdJoinOutcome),
    Idle(IdleOutcome),
    Probes(ProbeOutcome),
    NotApplicable { reason: String },
    Failed { error: String },
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioResult {
    pub scenario: String,
    pub system: SystemKind,
    pub outcome: Outcome,
}

/// The scenario runs one system takes part in, labelled the same for every system.
pub fn labels(kind: ScenarioKind, sizes: &Sizes) -> Vec<String> {
    match kind {
        ScenarioKind::S1 => sizes
            .s1_clients
            .iter()
            .map(|&n| format!("S1 hot room: {n} clients × {}/s", sizes.s1_rate(n)))
            .collect(),
        ScenarioKind::S2 => vec![format!(
            "S2 many rooms: {} docs × 3 clients × {}/s",
            sizes.s2_docs, sizes.s2_client_rate
        )],
        ScenarioKind::S3 => vec![format!("S3 cold join: {} ops", sizes.s3_ops)],
        ScenarioKind::S4 => vec![format!("S4 idle: {} clients", sizes.s4_clients)],
        ScenarioKind::S5 => vec![format!(
            "S5 tracker: {} rows, {} clients × {}/s",
            sizes.s5_rows, sizes.s5_clients, sizes.s5_client_rate
        )],
        ScenarioKind::Sweep => vec![format!(
            "sustained: {} clients in one room",
            sizes.sweep_clients
        )],
        ScenarioKind::Cluster => vec![
            format!(
                "C1 S2 on one relay, PostgreSQL: {} docs × 3 clients × {}/s",
                sizes.s2_docs, sizes.s2_client_rate
            ),
            "C2 the same on two relays, PostgreSQL + NATS (CPU, RSS: relay A's)".into(),
            "C3 S2's docs × 2 clients, one on each relay: all fan-out crosses".into(),
            format!(
                "C4 one change at a time, A → B: {} with NATS, {} with it killed",
                sizes.cluster_probes, sizes.cluster_drops
            ),
        ],
    }
}

/// Runs one scenario against one system, each run on a freshly started system.
pub async fn run(
    kind: ScenarioKind,
    system: SystemKind,
    sizes: &Sizes,
    programs: &Programs,
    limits: &GeneratorLimits,
) -> Vec<ScenarioResult> {
    let labels = labels(kind, sizes);
    let mut results = Vec::new();
    for (i, label) in labels.into_iter().enumerate() {
        eprintln!("--- {label} on {system}");
        let outcome = match run_one(kind, i, system, sizes, programs, limits).await {
            Ok(outcome) => outcome,
            Err(e) => Outcome::Failed {
                error: format!("{e:#}"),
            },
        };
        eprintln!("    {}", crate::report::one_line(&outcome));
        results.push(ScenarioResult {
            scenario: label,
            system,
            outcome,
        });
    }
    results
}

async fn run_one(
    kind: ScenarioKind,
    index: usize,
    system: SystemKind,
    sizes: &Sizes,
    programs: &Programs,
    limits: &GeneratorLimits,
) -> anyhow::Result<Outcome> {
    if kind == ScenarioKind::S3 && !system.merges() {
        return Ok(Outcome::NotApplicable {
            reason: "the echo relay keeps no documents to join".into(),
        });
    }
    if kind == ScenarioKind::Cluster {
        if system != SystemKind::Concord {
            return Ok(Outcome::NotApplicable {
                reason: "the cluster scenario measures our relays sharing PostgreSQL".into(),
            });
        }
        return cluster(index, sizes, programs, limits).await;
    }
    if kind == ScenarioKind::S5 {
        if system != SystemKind::Concord {
            return Ok(Outcome::NotApplicable {
                reason: "S5 measures our relay's sessions and access policy".into(),
            });
        }
        let workload = sizes.s5_workload();
        let outcome = tracker_run::run(programs, &sizes.s5_sizes(), &workload, limits).await?;
        return Ok(Outcome::Tracker(Box::new(outcome)));
    }
    let server = ServerProcess::start(system, programs).await?;
    let outcome = match kind {
        ScenarioKind::S1 => {
            let n = sizes.s1_clients.get(index).copied().unwrap_or(1);
            let workload = sizes.edit_workload(1, n, sizes.s1_rate(n));
            Outcome::Edit(Box::new(edit_run::run(&server, &workload, limits).await?))
        }
        ScenarioKind::S2 => {
            let workload = sizes.edit_workload(sizes.s2_docs, 3, sizes.s2_client_rate);
            Outcome::Edit(Box::new(edit_run::run(&server, &workload, limits).await?))
        }
        ScenarioKind::S3 => {
            let (outcome, server) = cold_join::run(server, programs, sizes.s3_ops).await?;
            server.stop().await;
            return Ok(Outcome::ColdJoin(outcome));
        }
        ScenarioKind::S4 => {
            let hold = Duration::from_secs_f64(sizes.s4_hold_secs);
            Outcome::Idle(idle::run(&server, sizes.s4_clients, hold).await?)
        }
        ScenarioKind::Sweep => Outcome::Sweep(sweep(&server, sizes, limits).await?),
        // Returned above: S5 and the cluster start relays of their own.
        ScenarioKind::S5 | ScenarioKind::Cluster => Outcome::NotApplicable {
            reason: "started relays of its own".into(),
        },
    };
    server.stop().await;
    Ok(outcome)
}

/// One run of the cluster scenario (`index` as in [`labels`]), on relays
/// started for it.
async fn cluster(
    index: usize,
    sizes: &Sizes,
    programs: &Programs,
    limits: &GeneratorLimits,
) -> anyhow::Result<Outcome> {
    let (relays, broker) = if index == 0 { (1, false) } else { (2, true) };
    let cluster = Cluster::start(programs, relays, broker).await?;
    let outcome = match index {
        0 | 1 => {
            let workload = sizes.edit_workload(sizes.s2_docs, 3, sizes.s2_client_rate);
            cluster_run::edits(&cluster, &workload, limits)
                .await
                .map(|e| Outcome::Edit(Box::new(e)))
        }
        2 => {
            let workload = sizes.edit_workload(sizes.s2_docs, 2, sizes.s2_client_rate);
            cluster_run::edits(&cluster, &workload, limits)
                .await
                .map(|e| Outcome::Edit(Box::new(e)))
        }
        _ => cluster_run::probes(&cluster, sizes.cluster_probes, sizes.cluster_drops)
            .await
            .map(Outcome::Probes),
    };
    cluster.stop().await;
    outcome
}

/// Offers rising rates to one room until a step does not hold (its backlog
/// grows, replicas diverge, or the generator could not keep up).
async fn sweep(
    server: &ServerProcess,
    sizes: &Sizes,
    limits: &GeneratorLimits,
) -> anyhow::Result<SweepOutcome> {
    let clients = sizes.sweep_clients.max(2);
    let mut steps = Vec::new();
    for &rate in &sizes.sweep_rates {
        let workload = sizes.edit_workload(1, clients, rate / clients as f64);
        let outcome = edit_run::run(server, &workload, limits).await?;
        let held = outcome.held_changes_per_sec.is_some() && outcome.generator.invalid.is_none();
        eprintln!(
            "    offered {rate}/s: {}",
            crate::report::one_line(&Outcome::Edit(Box::new(outcome.clone())))
        );
        steps.push(SweepStep {
            offered_changes_per_sec: rate,
            held,
            outcome,
        });
        if !held {
            break;
        }
    }
    let rates: Vec<(f64, bool)> = steps
        .iter()
        .map(|s| (s.offered_changes_per_sec, s.held))
        .collect();
    Ok(SweepOutcome {
        clients,
        sustained_changes_per_sec: sustained_rate(&rates),
        steps,
    })
}
