use concord_model::Localized as L;
use leptos::prelude::*;

use super::LoginScreen;
use crate::{
    i18n::I18n,
    session::{Session, SessionState},
};

/// Shows its children to a signed-in person, and the sign-in screen in
/// their place otherwise (the address stays, so signing in lands there).
#[component]
pub fn SignedInOnly(children: ChildrenFn) -> impl IntoView {
    let i18n = I18n::expect();
    let session = Session::expect();
    let state = Memo::new(move |_| match session.state() {
        SessionState::Checking => 0,
        SessionState::SignedOut => 1,
        SessionState::SignedIn(_) => 2,
    });
    move || match state.get() {
        0 => view! {
            <p class="doc-loading" data-testid="session-checking">
                {move || i18n.pick(L::new("正在确认登录状态…", "Checking who is signed in…"))}
            </p>
        }
        .into_any(),
        1 => {
            crate::first_screen::hand_over();
            view! { <LoginScreen /> }.into_any()
        }
        _ => children().into_any(),
    }
}
