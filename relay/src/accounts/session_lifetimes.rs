/// How long a session lasts: it ends after `idle_ms` without use, and
/// `absolute_ms` after sign-in however much it is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLifetimes {
    pub idle_ms: i64,
    pub absolute_ms: i64,
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

impl Default for SessionLifetimes {
    /// A week idle (people come back to a shared form every few days, often
    /// on a phone), thirty days at most: then everyone signs in again.
    fn default() -> Self {
        Self {
            idle_ms: 7 * DAY_MS,
            absolute_ms: 30 * DAY_MS,
        }
    }
}

impl SessionLifetimes {
    /// Whether a session created at `created_ms` and last used at
    /// `last_seen_ms` is still good at `now_ms`. A clock that went backwards
    /// does not make an old session young.
    pub fn is_live(&self, created_ms: i64, last_seen_ms: i64, now_ms: i64) -> bool {
        let idle = now_ms.saturating_sub(last_seen_ms.max(created_ms));
        let age = now_ms.saturating_sub(created_ms);
        idle < self.idle_ms && age < self.absolute_ms && now_ms >= created_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIFE: SessionLifetimes = SessionLifetimes {
        idle_ms: 10,
        absolute_ms: 100,
    };

    #[test]
    fn a_session_ends_when_idle_or_too_old() {
        assert!(LIFE.is_live(0, 0, 9));
        assert!(!LIFE.is_live(0, 0, 10), "idle too long");
        assert!(LIFE.is_live(0, 95, 99), "used recently and young enough");
        assert!(!LIFE.is_live(0, 99, 100), "too old however used");
        assert!(!LIFE.is_live(50, 50, 40), "from the future");
    }
}
