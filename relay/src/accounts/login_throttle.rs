use std::collections::HashMap;

/// Slows down password guessing. Each key (an account name, a client
/// address) has a few free failures; after those every attempt must wait,
/// twice as long after each further failure, up to `MAX_WAIT_MS`. A success
/// clears the key. Sans-IO: the caller passes the time.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    keys: HashMap<String, Failures>,
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last_ms: i64,
}

/// Failures allowed before any waiting.
pub const FREE_FAILURES: u32 = 5;
const FIRST_WAIT_MS: i64 = 1_000;
pub const MAX_WAIT_MS: i64 = 15 * 60 * 1000;
/// Failures older than this are forgotten.
const FORGET_AFTER_MS: i64 = 24 * 60 * 60 * 1000;
/// Keys kept at most; past this the oldest are dropped, so a flood of
/// made-up names cannot fill the relay's memory.
const MAX_KEYS: usize = 100_000;

impl LoginThrottle {
    /// `Err(ms)`: the key must wait that long before trying again.
    pub fn check(&self, key: &str, now_ms: i64) -> Result<(), i64> {
        let Some(f) = self.keys.get(key) else {
            return Ok(());
        };
        let wait = wait_after(f.count);
        let ready = f.last_ms.saturating_add(wait);
        if now_ms < ready {
            Err(ready - now_ms)
        } else {
            Ok(())
        }
    }

    pub fn failed(&mut self, key: &str, now_ms: i64) {
        if self.keys.len() >= MAX_KEYS && !self.keys.contains_key(key) {
            self.forget_old(now_ms);
        }
        let f = self.keys.entry(key.to_owned()).or_insert(Failures {
            count: 0,
            last_ms: now_ms,
        });
        f.count = f.count.saturating_add(1);
        f.last_ms = now_ms;
    }

    pub fn succeeded(&mut self, key: &str) {
        self.keys.remove(key);
    }

    fn forget_old(&mut self, now_ms: i64) {
        self.keys
            .retain(|_, f| now_ms.saturating_sub(f.last_ms) < FORGET_AFTER_MS);
        while self.keys.len() >= MAX_KEYS {
            let Some(oldest) = self
                .keys
                .iter()
                .min_by_key(|(_, f)| f.last_ms)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            self.keys.remove(&oldest);
        }
    }
}

fn wait_after(failures: u32) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES).min(20);
    (FIRST_WAIT_MS << doublings).min(MAX_WAIT_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guessing_slows_down_and_a_success_clears() {
        let mut t = LoginThrottle::default();
        for _ in 0..FREE_FAILURES {
            assert_eq!(t.check("ann", 0), Ok(()));
            t.failed("ann", 0);
        }
        assert_eq!(t.check("ann", 0), Err(1_000));
        assert_eq!(t.check("ann", 1_000), Ok(()));
        t.failed("ann", 1_000);
        assert_eq!(t.check("ann", 1_000), Err(2_000));
        for n in 0..30 {
            t.failed("ann", 10_000 + n);
        }
        assert_eq!(t.check("ann", 10_029), Err(MAX_WAIT_MS));
        assert_eq!(t.check("bob", 10_029), Ok(()), "keys are separate");
        t.succeeded("ann");
        assert_eq!(t.check("ann", 10_030), Ok(()));
    }

    #[test]
    fn made_up_names_cannot_grow_it_without_bound() {
        let mut t = LoginThrottle::default();
        for n in 0..(MAX_KEYS + 10) {
            t.failed(&format!("name{n}"), n as i64);
        }
        assert!(t.keys.len() <= MAX_KEYS);
        assert!(t.keys.contains_key(&format!("name{}", MAX_KEYS + 9)));
    }
}
