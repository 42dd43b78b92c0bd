//! The table `cargo xtask bench relay` prints, and the raw results as JSON.

use std::fmt::Write as _;

use serde::Serialize;

use crate::{
    scenarios::{Outcome, ScenarioResult},
    system::SystemKind,
};

#[derive(Debug, Serialize)]
pub struct BenchReport {
    pub machine: Machine,
    pub sizes: crate::scenarios::Sizes,
    pub generator_limits: crate::generator_check::GeneratorLimits,
    pub results: Vec<ScenarioResult>,
}

#[derive(Debug, Serialize)]
pub struct Machine {
    pub cores: usize,
    pub load_average_at_start: String,
}

/// One cell of the table.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Num(f64),
    Text(String),
}

impl Cell {
    fn show(&self) -> String {
        match self {
            Self::Num(v) if v.abs() >= 100.0 => format!("{v:.0}"),
            Self::Num(v) if v.abs() >= 1.0 => format!("{v:.2}"),
            Self::Num(v) => format!("{v:.3}"),
            Self::Text(t) => t.clone(),
        }
    }
}

fn num(v: Option<f64>) -> Cell {
    v.map_or_else(|| Cell::Text("—".into()), Cell::Num)
}

fn yes_no(v: bool) -> Cell {
    Cell::Text(if v { "yes" } else { "NO" }.into())
}

const KIB: f64 = 1024.0;

/// The metrics of one outcome, as (name, value) rows in a fixed order.
fn metrics(outcome: &Outcome) -> Vec<(&'static str, Cell)> {
    match outcome {
        Outcome::Edit(e) => edit_metrics(e),
        Outcome::Tracker(t) => {
            let mut rows = vec![
                (
                    "rows / changes of history",
                    Cell::Text(format!("{} / {}", t.rows, t.history_changes)),
                ),
                ("relay CPU ms / one-cell batch", num(t.batch_cpu_ms)),
                (
                    "same, judged by whole-history diff",
                    num(t.batch_cpu_ms_whole_history),
                ),
            ];
            rows.extend(edit_metrics(&t.hot_room));
            rows
        }
        Outcome::Sweep(s) => sweep_metrics(s),
        Outcome::ColdJoin(c) => vec![
            ("changes in the document", Cell::Num(c.changes as f64)),
            ("cold join s", Cell::Num(c.join_secs)),
            ("join bytes KiB", Cell::Num(c.join_bytes as f64 / KIB)),
            ("server CPU s for the join", Cell::Num(c.server_cpu_secs)),
            (
                "server RSS KiB / loaded doc",
                Cell::Num(c.rss_per_loaded_doc() as f64 / KIB),
            ),
            ("upload s", Cell::Num(c.upload_secs)),
            ("joined copy converged", yes_no(c.converged)),
        ],
        Outcome::Idle(i) => vec![
            ("joined", Cell::Num(i.joined as f64)),
            ("held open", Cell::Num(i.held as f64)),
            (
                "server RSS KiB / idle connection",
                num(i.rss_per_connection().map(|b| b / KIB)),
            ),
        ],
        Outcome::Probes(p) => vec![
            (
                "acknowledgement p50 ms",
                Cell::Num(p.acknowledgement.p50_ms),
            ),
            (
                "acknowledgement p99 ms",
                Cell::Num(p.acknowledgement.p99_ms),
            ),
            ("A → B one change p50 ms", Cell::Num(p.a_to_b.p50_ms)),
            ("A → B one change p99 ms", Cell::Num(p.a_to_b.p99_ms)),
            (
                "after a dropped message p50 ms",
                Cell::Num(p.converged_after_dropped_message.p50_ms),
            ),
            (
                "after a dropped message max ms",
                Cell::Num(p.converged_after_dropped_message.max_ms),
            ),
            ("acknowledged, never on B", Cell::Num(f64::from(p.lost))),
        ],
        Outcome::NotApplicable { reason } => vec![("n/a", Cell::Text(reason.clone()))],
        Outcome::Failed { error } => vec![("FAILED", Cell::Text(shorten(error, 60)))],
    }
}

fn edit_metrics(e: &crate::edit_run::EditOutcome) -> Vec<(&'static str, Cell)> {
    let docs = e.workload.docs.max(1) as f64;
    vec![
        (
            "offered changes/s",
            Cell::Num(e.workload.offered_changes_per_sec()),
        ),
        (
            "held merged changes/s",
            // A run the generator rejected says nothing about the server.
            match &e.generator.invalid {
                Some(_) => Cell::Text("rejected".into()),
                None => num(e.held_changes_per_sec),
            },
        ),
        ("fan-out p50 ms", Cell::Num(e.fan_out.p50_ms)),
        ("fan-out p99 ms", Cell::Num(e.fan_out.p99_ms)),
        ("fan-out p999 ms", Cell::Num(e.fan_out.p999_ms)),
        ("converged after first edit s", num(e.converged_after_secs)),
        ("replicas converged", yes_no(e.replicas_converged)),
        (
            "server copy converged",
            e.server_converged.map_or(Cell::Text("n/a".into()), yes_no),
        ),
        (
            "server CPU µs / delivered change",
            num(e.server_cpu_us_per_delivery),
        ),
        ("wire bytes / change", num(e.wire_bytes_per_change)),
        (
            "server RSS KiB / loaded doc (+its clients)",
            Cell::Num((e.server_rss_loaded as f64 - e.server_rss_before as f64) / KIB / docs),
        ),
        (
            "server RSS peak MiB",
            Cell::Num(e.server_rss_peak as f64 / KIB / KIB),
        ),
        (
            "generator CPU µs / delivered change",
            num(e.generator_cpu_us_per_delivery),
        ),
        (
            "generator CPU % of one core",
            Cell::Num(e.generator.cores_used * 100.0),
        ),
        (
            "generator valid",
            Cell::Text(
                e.generator
                    .invalid
                    .as_ref()
                    .map_or("yes".into(), |_| "NO".into()),
            ),
        ),
    ]
}

fn sweep_metrics(s: &crate::scenarios::SweepOutcome) -> Vec<(&'static str, Cell)> {
    let last = s.steps.last();
    vec![
        (
            "sustained merged changes/s",
            num(s.sustained_changes_per_sec),
        ),
        (
            "first step not held, changes/s",
            num(s
                .steps
                .iter()
                .find(|st| !st.held)
                .map(|st| st.offered_changes_per_sec)),
        ),
        (
            "why it stopped",
            Cell::Text(match last {
                Some(st) if !st.held => stop_reason(&st.outcome),
                Some(_) => "every step held".into(),
                None => "no steps".into(),
            }),
        ),
    ]
}

fn stop_reason(e: &crate::edit_run::EditOutcome) -> String {
    if let Some(invalid) = &e.generator.invalid {
        return shorten(invalid, 60);
    }
    if !e.replicas_converged {
        return "replicas diverged".into();
    }
    "backlog grew".into()
}

fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// A short summary for progress lines.
pub fn one_line(outcome: &Outcome) -> String {
    metrics(outcome)
        .into_iter()
        .map(|(name, cell)| format!("{name}={}", cell.show()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One block per scenario: a row per metric, a column per system, then the
/// ratios ours/automerge-repo and ours/echo where both are numbers.
pub fn table(results: &[ScenarioResult], systems: &[SystemKind]) -> String {
    let mut out = String::new();
    let mut scenarios: Vec<&str> = Vec::new();
    for r in results {
        if !scenarios.contains(&r.scenario.as_str()) {
            scenarios.push(&r.scenario);
        }
    }
    let width = 42;
    for scenario in scenarios {
        let _ = write!(out, "\n{scenario:<width$}");
        for system in systems {
            let _ = write!(out, " {:>16}", system.to_string());
        }
        let _ = writeln!(out, " {:>10} {:>10}", "ours/a-r", "ours/echo");
        let per_system: Vec<Vec<(&str, Cell)>> = systems
            .iter()
            .map(|s| {
                results
                    .iter()
                    .find(|r| r.scenario == scenario && r.system == *s)
                    .map(|r| metrics(&r.outcome))
                    .unwrap_or_default()
            })
            .collect();
        let mut names: Vec<&str> = Vec::new();
        for rows in &per_system {
            for (name, _) in rows {
                if !names.contains(name) {
                    names.push(name);
                }
            }
        }
        for name in names {
            let cells: Vec<Option<&Cell>> = per_system
                .iter()
                .map(|rows| rows.iter().find(|(n, _)| *n == name).map(|(_, c)| c))
                .collect();
            let _ = write!(out, "  {name:<w$}", w = width - 2);
            for cell in &cells {
                let shown = cell.map_or(String::new(), Cell::show);
                let _ = write!(out, " {shown:>16}");
            }
            let value_of = |kind: SystemKind| {
                systems.iter().position(|s| *s == kind).and_then(|i| {
                    match cells.get(i).copied().flatten() {
                        Some(Cell::Num(v)) => Some(*v),
                        _ => None,
                    }
                })
            };
            let ours = value_of(SystemKind::Concord);
            for other in [SystemKind::AutomergeRepo, SystemKind::Echo] {
                let ratio = match (ours, value_of(other)) {
                    (Some(a), Some(b)) if b != 0.0 => format!("{:.2}", a / b),
                    _ => String::new(),
                };
                let _ = write!(out, " {ratio:>10}");
            }
            let _ = writeln!(out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::idle::IdleOutcome;

    fn idle(system: SystemKind, joined: usize, rss_joined: u64) -> ScenarioResult {
        ScenarioResult {
            scenario: "S4".into(),
            system,
            outcome: Outcome::Idle(IdleOutcome {
                clients: joined,
                joined,
                held: joined,
                hold_secs: 1.0,
                server_rss_before: 0,
                server_rss_joined: rss_joined,
                join_failures: Vec::new(),
            }),
        }
    }

    #[test]
    fn the_table_shows_ratios_of_ours_to_the_others() {
        let results = [
            idle(SystemKind::Concord, 100, 100 * 8 * 1024),
            idle(SystemKind::AutomergeRepo, 100, 100 * 32 * 1024),
            idle(SystemKind::Echo, 100, 100 * 4 * 1024),
        ];
        let table = table(&results, &SystemKind::ALL);
        let row = table
            .lines()
            .find(|l| l.contains("RSS KiB / idle connection"))
            .unwrap();
        let cells: Vec<&str> = row.split_whitespace().rev().take(5).collect();
        // reversed: ours/echo, ours/a-r, echo, automerge-repo, concord
        assert_eq!(cells, ["2.00", "0.25", "4.00", "32.00", "8.00"]);
    }

    #[test]
    fn a_missing_system_leaves_its_column_and_ratio_empty() {
        let results = [idle(SystemKind::Concord, 10, 10 * 1024)];
        let table = table(&results, &SystemKind::ALL);
        let row = table.lines().find(|l| l.contains("joined")).unwrap();
        assert!(row.trim_end().ends_with("10.00"), "{row}");
    }
}
