use concord_model::Localized as L;
use leptos::prelude::*;

use concord_api::{NewStaff, PersonEntry, paths};

use super::{AdminData, person_line::PersonLine};
use crate::{api, i18n::I18n};

/// Everyone with an account, and adding a staff member (partners join by invite).
#[component]
pub fn PeopleSection() -> impl IntoView {
    let i18n = I18n::expect();
    let data = AdminData::expect();
    let people = move || {
        data.directory.with(|d| {
            d.as_ref()
                .map(|d| d.people.iter().map(|p| p.id.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    view! {
        <section class="admin-section" data-testid="admin-people">
            <h2>{move || i18n.pick(L::new("人员", "People"))}</h2>
            <ul class="admin-list">
                // Keyed by id: a person's line (and its open edit panel)
                // stays while the directory is read again after a change.
                <For each=people key=|id| id.clone() let:id>
                    <PersonLine id />
                </For>
            </ul>
            <AddStaff />
        </section>
    }
}

#[component]
fn AddStaff() -> impl IntoView {
    let i18n = I18n::expect();
    let data = AdminData::expect();
    let id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let is_admin = RwSignal::new(false);
    let dept = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let departments: Vec<String> = Some(dept.get_untracked())
            .filter(|d| !d.is_empty())
            .into_iter()
            .collect();
        let body = NewStaff {
            id: id.get_untracked().trim().to_owned(),
            display_name: name.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            is_admin: is_admin.get_untracked(),
            departments,
            heads: Vec::new(),
        };
        data.run(
            async move { api::post::<PersonEntry>(paths::ADMIN_PEOPLE, &body).await },
            move |_| {
                id.set(String::new());
                name.set(String::new());
                password.set(String::new());
                is_admin.set(false);
            },
        );
    };
    let departments = move || {
        data.directory.with(|d| {
            d.as_ref()
                .map(|d| d.departments.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <details class="admin-add">
            <summary data-testid="person-add-open">{move || i18n.pick(L::new("添加员工", "Add a staff member"))}</summary>
            <form class="admin-form stacked" on:submit=add>
                <label>
                    <span>{move || i18n.pick(L::new("登录名（不含空格）", "Sign-in name (no blanks)"))}</span>
                    <input type="text" required autocapitalize="off" spellcheck="false" pattern="\\S+"
                        autocomplete="off" data-testid="person-id"
                        prop:value=id on:input=move |ev| id.set(event_target_value(&ev)) />
                </label>
                <label>
                    <span>{move || i18n.pick(L::new("显示名称", "Display name"))}</span>
                    <input type="text" required data-testid="person-name"
                        prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
                <label>
                    <span>{move || i18n.pick(L::new("初始密码（至少 10 个字符）", "First password (at least 10 characters)"))}</span>
                    <input type="password" required minlength="10" autocomplete="new-password"
                        data-testid="person-password"
                        prop:value=password on:input=move |ev| password.set(event_target_value(&ev)) />
                </label>
                <label>
                    <span>{move || i18n.pick(L::new("部门", "Department"))}</span>
                    <select data-testid="person-dept" on:change=move |ev| dept.set(event_target_value(&ev))>
                        <option value="" selected=move || dept.get().is_empty()>
                            {move || i18n.pick(L::new("（无）", "(none)"))}
                        </option>
                        <For each=departments key=|d| d.id.clone() let:d>
                            <option value=d.id.to_string()>{d.name.clone()}</option>
                        </For>
                    </select>
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="person-admin"
                        prop:checked=is_admin on:change=move |ev| is_admin.set(event_target_checked(&ev)) />
                    <span>{move || i18n.pick(L::new("工作区管理员", "Workspace admin"))}</span>
                </label>
                <button type="submit" class="primary" data-testid="person-add">
                    {move || i18n.pick(L::new("添加", "Add"))}
                </button>
            </form>
        </details>
    }
}
