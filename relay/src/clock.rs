/// Milliseconds since the Unix epoch, the time the sans-IO parts take as an
/// argument. A clock before 1970 reads as 0 rather than failing.
pub(crate) fn now_ms() -> i64 {
    let system = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    #[cfg(feature = "test-clock")]
    let system = system.saturating_add(test_clock::moved_by());
    system
}

/// A clock the browser tests can move forward, so a reminder due in three
/// days fires within a test. Only in builds with the `test-clock` feature,
/// which `cargo xtask test` uses for its end-to-end relay and nothing else.
#[cfg(feature = "test-clock")]
pub(crate) mod test_clock {
    use std::sync::atomic::{AtomicI64, Ordering};

    static MOVED_BY_MS: AtomicI64 = AtomicI64::new(0);

    pub(crate) fn moved_by() -> i64 {
        MOVED_BY_MS.load(Ordering::Relaxed)
    }

    /// Moves the clock forward by `ms` (never back: what was stored as
    /// past must stay past); returns the new time.
    pub(crate) fn move_forward(ms: i64) -> i64 {
        MOVED_BY_MS.fetch_add(ms.max(0), Ordering::Relaxed);
        super::now_ms()
    }
}
