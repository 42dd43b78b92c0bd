//! The dashboard as the relay counts it (`/api/dashboard`): over every
//! document the person may read, without this browser holding them. The
//! last answers (a few windows and groupings) are kept for the person, so
//! a screen opened again paints at once, offline too, and the fresh
//! answer replaces it.

use concord_api::{DashboardAnswer, DashboardQuery, paths};
use concord_model::views::{DashboardWindow, Grouping};
use leptos::prelude::*;

use crate::{
    api::{self, CallError},
    components::Freshness,
    kept::Kept,
    session::Session,
};

const DASHBOARD_KEPT: Kept = Kept::new("concord.dashboard");
/// Answers kept per person: this month, week and quarter by each grouping
/// fit, so switching among them offline still shows something.
const KEEP: usize = 9;

/// What the relay said for the window and grouping on screen.
#[derive(Debug, Clone, PartialEq)]
pub enum RelayCount {
    /// Nothing kept; the answer is on its way.
    Waiting,
    /// The answer kept from an earlier visit, while the fresh one comes
    /// (or the relay cannot be reached).
    Kept(DashboardAnswer),
    Fresh(DashboardAnswer),
    /// Nothing kept and no answer: offline (`None`) or the relay's failure.
    Unanswered(Option<CallError>),
}

impl RelayCount {
    pub fn answer(&self) -> Option<&DashboardAnswer> {
        match self {
            Self::Kept(a) | Self::Fresh(a) => Some(a),
            Self::Waiting | Self::Unanswered(_) => None,
        }
    }
}

/// The relay's count for `window` by `grouping`, asked again when either
/// changes, the link to the relay (re)opens or `Freshness` asks.
pub fn follow_relay_count(
    window: Memo<Option<DashboardWindow>>,
    grouping: RwSignal<Grouping>,
    online: ReadSignal<bool>,
) -> ReadSignal<RelayCount> {
    let session = Session::expect();
    let freshness = Freshness::expect();
    let count = RwSignal::new(RelayCount::Waiting);
    let asked = StoredValue::new(0u64);
    // What is asked, apart: a signal set again to the same value (the
    // connection's state is, as documents sync) must not ask again and
    // drop the answer on its way. `Freshness` asks again on purpose.
    let wanted = Memo::new(move |_| {
        let me = session.person().map(|p| p.id.to_string());
        let query = window.get().map(|window| DashboardQuery {
            from: window.from.to_string(),
            to: window.to.to_string(),
            by: grouping.get().word().to_owned(),
        });
        (me, query, online.get())
    });
    Effect::new(move || {
        freshness.track();
        let (me, query, online) = wanted.get();
        let Some(me) = me else {
            DASHBOARD_KEPT.forget();
            return;
        };
        let Some(query) = query else {
            count.set(RelayCount::Waiting);
            return;
        };
        let ask = asked.get_value() + 1;
        asked.set_value(ask);
        let kept = DASHBOARD_KEPT
            .read::<Vec<(DashboardQuery, DashboardAnswer)>>(&me)
            .unwrap_or_default();
        let shown = kept
            .iter()
            .find(|(q, _)| *q == query)
            .map(|(_, a)| a.clone());
        // A fresh answer for the same question stays until the next one.
        let same = count.with_untracked(|c| match (c, &shown) {
            (RelayCount::Fresh(a), Some(k)) => a == k,
            _ => false,
        });
        if !same {
            count.set(match (shown, online) {
                (Some(answer), _) => RelayCount::Kept(answer),
                (None, true) => RelayCount::Waiting,
                (None, false) => RelayCount::Unanswered(None),
            });
        }
        if !online {
            return;
        }
        let path = format!(
            "{}?from={}&to={}&by={}",
            paths::DASHBOARD,
            query.from,
            query.to,
            query.by
        );
        wasm_bindgen_futures::spawn_local(async move {
            let answer = api::get::<DashboardAnswer>(&path).await;
            if asked.get_value() != ask {
                return;
            }
            match answer {
                Ok(answer) => {
                    let mut kept = kept;
                    kept.retain(|(q, _)| *q != query);
                    kept.insert(0, (query, answer.clone()));
                    kept.truncate(KEEP);
                    DASHBOARD_KEPT.write(&me, &kept);
                    count.set(RelayCount::Fresh(answer));
                }
                Err(e) if e.is_signed_out() => session.signed_out(),
                Err(e) => count.update(|c| {
                    if c.answer().is_none() {
                        *c = RelayCount::Unanswered(Some(e));
                    }
                }),
            }
        });
    });
    count.read_only()
}
