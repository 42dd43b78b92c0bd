use concord_model::Localized as L;
use leptos::prelude::*;

use concord_api::{Department, NewDepartment, paths};

use super::AdminData;
use crate::{api, i18n::I18n};

/// The workspace's departments, and adding one.
#[component]
pub fn DepartmentsSection() -> impl IntoView {
    let i18n = I18n::expect();
    let data = AdminData::expect();
    let id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewDepartment {
            id: id.get_untracked().trim().to_owned(),
            name: name.get_untracked().trim().to_owned(),
        };
        data.run(
            async move { api::post::<Department>(paths::ADMIN_DEPARTMENTS, &body).await },
            move |_| {
                id.set(String::new());
                name.set(String::new());
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
        <section class="admin-section" data-testid="admin-departments">
            <h2>{move || i18n.pick(L::new("部门", "Departments"))}</h2>
            <ul class="admin-list">
                <For each=departments key=|d| d.id.clone() let:dept>
                    <li class="admin-line" data-testid="admin-dept" data-id=dept.id.to_string()>
                        <strong>{dept.name.clone()}</strong>
                        <span class="admin-id">{dept.id.to_string()}</span>
                    </li>
                </For>
            </ul>
            <form class="admin-form" on:submit=add>
                <input type="text" required autocapitalize="off" spellcheck="false" pattern="\\S+"
                    data-testid="dept-id"
                    placeholder=move || i18n.pick(L::new("编号（如 sales）", "Id (e.g. sales)"))
                    aria-label=move || i18n.pick(L::new("部门编号", "Department id"))
                    prop:value=id on:input=move |ev| id.set(event_target_value(&ev)) />
                <input type="text" required data-testid="dept-name"
                    placeholder=move || i18n.pick(L::new("名称", "Name"))
                    aria-label=move || i18n.pick(L::new("部门名称", "Department name"))
                    prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
                <button type="submit" data-testid="dept-add">{move || i18n.pick(L::new("添加部门", "Add department"))}</button>
            </form>
        </section>
    }
}
