use concord_api::{CreatedInvite, Invite, InviteState, NewInvite, paths};
use concord_model::Localized as L;
use leptos::prelude::*;

use super::AdminData;
use crate::{api, browser_zone::show_ms, i18n::I18n};

/// Invites for partner organisations: create one (its link is shown this
/// once, as the relay keeps only a hash of it), see each one's state, revoke.
#[component]
pub fn InvitesSection() -> impl IntoView {
    let i18n = I18n::expect();
    let data = AdminData::expect();
    let org = RwSignal::new(String::new());
    let hours = RwSignal::new(72_u32);
    let fresh_link = RwSignal::new(None::<String>);
    let copied = RwSignal::new(false);
    let orgs = move || {
        data.directory
            .with(|d| d.as_ref().map(|d| d.orgs.clone()).unwrap_or_default())
    };
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = org.get_untracked();
        let chosen = if chosen.is_empty() {
            orgs().first().map(|o| o.id.to_string()).unwrap_or_default()
        } else {
            chosen
        };
        let body = NewInvite {
            org: chosen,
            valid_hours: Some(i64::from(hours.get_untracked().clamp(1, 720))),
        };
        data.run(
            async move { api::post::<CreatedInvite>(paths::ADMIN_INVITES, &body).await },
            move |made| {
                copied.set(false);
                fresh_link.set(Some(absolute(&made.link)));
            },
        );
    };
    let copy = move |_| {
        if let (Some(link), Some(window)) = (fresh_link.get_untracked(), web_sys::window()) {
            let _ = window.navigator().clipboard().write_text(&link);
            copied.set(true);
        }
    };
    let invites = move || {
        let mut list = data
            .directory
            .with(|d| d.as_ref().map(|d| d.invites.clone()).unwrap_or_default());
        list.sort_by_key(|i| std::cmp::Reverse(i.created_ms));
        list
    };
    view! {
        <section class="admin-section" data-testid="admin-invites">
            <h2>{move || i18n.pick(L::new("邀请", "Invites"))}</h2>
            <Show when=move || !orgs().is_empty() fallback=move || view! {
                <p class="hint">{move || i18n.pick(L::new("先添加一个合作组织，再为它创建邀请。", "Add a partner organisation first, then invite its people."))}</p>
            }>
                <form class="admin-form" on:submit=create>
                    <select data-testid="invite-org" aria-label=move || i18n.pick(L::new("组织", "Organisation"))
                        on:change=move |ev| org.set(event_target_value(&ev))>
                        <For each=orgs key=|o| o.id.clone() let:o>
                            <option value=o.id.to_string()>{o.name.clone()}</option>
                        </For>
                    </select>
                    <label class="inline">
                        <span>{move || i18n.pick(L::new("有效小时数", "Valid for hours"))}</span>
                        <input type="number" min="1" max="720" data-testid="invite-hours"
                            prop:value=move || hours.get().to_string()
                            on:input=move |ev| hours.set(event_target_value(&ev).parse().unwrap_or(72)) />
                    </label>
                    <button type="submit" data-testid="invite-create">{move || i18n.pick(L::new("创建邀请", "Create invite"))}</button>
                </form>
            </Show>
            {move || fresh_link.get().map(|link| view! {
                <div class="invite-link" data-testid="invite-link-box">
                    <p>{move || i18n.pick(L::new(
                        "请复制此链接发给对方。它只显示这一次。",
                        "Copy this link and send it to the person. It is shown only this once.",
                    ))}</p>
                    <input type="text" readonly data-testid="invite-link" prop:value=link.clone()
                        on:focus=move |ev| {
                            use wasm_bindgen::JsCast as _;
                            if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                input.select();
                            }
                        } />
                    <button type="button" data-testid="invite-copy" on:click=copy>
                        {move || if copied.get() { i18n.pick(L::new("已复制", "Copied")) } else { i18n.pick(L::new("复制", "Copy")) }}
                    </button>
                </div>
            })}
            <ul class="admin-list">
                <For each=invites key=|i| format!("{:?}", i) let:invite>
                    <InviteLine invite />
                </For>
            </ul>
        </section>
    }
}

#[component]
fn InviteLine(invite: Invite) -> impl IntoView {
    let i18n = I18n::expect();
    let data = AdminData::expect();
    let state = invite.state(js_sys::Date::now() as i64);
    let label = state.label();
    let path = format!(
        "{}/{}",
        paths::ADMIN_INVITES,
        api::path_segment(&invite.id.0)
    );
    let revoke = move |_| {
        let path = path.clone();
        data.run(async move { api::delete(&path).await }, |()| {});
    };
    // The organisation's name where the directory has it, else its id.
    let org = data.directory.with_untracked(|d| {
        d.as_ref()
            .and_then(|d| d.orgs.iter().find(|o| o.id == invite.org))
            .map_or_else(|| invite.org.to_string(), |o| o.name.clone())
    });
    view! {
        <li class="admin-line" data-testid="admin-invite" data-state=state.as_str()>
            <strong>{org}</strong>
            <span class="admin-tag" class:warn={state != InviteState::Open}>{move || i18n.pick(label)}</span>
            {invite.used_by.as_ref().map(|who| view! { <span class="admin-id">{who.to_string()}</span> })}
            <span class="admin-id" data-testid="invite-expires">
                {move || i18n.pick(L::new("到期 ", "expires "))}
                // On the reader's clocks: an admin in Shanghai reads 09:00, not 01:00 UTC.
                <time>{show_ms(invite.expires_ms)}</time>
            </span>
            {(state == InviteState::Open).then(|| view! {
                <button type="button" class="danger" data-testid="invite-revoke" on:click=revoke.clone()>
                    {move || i18n.pick(L::new("撤销", "Revoke"))}
                </button>
            })}
        </li>
    }
}

/// The relay answers `/invite#<token>`; the person needs the whole address.
fn absolute(link: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}{link}")
}
