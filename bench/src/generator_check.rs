use serde::Serialize;

use crate::latency::{LatencyHistogram, LatencySummary};

/// When the load generator's own numbers make a run worthless.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct GeneratorLimits {
    /// Edits starting later than this after their due time (p99) mean the
    /// generator could not keep its schedule.
    pub max_lag_p99_ms: f64,
    /// Generator CPU over wall time, as a share of all cores.
    pub max_cpu_share: f64,
    pub cores: usize,
}

/// The generator's verdict on its own run.
#[derive(Debug, Clone, Serialize)]
pub struct GeneratorCheck {
    pub schedule_lag: LatencySummary,
    /// Generator CPU over wall time, as a share of all cores.
    pub cpu_share: f64,
    /// The same in cores: 0.25 is a quarter of one core.
    pub cores_used: f64,
    /// Why the run does not count, if it does not.
    pub invalid: Option<String>,
}

impl GeneratorCheck {
    pub fn judge(
        lag: &LatencyHistogram,
        cpu_secs: f64,
        wall_secs: f64,
        limits: &GeneratorLimits,
    ) -> Self {
        let schedule_lag = lag.summary();
        let cores_used = if wall_secs > 0.0 {
            cpu_secs / wall_secs
        } else {
            0.0
        };
        let cpu_share = cores_used / limits.cores.max(1) as f64;
        let mut reasons = Vec::new();
        if schedule_lag.p99_ms > limits.max_lag_p99_ms {
            reasons.push(format!(
                "schedule lag p99 {:.1} ms > {:.1} ms",
                schedule_lag.p99_ms, limits.max_lag_p99_ms
            ));
        }
        if cpu_share > limits.max_cpu_share {
            reasons.push(format!(
                "generator CPU {:.0}% of the machine > {:.0}%",
                cpu_share * 100.0,
                limits.max_cpu_share * 100.0
            ));
        }
        Self {
            schedule_lag,
            cpu_share,
            cores_used,
            invalid: (!reasons.is_empty())
                .then(|| format!("generator is the bottleneck: {}", reasons.join("; "))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: GeneratorLimits = GeneratorLimits {
        max_lag_p99_ms: 10.0,
        max_cpu_share: 0.5,
        cores: 2,
    };

    fn lag_of(ms: u64) -> LatencyHistogram {
        let mut lag = LatencyHistogram::new();
        for _ in 0..100 {
            lag.record_us(ms * 1000);
        }
        lag
    }

    #[test]
    fn a_punctual_idle_generator_is_valid() {
        let check = GeneratorCheck::judge(&lag_of(1), 1.0, 10.0, &LIMITS);
        assert_eq!(check.invalid, None);
        assert!((check.cpu_share - 0.05).abs() < 1e-9);
    }

    #[test]
    fn a_late_generator_rejects_its_run() {
        let check = GeneratorCheck::judge(&lag_of(50), 1.0, 10.0, &LIMITS);
        assert!(check.invalid.unwrap().contains("schedule lag"));
    }

    #[test]
    fn a_busy_generator_rejects_its_run() {
        // 12 CPU-seconds in 10 s on 2 cores is 60% of the machine.
        let check = GeneratorCheck::judge(&lag_of(1), 12.0, 10.0, &LIMITS);
        assert!(check.invalid.unwrap().contains("CPU 60%"));
    }
}
