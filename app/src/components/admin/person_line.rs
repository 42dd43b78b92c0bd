use concord_api::{PersonChange, PersonEntry, paths};
use concord_model::DeptId;
use concord_model::Localized as L;
use leptos::prelude::*;

use super::AdminData;
use crate::{api, i18n::I18n};

/// Which of a staff member's department lists a box changes.
#[derive(Clone, Copy)]
enum DeptList {
    Members,
    Heads,
}

/// One account: who they are, their departments (member, head) for staff,
/// admin right, and disabling or enabling them. Each change is sent at once.
#[component]
pub fn PersonLine(person: PersonEntry) -> impl IntoView {
    let i18n = I18n::expect();
    let data = AdminData::expect();
    let id = person.id.to_string();
    let path = format!(
        "{}/{}",
        paths::ADMIN_PEOPLE,
        api::path_segment(person.id.as_str())
    );
    let path = StoredValue::new(path);
    let send = move |change: PersonChange| {
        let path = path.get_value();
        data.run(
            async move { api::patch::<PersonEntry>(&path, &change).await },
            |_| {},
        );
    };
    let disabled = person.disabled;
    let is_admin = person.is_admin;
    let members = StoredValue::new(person.departments.clone());
    let heads = StoredValue::new(person.heads.clone());
    let departments = move || {
        data.directory.with(|d| {
            d.as_ref()
                .map(|d| d.departments.clone())
                .unwrap_or_default()
        })
    };
    let toggle = move |list: DeptList, dept: DeptId, on: bool| {
        let store = match list {
            DeptList::Members => members,
            DeptList::Heads => heads,
        };
        let mut ids = store.get_value();
        ids.retain(|d| *d != dept);
        if on {
            ids.push(dept);
        }
        let ids = Some(ids.iter().map(ToString::to_string).collect());
        send(match list {
            DeptList::Members => PersonChange {
                departments: ids,
                ..PersonChange::default()
            },
            DeptList::Heads => PersonChange {
                heads: ids,
                ..PersonChange::default()
            },
        });
    };
    view! {
        <li class="admin-line person" class:disabled=disabled data-testid="admin-person" data-id=id.clone()>
            <div class="person-head">
                <strong>{person.display_name.clone()}</strong>
                <span class="admin-id">{id.clone()}</span>
                {person.org.as_ref().map(|o| view! { <span class="admin-tag">{o.to_string()}</span> })}
                {is_admin.then(|| view! { <span class="admin-tag">{move || i18n.pick(L::new("管理员", "admin"))}</span> })}
                {disabled.then(|| view! { <span class="admin-tag warn">{move || i18n.pick(L::new("已停用", "disabled"))}</span> })}
            </div>
            <details class="person-edit">
                <summary data-testid="person-edit">{move || i18n.pick(L::new("编辑", "Edit"))}</summary>
                {person.org.is_none().then(|| view! {
                    <table class="dept-grid">
                        <thead><tr>
                            <th>{move || i18n.pick(L::new("部门", "Department"))}</th>
                            <th>{move || i18n.pick(L::new("成员", "Member"))}</th>
                            <th>{move || i18n.pick(L::new("负责人", "Head"))}</th>
                        </tr></thead>
                        <tbody>
                            <For each=departments key=|d| d.id.clone() let:dept>
                                {
                                    let (a, b) = (dept.id.clone(), dept.id.clone());
                                    let member = members.with_value(|m| m.contains(&dept.id));
                                    let head = heads.with_value(|h| h.contains(&dept.id));
                                    view! {
                                        <tr>
                                            <td>{dept.name.clone()}</td>
                                            <td><input type="checkbox" data-testid="person-dept-member" data-dept=dept.id.to_string()
                                                prop:checked=member
                                                aria-label=move || i18n.pick(L::new("成员", "Member"))
                                                on:change=move |ev| toggle(DeptList::Members, a.clone(), event_target_checked(&ev)) /></td>
                                            <td><input type="checkbox" data-testid="person-dept-head" data-dept=dept.id.to_string()
                                                prop:checked=head
                                                aria-label=move || i18n.pick(L::new("负责人", "Head"))
                                                on:change=move |ev| toggle(DeptList::Heads, b.clone(), event_target_checked(&ev)) /></td>
                                        </tr>
                                    }
                                }
                            </For>
                        </tbody>
                    </table>
                })}
                <div class="form-actions">
                    <label class="check">
                        <input type="checkbox" data-testid="person-is-admin" prop:checked=is_admin
                            on:change=move |ev| send(PersonChange {
                                is_admin: Some(event_target_checked(&ev)),
                                ..PersonChange::default()
                            }) />
                        <span>{move || i18n.pick(L::new("工作区管理员", "Workspace admin"))}</span>
                    </label>
                    <button type="button" class={if disabled { "" } else { "danger" }} data-testid="person-disable"
                        on:click=move |_| send(PersonChange {
                            disabled: Some(!disabled),
                            ..PersonChange::default()
                        })>
                        {move || if disabled {
                            i18n.pick(L::new("启用", "Enable"))
                        } else {
                            i18n.pick(L::new("停用", "Disable"))
                        }}
                    </button>
                </div>
            </details>
        </li>
    }
}
