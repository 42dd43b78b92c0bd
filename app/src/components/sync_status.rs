use leptos::prelude::*;

use crate::{
    i18n::{I18n, Msg},
    repo::{RepoSlot, RepoState},
};

/// A chip in the top bar: whether this tab is connected to the relay, or
/// why documents cannot be kept in this browser.
#[component]
pub fn SyncStatus() -> impl IntoView {
    let i18n = I18n::expect();
    let slot = RepoSlot::expect();
    let state = move || match slot.state() {
        RepoState::Opening => ("opening", Msg::Starting, String::new()),
        RepoState::Ready(repo) if repo.online().get() => ("online", Msg::Online, String::new()),
        RepoState::Ready(_) => ("offline", Msg::Offline, String::new()),
        RepoState::Failed(why) => ("failed", Msg::StorageUnavailable, why),
    };
    view! {
        <span
            class="sync-chip"
            role="status"
            data-testid="sync-status"
            data-state=move || state().0
            title=move || state().2
        >
            {move || i18n.t(state().1)}
        </span>
    }
}
