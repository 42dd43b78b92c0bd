use concord_model::{DocRole, Localized as L, OrgId};
use leptos::prelude::*;

use super::{DocContext, role_picker::RolePicker};
use crate::{
    api::{PeopleDirectory, org_kind_label},
    i18n::I18n,
};

/// Partner organisations given a role on the document: their people reach
/// it through the organisation (not when it is confidential). The model
/// can set an organisation's role but not yet take it away, so owners
/// change roles here and lower one to viewer at least.
#[component]
pub fn OrgGrants(editable: Signal<bool>, names: Signal<PeopleDirectory>) -> impl IntoView {
    let i18n = I18n::expect();
    let ctx = DocContext::expect();
    // The model lists no organisations by itself; each known one is asked.
    let grants = move || {
        let orgs = names.get().orgs;
        ctx.read(|doc| {
            orgs.iter()
                .filter_map(|o| {
                    let id: OrgId = o.id.parse().ok()?;
                    let role = doc.org_role(&id).ok()??;
                    Some((o.clone(), role))
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    let new_org = RwSignal::new(String::new());
    let new_role = RwSignal::new(DocRole::Viewer);
    let set = move |org: String, role: DocRole| {
        if let Ok(org) = org.parse::<OrgId>() {
            let _ = ctx.change(|doc| doc.set_org_role(&org, role));
        }
    };
    let ungranted = move || {
        let granted: Vec<String> = grants().into_iter().map(|(o, _)| o.id).collect();
        names
            .get()
            .orgs
            .into_iter()
            .filter(|o| !granted.contains(&o.id))
            .collect::<Vec<_>>()
    };
    view! {
        <h3>{move || i18n.pick(L::new("合作组织", "Partner organisations"))}</h3>
        <ul class="member-list">
            {move || grants().into_iter().map(|(org, role)| {
                let id = org.id.clone();
                let kind = org_kind_label(&org.kind);
                view! {
                    <li class="member" data-testid="org-grant" data-org=org.id.clone()>
                        <span class="member-name">
                            {org.name.clone()}
                            {kind.map(|k| view! { <span class="admin-id">{move || i18n.pick(k)}</span> })}
                        </span>
                        {move || if editable.get() {
                            let id = id.clone();
                            view! {
                                <select class="member-role" aria-label=move || i18n.pick(L::new("角色", "Role"))
                                    on:change=move |ev| {
                                        if let Some(r) = DocRole::parse(&event_target_value(&ev)) {
                                            set(id.clone(), r);
                                        }
                                    }>
                                    {DocRole::ALL.iter().map(|r| view! {
                                        <option value=r.as_str() selected=*r == role>{move || i18n.pick(r.label())}</option>
                                    }).collect_view()}
                                </select>
                            }.into_any()
                        } else {
                            view! { <span class="member-role">{move || i18n.pick(role.label())}</span> }.into_any()
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
        <Show when=move || editable.get() && !ungranted().is_empty()>
            <form class="member-add" on:submit=move |ev| {
                ev.prevent_default();
                let chosen = new_org.get_untracked();
                let chosen = if chosen.is_empty() {
                    ungranted().first().map(|o| o.id.clone()).unwrap_or_default()
                } else {
                    chosen
                };
                set(chosen, new_role.get_untracked());
                new_org.set(String::new());
            }>
                <select data-testid="org-grant-select" aria-label=move || i18n.pick(L::new("组织", "Organisation"))
                    on:change=move |ev| new_org.set(event_target_value(&ev))>
                    {move || ungranted().into_iter().map(|o| view! {
                        <option value=o.id.clone()>{o.name.clone()}</option>
                    }).collect_view()}
                </select>
                <RolePicker role=new_role testid="org-grant-role" />
                <button type="submit" data-testid="org-grant-add">{move || i18n.pick(L::new("授权", "Grant"))}</button>
            </form>
        </Show>
    }
}
