use concord_model::Localized as L;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{
    account_fields::{AccountFields, AccountInputs},
    page_fragment,
};
use concord_api::{AcceptInvite, InviteInfo, InviteToken, Me, paths};

use crate::{api, i18n::I18n, session::Session};

/// `/invite#<token>`: a partner joins their organisation's workspace access.
#[component]
pub fn InviteScreen() -> impl IntoView {
    let i18n = I18n::expect();
    let info = LocalResource::new(|| async {
        let token = page_fragment();
        api::post::<InviteInfo>(paths::INVITE_CHECK, &InviteToken { token }).await
    });
    view! {
        <section class="auth-card" data-testid="invite">
            <h1>{move || i18n.pick(L::new("接受邀请", "Accept the invite"))}</h1>
            {move || match info.get() {
                None => view! {
                    <p class="doc-loading">{move || i18n.pick(L::new("正在检查邀请…", "Checking the invite…"))}</p>
                }.into_any(),
                Some(Err(e)) => view! {
                    <p class="form-error" role="alert" data-testid="invite-invalid">{move || e.describe(i18n.locale())}</p>
                }.into_any(),
                Some(Ok(info)) => view! { <AcceptForm info /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn AcceptForm(info: InviteInfo) -> impl IntoView {
    let i18n = I18n::expect();
    let session = Session::expect();
    let navigate = StoredValue::new_local(use_navigate());
    let fields = AccountFields::new();
    let problem = RwSignal::new(None::<api::CallError>);
    let expires = crate::browser_zone::show_ms(info.expires_ms);
    let kind = info.org_kind.label();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = AcceptInvite {
            token: page_fragment(),
            id: fields.id.get_untracked().trim().to_owned(),
            display_name: fields.display_name.get_untracked().trim().to_owned(),
            password: fields.password.get_untracked(),
        };
        wasm_bindgen_futures::spawn_local(async move {
            match api::post::<Me>(paths::INVITE_ACCEPT, &body).await {
                Ok(me) => {
                    session.signed_in(me);
                    // The screen may be gone by now (the person went elsewhere).
                    let _ = navigate.try_with_value(|go| go("/", Default::default()));
                }
                Err(e) => problem.set(Some(e)),
            }
        });
    };
    view! {
        <p class="lead" data-testid="invite-org">
            {move || i18n.pick(L::new("您受邀以该组织成员的身份加入：", "You are invited to join as a member of "))}
            <strong>{info.org_name.clone()}</strong>
            {move || format!(" ({})", i18n.pick(kind))}
        </p>
        <p class="hint">
            {move || i18n.pick(L::new("邀请有效期至 ", "The invite is valid until "))}
            <time data-testid="invite-expires">{expires}</time>
        </p>
        <form class="auth-form" on:submit=submit>
            <AccountInputs fields />
            {move || problem.get().map(|e| view! {
                <p class="form-error" role="alert" data-testid="invite-error">{e.describe(i18n.locale())}</p>
            })}
            <button type="submit" class="primary" data-testid="invite-accept">
                {move || i18n.pick(L::new("创建账户并登录", "Create the account and sign in"))}
            </button>
        </form>
    }
}
