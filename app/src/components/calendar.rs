//! The workspace calendar as the relay last gave it (`GET /api/calendar`):
//! due days on documents are counted on it. The relay judges every date
//! rule on its own; this is the app's best knowledge, for showing.

use concord_api::{WorkCalendar, paths};
use concord_model::{Offset, Today, WorkingDays};
use leptos::prelude::*;

use super::Freshness;
use crate::{
    api,
    repo::RepoSlot,
    session::{Session, SessionState},
};

/// Shared through context; the admin screen sets it after a change.
#[derive(Clone, Copy)]
pub struct Calendar {
    given: RwSignal<Option<WorkCalendar>>,
}

impl Calendar {
    /// Asks the relay whenever the link to it (re)opens for a signed-in
    /// person or `Freshness` asks; forgets it on sign-out.
    pub fn provide() -> Self {
        let session = Session::expect();
        let slot = RepoSlot::expect();
        let calendar = Self {
            given: RwSignal::new(None),
        };
        provide_context(calendar);
        let freshness = Freshness::expect();
        Effect::new(move || {
            freshness.track();
            let online = slot.repo().is_some_and(|repo| repo.online().get());
            match session.state() {
                SessionState::SignedIn(_) if online => {
                    wasm_bindgen_futures::spawn_local(async move {
                        // Offline or refused, the last one given stands.
                        if let Ok(fresh) = api::get::<WorkCalendar>(paths::CALENDAR).await {
                            calendar.given.set(Some(fresh));
                        }
                    });
                }
                SessionState::SignedOut => calendar.given.set(None),
                _ => {}
            }
        });
        calendar
    }

    /// The shell's calendar; a screen mounted on its own reads plain weeks.
    pub fn expect() -> Self {
        use_context::<Self>().unwrap_or_else(|| Self {
            given: RwSignal::new(None),
        })
    }

    /// The calendar as the relay last gave it, tracked.
    pub fn given(&self) -> Option<WorkCalendar> {
        self.given.get()
    }

    pub fn set(&self, calendar: WorkCalendar) {
        self.given.set(Some(calendar));
    }

    /// The workspace's zone as last given: China Standard Time until then.
    pub fn zone(&self) -> Offset {
        self.given
            .with(|c| c.as_ref().map_or(Offset::CHINA, WorkCalendar::offset))
    }

    /// Today in the workspace, by this device's clock read in the
    /// workspace's zone, on its working days; tracked.
    pub fn today(&self) -> Option<Today> {
        let working_days = self.given.with(|c| {
            c.as_ref()
                .map_or_else(WorkingDays::new, WorkCalendar::working_days)
        });
        Today::at(js_sys::Date::now() as i64, &self.zone(), working_days)
    }
}
