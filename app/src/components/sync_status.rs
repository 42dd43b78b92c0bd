use concord_model::Locale;
use leptos::prelude::*;

use crate::{
    i18n::{I18n, Msg},
    repo::{RepoSlot, RepoState},
    session::Session,
};

/// A chip in the top bar: whether this tab is connected to the relay, how
/// many changes wait to reach it, or why documents cannot be kept in this
/// browser. While nobody is signed in nothing is synced (the relay is
/// joined at sign-in), so there is no connection to speak of: the chip
/// shows only a storage failure then, never a false "offline".
#[component]
pub fn SyncStatus() -> impl IntoView {
    let i18n = I18n::expect();
    let slot = RepoSlot::expect();
    let session = Session::expect();
    let shown = move || session.me().is_some() || matches!(slot.state(), RepoState::Failed(_));
    let state = move || match slot.state() {
        RepoState::Opening => ("opening", Msg::Starting, String::new(), false, 0),
        RepoState::Ready(repo) => {
            let waiting = repo.waiting();
            let online = repo.online().get();
            let msg = if online { Msg::Online } else { Msg::Offline };
            let name = if online { "online" } else { "offline" };
            (name, msg, String::new(), online, waiting)
        }
        RepoState::Failed(why) => ("failed", Msg::StorageUnavailable, why, false, 0),
    };
    view! {
        <Show when=shown>
        <span
            class="sync-chip"
            role="status"
            data-testid="sync-status"
            data-state=move || state().0
            data-online=move || state().3.to_string()
            data-waiting=move || state().4.to_string()
            title=move || {
                let (_, msg, why, _, _) = state();
                if why.is_empty() { i18n.t(msg).to_owned() } else { why }
            }
        >
            <span class="sync-state">{move || i18n.t(state().1)}</span>
            {move || {
                let waiting = state().4;
                (waiting > 0).then(|| {
                    let label = waiting_label(waiting, i18n.locale());
                    let title = label.clone();
                    view! {
                        <span
                            class="sync-waiting"
                            data-testid="sync-waiting"
                            data-count=waiting.to_string()
                            title=title
                        >
                            {label}
                        </span>
                    }
                })
            }}
        </span>
        </Show>
    }
}

/// "3 changes waiting" / "3 项更改待上传".
pub(crate) fn waiting_label(n: usize, locale: Locale) -> String {
    match (locale, n) {
        (Locale::ZhCn, n) => format!("{n} 项更改待上传"),
        (Locale::En, 1) => "1 change waiting".to_owned(),
        (Locale::En, n) => format!("{n} changes waiting"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_changes_are_counted_in_each_language() {
        assert_eq!(waiting_label(1, Locale::En), "1 change waiting");
        assert_eq!(waiting_label(4, Locale::En), "4 changes waiting");
        assert_eq!(waiting_label(4, Locale::ZhCn), "4 项更改待上传");
    }
}
