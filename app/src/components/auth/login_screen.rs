use concord_model::Localized as L;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use concord_api::{LoginForm, Me, paths};

use crate::{api, i18n::I18n, session::Session};

/// `/login`, and what every screen shows while nobody is signed in.
#[component]
pub fn LoginScreen() -> impl IntoView {
    let i18n = I18n::expect();
    let session = Session::expect();
    let navigate = StoredValue::new_local(use_navigate());
    let location = use_location();
    let id = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<api::CallError>);
    let busy = RwSignal::new(false);
    // Someone already signed in who opens `/login` goes home.
    Effect::new(move || {
        if session.me().is_some() && location.pathname.get() == "/login" {
            navigate.with_value(|go| go("/", Default::default()));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let body = LoginForm {
            id: id.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        wasm_bindgen_futures::spawn_local(async move {
            let answer = api::post::<Me>(paths::LOGIN, &body).await;
            busy.set(false);
            match answer {
                Ok(me) => {
                    problem.set(None);
                    password.set(String::new());
                    session.signed_in(me);
                }
                Err(e) => problem.set(Some(e)),
            }
        });
    };
    view! {
        <section class="auth-card" data-testid="login">
            <h1>{move || i18n.pick(L::new("登录", "Sign in"))}</h1>
            <p class="lead">{move || i18n.pick(L::new(
                "使用管理员为您创建的登录名和密码。",
                "Use the sign-in name and password an admin gave you.",
            ))}</p>
            <form class="auth-form" on:submit=submit>
                <label>
                    <span>{move || i18n.pick(L::new("登录名", "Sign-in name"))}</span>
                    <input type="text" name="username" autocomplete="username" required
                        autocapitalize="off" spellcheck="false" data-testid="login-id"
                        prop:value=id on:input=move |ev| id.set(event_target_value(&ev)) />
                </label>
                <label>
                    <span>{move || i18n.pick(L::new("密码", "Password"))}</span>
                    <input type="password" name="password" autocomplete="current-password" required
                        data-testid="login-password"
                        prop:value=password on:input=move |ev| password.set(event_target_value(&ev)) />
                </label>
                {move || problem.get().map(|e| view! {
                    <p class="form-error" role="alert" data-testid="login-error"
                        data-code=e.code().map_or("", |c| c.as_str())>
                        {e.describe(i18n.locale())}
                    </p>
                })}
                <button type="submit" class="primary" data-testid="login-submit" disabled=busy>
                    {move || i18n.pick(L::new("登录", "Sign in"))}
                </button>
            </form>
        </section>
    }
}
