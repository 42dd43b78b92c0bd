use hdrhistogram::Histogram;
use serde::Serialize;

/// Microsecond latencies (fan-out, or the generator's own schedule lag) in an
/// HDR histogram: 3 significant digits from 1 µs up to 10 minutes.
#[derive(Debug, Clone)]
pub struct LatencyHistogram {
    histogram: Histogram<u64>,
}

/// What the report shows of a histogram, in milliseconds.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct LatencySummary {
    pub count: u64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub max_ms: f64,
}

const HIGHEST_US: u64 = 600_000_000;

impl Default for LatencyHistogram {
    fn default() -> Self {
        Self::new()
    }
}

impl LatencyHistogram {
    pub fn new() -> Self {
        let histogram =
            Histogram::new_with_bounds(1, HIGHEST_US, 3).expect("constant bounds are valid");
        Self { histogram }
    }

    /// Records one latency; values past ten minutes count as ten minutes.
    pub fn record_us(&mut self, micros: u64) {
        self.histogram
            .saturating_record(micros.clamp(1, HIGHEST_US));
    }

    pub fn add(&mut self, other: &Self) {
        // Both share the same bounds, so adding cannot fail.
        let _ = self.histogram.add(&other.histogram);
    }

    pub fn len(&self) -> u64 {
        self.histogram.len()
    }

    pub fn is_empty(&self) -> bool {
        self.histogram.is_empty()
    }

    pub fn summary(&self) -> LatencySummary {
        let ms = |q: f64| self.histogram.value_at_quantile(q) as f64 / 1000.0;
        LatencySummary {
            count: self.histogram.len(),
            p50_ms: ms(0.5),
            p99_ms: ms(0.99),
            p999_ms: ms(0.999),
            max_ms: self.histogram.max() as f64 / 1000.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_come_from_the_recorded_values() {
        let mut h = LatencyHistogram::new();
        for us in 1..=1000 {
            h.record_us(us * 1000);
        }
        let s = h.summary();
        assert_eq!(s.count, 1000);
        assert!((s.p50_ms - 500.0).abs() < 1.0, "{s:?}");
        assert!((s.p99_ms - 990.0).abs() < 1.0, "{s:?}");
        assert!((s.p999_ms - 999.0).abs() < 1.0, "{s:?}");
    }

    #[test]
    fn merged_histograms_count_both() {
        let mut a = LatencyHistogram::new();
        let mut b = LatencyHistogram::new();
        a.record_us(1_000);
        b.record_us(9_000);
        b.record_us(9_000);
        a.add(&b);
        assert_eq!(a.len(), 3);
        assert!((a.summary().p50_ms - 9.0).abs() < 0.01);
    }

    #[test]
    fn zero_and_huge_values_are_clamped_not_lost() {
        let mut h = LatencyHistogram::new();
        h.record_us(0);
        h.record_us(u64::MAX);
        assert_eq!(h.len(), 2);
        assert!(h.summary().max_ms >= 599_000.0);
    }
}
