//! The document's history read ahead of a tap: while the document screen
//! is open, its changes are read into the screen's `HistoryIndex` newest
//! first, a slice at a time, when the browser is idle and the document has
//! stood still for a while, and back to back while an open history waits
//! for older changes (an untouched field's "no changes", the count). No
//! slice is a long task: a change too large for one (an imported table) is
//! left for a history opened; a tap finds the index read, or reads only its
//! first page.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};

use super::{DocContext, HistoryFocus};

/// Changes read between looks at the clock: well under a millisecond.
const STEP: usize = 16;
/// The most ops a change read ahead of a tap may have: about a slice's
/// work on a phone. A larger one (a whole imported table is one change)
/// would be one long task unasked; it is read when a history opens.
const AHEAD_MOST_OPS: u64 = 1_000;
/// The most one slice works ahead, in ms, if the browser's idle time
/// lasts: far from a long task (50 ms), and the rest of an idle period
/// (up to 50 ms) is left to others.
const AHEAD_MS: f64 = 20.0;
/// The most one slice works while an open history waits, in ms: a tap or
/// a keystroke meanwhile waits no longer than that.
const WAITED_MS: f64 = 8.0;
/// How often an open history is shown what was read, at most, in ms:
/// each time costs its page.
const SHOWN_EVERY_MS: f64 = 100.0;
/// How long the document must have stood still before reading ahead, in
/// ms: reading ahead goes between keystrokes as little as it can, and
/// leaves the screen's first paint alone.
const STILL_MS: f64 = 1_000.0;

/// Reads the history of the document on screen ahead, until all is read
/// or the screen is gone.
#[derive(Clone, Copy)]
pub(super) struct HistoryReader {
    ctx: DocContext,
    focus: HistoryFocus,
    /// When the document last changed (here or elsewhere), in ms.
    changed_ms: StoredValue<f64>,
    /// Which chain of slices goes on: an open history starts a new one
    /// rather than wait for the one waiting for stillness or idleness.
    chain: StoredValue<u64>,
    /// When an open history was last shown what was read, in ms.
    shown_ms: StoredValue<f64>,
}

impl HistoryReader {
    pub(super) fn start(ctx: DocContext, focus: HistoryFocus) {
        let changed_ms = StoredValue::new(now_ms());
        Effect::new(move || {
            ctx.read(|_| ());
            changed_ms.set_value(now_ms());
        });
        let reader = Self {
            ctx,
            focus,
            changed_ms,
            chain: StoredValue::new(0),
            shown_ms: StoredValue::new(0.0),
        };
        // An opened history hurries the reading, from after its first
        // paint (read up to its first page on its own).
        Effect::new(move || {
            if focus.0.with(Option::is_some) {
                reader.chain.update_value(|chain| *chain += 1);
                let chain = reader.chain.get_value();
                request_animation_frame(move || reader.next(chain));
            }
        });
        reader.next(0);
    }

    /// Whether an open history waits for what is read.
    fn waited(self) -> bool {
        self.focus.0.get_untracked().is_some()
    }

    /// Whether `chain` goes on: the newest, and the screen still here.
    fn goes_on(self, chain: u64) -> bool {
        self.chain.try_get_value() == Some(chain)
    }

    /// How long the document has stood still, in ms (`None`: the screen is gone).
    fn still_ms(self) -> Option<f64> {
        Some(now_ms() - self.changed_ms.try_get_value()?)
    }

    fn next(self, chain: u64) {
        if !self.goes_on(chain) {
            return;
        }
        let still_ms = self.still_ms().unwrap_or(0.0);
        if self.waited() {
            set_timeout(move || self.slice(chain, WAITED_MS), Duration::ZERO);
        } else if still_ms < STILL_MS {
            let wait = Duration::from_millis((STILL_MS - still_ms).ceil() as u64);
            set_timeout(move || self.next(chain), wait);
        } else {
            when_idle(move |idle_ms| self.slice(chain, idle_ms.min(AHEAD_MS)));
        }
    }

    /// Reads for at most `most_ms` (unless an open history waits).
    fn slice(self, chain: u64, most_ms: f64) {
        if !self.goes_on(chain) {
            return;
        }
        let waited = self.waited();
        // Typing resumed since this slice was asked for: later.
        if !waited && self.still_ms().is_some_and(|ms| ms < STILL_MS) {
            return self.next(chain);
        }
        let start = now_ms();
        let most_ms = if waited { WAITED_MS } else { most_ms };
        let read = self
            .ctx
            .inspect_untracked(|doc| {
                self.focus.1.try_update_value(|index| {
                    loop {
                        // Ahead of a tap only while the next change is
                        // small; changes of many ops one at a time.
                        if !waited && doc.history_ops_ahead(index, 1) > AHEAD_MOST_OPS {
                            break Read::Halted;
                        }
                        let many = doc.history_ops_ahead(index, STEP) > AHEAD_MOST_OPS;
                        let step = if many { 1 } else { STEP };
                        let done = doc.read_history(index, step);
                        if done {
                            break Read::Done;
                        }
                        if now_ms() - start >= most_ms {
                            break Read::More;
                        }
                    }
                })
            })
            .flatten();
        // `None`: the screen is gone, and its index with it.
        let Some(read) = read else {
            return;
        };
        // Halted ahead of a large change: an opened history starts a new chain.
        if read == Read::Halted {
            return;
        }
        let done = read == Read::Done;
        // An open history shows what was read (its count, older entries).
        if done || now_ms() - self.shown_ms.get_value() >= SHOWN_EVERY_MS {
            self.shown_ms.set_value(now_ms());
            self.focus.2.notify();
        }
        if !done {
            self.next(chain);
        }
    }
}

/// How far one slice got.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Read {
    Done,
    More,
    Halted,
}

/// Runs `then` when the browser is idle (`requestIdleCallback`), with how
/// long it expects to stay idle, in ms; or soon, for a few ms, where it
/// cannot say (Safari before 18).
fn when_idle(then: impl FnOnce(f64) + 'static) {
    const UNSAID_MS: f64 = 4.0;
    let window = window();
    let idle = js_sys::Reflect::get(&window, &JsValue::from_str("requestIdleCallback"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match idle {
        Some(request) => {
            let callback = Closure::once_into_js(move |deadline: JsValue| {
                then(time_remaining(&deadline).unwrap_or(UNSAID_MS))
            });
            if request.call1(&window, &callback).is_err() {
                // Nothing was scheduled: the reading stops, a tap reads.
                leptos::logging::warn!("requestIdleCallback refused a history slice");
            }
        }
        None => set_timeout(move || then(UNSAID_MS), Duration::from_millis(50)),
    }
}

/// An `IdleDeadline`'s `timeRemaining()`, in ms.
fn time_remaining(deadline: &JsValue) -> Option<f64> {
    js_sys::Reflect::get(deadline, &JsValue::from_str("timeRemaining"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?
        .call0(deadline)
        .ok()?
        .as_f64()
}

fn now_ms() -> f64 {
    window()
        .performance()
        .map_or_else(js_sys::Date::now, |p| p.now())
}
