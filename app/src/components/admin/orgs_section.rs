use concord_model::Localized as L;
use leptos::prelude::*;

use concord_api::{NewOrg, OrgKind, Organisation, paths};

use super::AdminData;
use crate::{api, i18n::I18n};

/// Partner organisations (customers, suppliers, partners), and adding one.
#[component]
pub fn OrgsSection() -> impl IntoView {
    let i18n = I18n::expect();
    let data = AdminData::expect();
    let id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(OrgKind::Customer);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewOrg {
            id: id.get_untracked().trim().to_owned(),
            name: name.get_untracked().trim().to_owned(),
            kind: kind.get_untracked(),
        };
        data.run(
            async move { api::post::<Organisation>(paths::ADMIN_ORGS, &body).await },
            move |_| {
                id.set(String::new());
                name.set(String::new());
            },
        );
    };
    let orgs = move || {
        data.directory
            .with(|d| d.as_ref().map(|d| d.orgs.clone()).unwrap_or_default())
    };
    view! {
        <section class="admin-section" data-testid="admin-orgs">
            <h2>{move || i18n.pick(L::new("合作组织", "Partner organisations"))}</h2>
            <ul class="admin-list">
                <For each=orgs key=|o| o.id.clone() let:org>
                    <li class="admin-line" data-testid="admin-org" data-id=org.id.to_string()>
                        <strong>{org.name.clone()}</strong>
                        <span class="admin-id">{org.id.to_string()}</span>
                        <span class="admin-tag">{move || i18n.pick(org.kind.label())}</span>
                    </li>
                </For>
            </ul>
            <form class="admin-form" on:submit=add>
                <input type="text" required autocapitalize="off" spellcheck="false" pattern="\\S+"
                    data-testid="org-id"
                    placeholder=move || i18n.pick(L::new("编号（如 acme）", "Id (e.g. acme)"))
                    aria-label=move || i18n.pick(L::new("组织编号", "Organisation id"))
                    prop:value=id on:input=move |ev| id.set(event_target_value(&ev)) />
                <input type="text" required data-testid="org-name"
                    placeholder=move || i18n.pick(L::new("名称", "Name"))
                    aria-label=move || i18n.pick(L::new("组织名称", "Organisation name"))
                    prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
                <select data-testid="org-kind" aria-label=move || i18n.pick(L::new("类型", "Kind"))
                    on:change=move |ev| {
                        if let Some(chosen) = OrgKind::parse(&event_target_value(&ev)) {
                            kind.set(chosen);
                        }
                    }>
                    {OrgKind::ALL.into_iter().map(|k| view! {
                        <option value=k.as_str() selected=move || kind.get() == k>
                            {move || i18n.pick(k.label())}
                        </option>
                    }).collect_view()}
                </select>
                <button type="submit" data-testid="org-add">{move || i18n.pick(L::new("添加组织", "Add organisation"))}</button>
            </form>
        </section>
    }
}
