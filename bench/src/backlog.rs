use serde::Serialize;

/// Deliveries still owed over time during the sending phase of a run: for
/// each sample, the fan-out deliveries the changes sent so far call for,
/// minus those that arrived. A held rate keeps this flat; an overloaded
/// system lets it climb for as long as the offered rate lasts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BacklogSeries {
    samples: Vec<BacklogSample>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct BacklogSample {
    pub at_secs: f64,
    pub owed: u64,
}

impl BacklogSeries {
    pub fn push(&mut self, at_secs: f64, expected: u64, delivered: u64) {
        self.samples.push(BacklogSample {
            at_secs,
            owed: expected.saturating_sub(delivered),
        });
    }

    pub fn samples(&self) -> &[BacklogSample] {
        &self.samples
    }

    /// Least-squares slope of the owed deliveries over the second half of the
    /// samples (the first half is warm-up), in deliveries per second.
    pub fn late_slope(&self) -> Option<f64> {
        let late = self.samples.get(self.samples.len() / 2..)?;
        if late.len() < 3 {
            return None;
        }
        let n = late.len() as f64;
        let mean_t = late.iter().map(|s| s.at_secs).sum::<f64>() / n;
        let mean_b = late.iter().map(|s| s.owed as f64).sum::<f64>() / n;
        let (mut cov, mut var) = (0.0, 0.0);
        for s in late {
            let dt = s.at_secs - mean_t;
            cov += dt * (s.owed as f64 - mean_b);
            var += dt * dt;
        }
        (var > 0.0).then(|| cov / var)
    }

    /// Whether the backlog grows: its late slope exceeds `tolerance` of the
    /// offered delivery rate (deliveries per second). Too few samples to tell
    /// counts as growing, so an unmeasured rate is never called sustained.
    pub fn grows(&self, offered_deliveries_per_sec: f64, tolerance: f64) -> bool {
        match self.late_slope() {
            Some(slope) => slope > tolerance * offered_deliveries_per_sec,
            None => true,
        }
    }
}

/// The highest offered rate of a sweep whose run held (no growing backlog,
/// converged, generator not the bottleneck); `None` if none did.
pub fn sustained_rate(steps: &[(f64, bool)]) -> Option<f64> {
    steps
        .iter()
        .filter(|(_, held)| *held)
        .map(|(rate, _)| *rate)
        .fold(None, |best, rate| {
            Some(best.map_or(rate, |b: f64| b.max(rate)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(owed: impl Fn(f64) -> u64) -> BacklogSeries {
        let mut s = BacklogSeries::default();
        for i in 0..40 {
            let t = f64::from(i) * 0.1;
            // expected is arbitrary; only the difference matters
            s.push(t, 1_000_000 + owed(t), 1_000_000);
        }
        s
    }

    #[test]
    fn a_flat_backlog_is_held() {
        let s = series(|t| 50 + ((t * 10.0) as u64 % 3));
        assert!(!s.grows(1000.0, 0.05));
    }

    #[test]
    fn a_climbing_backlog_grows() {
        let s = series(|t| (t * 300.0) as u64);
        let slope = s.late_slope().unwrap();
        assert!((slope - 300.0).abs() < 5.0, "{slope}");
        assert!(s.grows(1000.0, 0.05));
    }

    #[test]
    fn a_draining_backlog_is_held() {
        let s = series(|t| 2000 - (t * 200.0) as u64);
        assert!(!s.grows(1000.0, 0.05));
    }

    #[test]
    fn too_few_samples_is_not_called_sustained() {
        let mut s = BacklogSeries::default();
        s.push(0.0, 10, 10);
        assert!(s.grows(1000.0, 0.05));
    }

    #[test]
    fn more_delivered_than_expected_owes_nothing() {
        let mut s = BacklogSeries::default();
        s.push(0.0, 5, 9);
        assert_eq!(s.samples()[0].owed, 0);
    }

    #[test]
    fn sustained_is_the_highest_held_rate() {
        assert_eq!(
            sustained_rate(&[
                (250.0, true),
                (500.0, true),
                (1000.0, false),
                (2000.0, false)
            ]),
            Some(500.0)
        );
        assert_eq!(sustained_rate(&[(250.0, false)]), None);
    }
}
