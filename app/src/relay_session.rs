//! Keeps the repo's link to the relay in step with the session: the
//! websocket is open only while someone is signed in, and every change is
//! signed with that person's actor. A websocket the relay closed may mean
//! the session ended (signed out elsewhere, disabled): the relay is asked
//! again, and if it says so, the person is back at the sign-in screen. (A
//! session that ended while the tab was away shows at the next start,
//! which always asks.) Their documents,
//! and edits not yet on the relay, stay in IndexedDB.

use leptos::prelude::*;

use crate::{
    repo::{IdbStoreError, RepoSlot},
    session::{Session, SessionState},
};

pub fn follow_session(session: Session, slot: RepoSlot) {
    Effect::new(move || {
        let Some(repo) = slot.repo() else {
            return;
        };
        match session.state() {
            SessionState::SignedIn(me) => {
                let acted = repo.act_as(Some(me.id));
                if let Err(e) = acted {
                    repo.report_problem(IdbStoreError::Unavailable(e.to_string()));
                    return;
                }
                if !repo.is_connected_to_relay()
                    && let Err(e) = repo.connect_to_relay()
                {
                    repo.report_problem(IdbStoreError::Unavailable(e.to_string()));
                }
            }
            SessionState::SignedOut => {
                repo.disconnect_from_relay();
                let _ = repo.act_as(None);
            }
            SessionState::Checking => {}
        }
    });
    Effect::new(move |seen: Option<u64>| {
        let Some(repo) = slot.repo() else {
            return 0;
        };
        let closes = repo.link_closes().get();
        let signed_in = session.me_untracked().is_some();
        if closes > 0 && seen.is_some_and(|s| s != closes) && signed_in {
            session.recheck();
        }
        closes
    });
}
