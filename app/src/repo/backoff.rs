//! When to try the relay again after a connection is lost.

/// Exponential backoff with "equal jitter": the wait doubles with each failed
/// attempt up to a cap, and half of it is random so that many browsers cut off
/// by one relay restart do not all come back in the same instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub base_ms: u32,
    pub cap_ms: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            base_ms: 500,
            cap_ms: 30_000,
        }
    }
}

impl Backoff {
    /// The wait before attempt number `attempt` (0 = the first retry).
    /// `jitter` is a random number in `[0, 1)`; values outside are clamped.
    pub fn delay_ms(&self, attempt: u32, jitter: f64) -> u32 {
        let ceiling = self.ceiling_ms(attempt);
        let half = ceiling / 2;
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        // `as` saturates for floats; the product is at most `ceiling - half`.
        let random = (f64::from(ceiling - half) * jitter) as u32;
        half + random.min(ceiling - half)
    }

    /// The wait without jitter: `base · 2^attempt`, at most the cap.
    fn ceiling_ms(&self, attempt: u32) -> u32 {
        let factor = 1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX);
        self.base_ms.saturating_mul(factor).min(self.cap_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: Backoff = Backoff {
        base_ms: 500,
        cap_ms: 30_000,
    };

    #[test]
    fn the_wait_doubles_with_each_attempt() {
        let ceilings: Vec<u32> = (0..6).map(|a| B.delay_ms(a, 1.0)).collect();
        assert_eq!(ceilings, [500, 1000, 2000, 4000, 8000, 16000]);
        let floors: Vec<u32> = (0..6).map(|a| B.delay_ms(a, 0.0)).collect();
        assert_eq!(floors, [250, 500, 1000, 2000, 4000, 8000]);
    }

    #[test]
    fn the_wait_stops_growing_at_the_cap() {
        assert_eq!(B.delay_ms(6, 1.0), 30_000);
        assert_eq!(B.delay_ms(40, 1.0), 30_000);
        assert_eq!(B.delay_ms(u32::MAX, 1.0), 30_000);
        assert_eq!(B.delay_ms(u32::MAX, 0.0), 15_000);
    }

    #[test]
    fn jitter_stays_within_the_upper_half() {
        for attempt in 0..12 {
            let ceiling = B.delay_ms(attempt, 1.0);
            for jitter in [0.0, 0.1, 0.5, 0.999, -3.0, 7.0, f64::NAN, f64::INFINITY] {
                let wait = B.delay_ms(attempt, jitter);
                assert!(
                    wait >= ceiling / 2 && wait <= ceiling,
                    "{attempt} {jitter} {wait}"
                );
            }
        }
        assert_ne!(B.delay_ms(3, 0.2), B.delay_ms(3, 0.8));
    }

    #[test]
    fn huge_settings_do_not_overflow() {
        let b = Backoff {
            base_ms: u32::MAX,
            cap_ms: u32::MAX,
        };
        assert_eq!(b.delay_ms(5, 1.0), u32::MAX);
    }
}
