use concord_model::Localized as L;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{
    account_fields::{AccountFields, AccountInputs},
    page_fragment,
};
use concord_api::{Me, SetupForm, SetupState, paths};

use crate::{api, i18n::I18n, session::Session};

/// `/setup#<secret>`: the workspace's first admin, from the link the relay
/// printed when it started; offered only while the relay says it is needed.
#[component]
pub fn SetupScreen() -> impl IntoView {
    let i18n = I18n::expect();
    let needed = LocalResource::new(|| api::get::<SetupState>(paths::SETUP));
    view! {
        <section class="auth-card" data-testid="setup">
            <h1>{move || i18n.pick(L::new("设置工作区", "Set up the workspace"))}</h1>
            {move || match needed.get().map(|r| r.map(|n| n.needed)) {
                None => view! {
                    <p class="doc-loading">{move || i18n.pick(L::new("正在询问服务器…", "Asking the relay…"))}</p>
                }.into_any(),
                Some(Err(e)) => view! {
                    <p class="form-error" role="alert">{move || e.describe(i18n.locale())}</p>
                }.into_any(),
                Some(Ok(false)) => view! {
                    <p data-testid="setup-done">
                        {move || i18n.pick(L::new("此工作区已经有管理员。", "This workspace already has an admin."))}
                        " "
                        <a href="/login">{move || i18n.pick(L::new("去登录", "Sign in"))}</a>
                    </p>
                }.into_any(),
                Some(Ok(true)) => view! { <SetupForm /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn SetupForm() -> impl IntoView {
    let i18n = I18n::expect();
    let session = Session::expect();
    let navigate = StoredValue::new_local(use_navigate());
    let fields = AccountFields::new();
    let problem = RwSignal::new(None::<api::CallError>);
    let secret = page_fragment();
    let has_secret = !secret.is_empty();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = SetupForm {
            secret: page_fragment(),
            id: fields.id.get_untracked().trim().to_owned(),
            display_name: fields.display_name.get_untracked().trim().to_owned(),
            password: fields.password.get_untracked(),
        };
        wasm_bindgen_futures::spawn_local(async move {
            match api::post::<Me>(paths::SETUP, &body).await {
                Ok(me) => {
                    session.signed_in(me);
                    // The screen may be gone by now (the person went elsewhere).
                    let _ = navigate.try_with_value(|go| go("/admin", Default::default()));
                }
                Err(e) => problem.set(Some(e)),
            }
        });
    };
    view! {
        <p class="lead">{move || i18n.pick(L::new(
            "创建第一个管理员账户。之后由管理员添加同事和合作伙伴。",
            "Create the first admin account. The admin then adds colleagues and partners.",
        ))}</p>
        {(!has_secret).then(|| view! {
            <p class="form-error" role="alert" data-testid="setup-no-secret">
                {move || i18n.pick(L::new(
                    "此链接缺少设置密钥。请打开服务器启动时打印的完整链接。",
                    "This link lacks the setup secret. Open the whole link the relay printed when it started.",
                ))}
            </p>
        })}
        <form class="auth-form" on:submit=submit>
            <AccountInputs fields />
            {move || problem.get().map(|e| view! {
                <p class="form-error" role="alert" data-testid="setup-error">{e.describe(i18n.locale())}</p>
            })}
            <button type="submit" class="primary" data-testid="setup-submit" disabled=!has_secret>
                {move || i18n.pick(L::new("创建管理员并登录", "Create the admin and sign in"))}
            </button>
        </form>
    }
}
