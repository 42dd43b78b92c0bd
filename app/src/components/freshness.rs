//! When the directory (`Names`) and the workspace calendar (`Calendar`) are
//! asked for again while a tab stays open: when the tab becomes visible
//! again (an admin may have added people or holidays meanwhile), when a
//! picker finds nobody for what was typed (the person may be new), and when
//! a task or message centre opens. Every relay answer kept in the browser
//! (`kept::follow`) follows one tick; bumps closer together than `MIN_GAP_MS` are
//! dropped, so typing and tab switching do not flood the relay. Offline the
//! refetch is skipped and the last known answers stand.

use leptos::prelude::*;

/// The least time between two refetches, in milliseconds.
pub const MIN_GAP_MS: f64 = 5_000.0;

/// Whether a refetch asked for at a moment may go now: the first may, and
/// then one per `gap`. Pure, so the rule is tested natively.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RefetchGate {
    gap_ms: f64,
    last_ms: Option<f64>,
}

impl RefetchGate {
    pub fn new(gap_ms: f64) -> Self {
        Self {
            gap_ms,
            last_ms: None,
        }
    }

    /// True (and counted) if the last refetch let through was at least the
    /// gap before `now_ms`; a clock that went back lets one through, so a
    /// changed device clock cannot hold refetches off for long.
    pub fn ask(&mut self, now_ms: f64) -> bool {
        let due = self
            .last_ms
            .is_none_or(|last| now_ms - last >= self.gap_ms || now_ms < last);
        if due {
            self.last_ms = Some(now_ms);
        }
        due
    }
}

/// Shared through context; `Names` and `Calendar` track `tick`.
#[derive(Clone, Copy)]
pub struct Freshness {
    tick: RwSignal<u64>,
    gate: StoredValue<RefetchGate>,
}

impl Freshness {
    /// Provided before `Names` and `Calendar`; listens for the tab coming
    /// back into view for as long as the app runs.
    pub fn provide() -> Self {
        let freshness = Self::new();
        provide_context(freshness);
        let listening = window_event_listener_untyped("visibilitychange", move |_| {
            if !document().hidden() {
                freshness.ask();
            }
        });
        on_cleanup(move || listening.remove());
        freshness
    }

    fn new() -> Self {
        Self {
            tick: RwSignal::new(0),
            // The opening fetch is the first; the first ask may follow at once.
            gate: StoredValue::new(RefetchGate::new(MIN_GAP_MS)),
        }
    }

    /// The shell's; a screen mounted on its own gets one nobody bumps.
    pub fn expect() -> Self {
        use_context::<Self>().unwrap_or_else(Self::new)
    }

    /// Refetch the directory and the calendar, unless that was just done.
    pub fn ask(&self) {
        let now = js_sys::Date::now();
        let due = self
            .gate
            .try_update_value(|gate| gate.ask(now))
            .unwrap_or(false);
        if due {
            self.tick.try_update(|t| *t += 1);
        }
    }

    /// Refetch now: a person opened a screen to see what is new (a task or
    /// message centre), which is no flood to hold back.
    pub fn ask_now(&self) {
        let now = js_sys::Date::now();
        // Counted as the last refetch, so asks on their own wait after it.
        self.gate.try_update_value(|gate| gate.last_ms = Some(now));
        self.tick.try_update(|t| *t += 1);
    }

    /// Reads the tick, so the effect calling it runs again on each refetch.
    pub fn track(&self) {
        self.tick.track();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_ask_goes_then_one_per_gap() {
        let mut gate = RefetchGate::new(5_000.0);
        assert!(gate.ask(100_000.0), "the first");
        assert!(!gate.ask(100_001.0), "at once after");
        assert!(!gate.ask(104_999.0), "just inside the gap");
        assert!(gate.ask(105_000.0), "the gap passed");
        assert!(!gate.ask(106_000.0), "counted from the last let through");
        assert!(gate.ask(110_000.0));
    }

    #[test]
    fn dropped_asks_do_not_push_the_next_one_back() {
        let mut gate = RefetchGate::new(5_000.0);
        assert!(gate.ask(0.0));
        for at in (1..5).map(|s| f64::from(s) * 1_000.0) {
            assert!(!gate.ask(at));
        }
        assert!(gate.ask(5_000.0));
    }

    #[test]
    fn a_clock_set_back_lets_one_through() {
        let mut gate = RefetchGate::new(5_000.0);
        assert!(gate.ask(1_000_000.0));
        assert!(gate.ask(10_000.0), "the clock went back");
        assert!(!gate.ask(11_000.0), "and the gap holds from there");
    }
}
