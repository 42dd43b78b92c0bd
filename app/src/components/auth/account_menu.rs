use concord_model::Localized as L;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};

use crate::{i18n::I18n, session::Session};

/// The top bar's person: their name, the admin screen for admins, and
/// signing out. Nothing while nobody is signed in.
#[component]
pub fn AccountMenu() -> impl IntoView {
    let i18n = I18n::expect();
    let session = Session::expect();
    let navigate = StoredValue::new_local(use_navigate());
    let problem = RwSignal::new(None::<String>);
    let sign_out = move |_| {
        wasm_bindgen_futures::spawn_local(async move {
            match session.sign_out().await {
                Ok(()) => {
                    problem.set(None);
                    navigate.with_value(|go| go("/login", Default::default()));
                }
                Err(e) => problem.set(Some(e.describe(i18n.locale()))),
            }
        });
    };
    move || {
        session.me().map(|me| {
            let name = me.shown_name().to_owned();
            let admin = me.is_admin;
            let org = me.org_name.clone().or_else(|| me.org.as_ref().map(ToString::to_string));
            view! {
                <div class="account" data-testid="account">
                    <span class="account-name" data-testid="me-name" title=me.id.to_string()>
                        {name}
                        {org.map(|o| view! { <span class="account-org">" · " {o}</span> })}
                    </span>
                    {admin.then(|| view! {
                        <A href="/admin" attr:class="account-admin" attr:data-testid="admin-link">
                            {move || i18n.pick(L::new("管理", "Admin"))}
                        </A>
                    })}
                    <button type="button" class="account-out" data-testid="sign-out" on:click=sign_out>
                        {move || i18n.pick(L::new("退出", "Sign out"))}
                    </button>
                    // Signing out needs the relay (it ends the session there);
                    // offline, the person is told rather than seemingly signed out.
                    {move || problem.get().map(|p| view! {
                        <span class="form-error account-problem" role="alert" data-testid="sign-out-error">{p}</span>
                    })}
                </div>
            }
        })
    }
}
