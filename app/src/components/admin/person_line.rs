use concord_api::{Directory, PersonChange, PersonEntry, paths};
use concord_model::Localized as L;
use concord_model::{DeptId, PersonId};
use leptos::prelude::*;

use super::{AdminData, saved_change::SavedChange};
use crate::{
    api::{self, CallError},
    i18n::I18n,
    session::Session,
};

/// Which of a staff member's department lists a box changes.
#[derive(Clone, Copy)]
enum DeptList {
    Members,
    Heads,
}

/// What the open edit panel says about the last change sent from it.
#[derive(Clone)]
enum Outcome {
    Saved(SavedChange),
    Failed(CallError),
}

/// One account: who they are and their departments (heads marked), and an
/// edit panel: departments (member, head) for staff, name, password, admin
/// right, disabling or enabling. Each change is sent at once; the panel
/// stays open and says what was saved, or why not. The line follows the
/// directory by id, so a reload after a change updates it in place.
#[component]
pub fn PersonLine(id: PersonId) -> impl IntoView {
    let i18n = I18n::expect();
    let data = AdminData::expect();
    let person = {
        let id = id.clone();
        Memo::new(move |_| {
            data.directory.with(|d| {
                d.as_ref()
                    .and_then(|d| d.people.iter().find(|p| p.id == id).cloned())
            })
        })
    };
    let dept_name = move |dept: &DeptId| data.directory.with_untracked(|d| dept_named(d, dept));
    let outcome = RwSignal::new(None::<Outcome>);
    let path = StoredValue::new(format!(
        "{}/{}",
        paths::ADMIN_PEOPLE,
        api::path_segment(id.as_str())
    ));
    let session = Session::expect();
    let send = move |change: PersonChange, saved: SavedChange| {
        let path = path.get_value();
        outcome.set(None);
        data.run_here(
            async move { api::patch::<PersonEntry>(&path, &change).await },
            move |changed: PersonEntry| {
                outcome.set(Some(Outcome::Saved(saved)));
                // The admin changed themselves: their name, admin right or
                // (a new password) session as the relay now says.
                if session.me_untracked().is_some_and(|me| me.id == changed.id) {
                    session.recheck();
                }
            },
            move |e| outcome.set(Some(Outcome::Failed(e))),
        );
    };
    let field =
        move |read: fn(&PersonEntry) -> bool| move || person.with(|p| p.as_ref().is_some_and(read));
    let disabled = field(|p| p.disabled);
    let is_admin = field(|p| p.is_admin);
    let is_partner = field(|p| p.org.is_some());
    let departments = move || {
        data.directory.with(|d| {
            d.as_ref()
                .map(|d| d.departments.clone())
                .unwrap_or_default()
        })
    };
    let in_list = move |list: DeptList, dept: &DeptId| {
        person.with(|p| {
            p.as_ref().is_some_and(|p| match list {
                DeptList::Members => p.departments.contains(dept),
                DeptList::Heads => p.heads.contains(dept),
            })
        })
    };
    let toggle = move |list: DeptList, dept: DeptId, on: bool| {
        let Some(current) = person.get_untracked() else {
            return;
        };
        let mut ids = match list {
            DeptList::Members => current.departments,
            DeptList::Heads => current.heads,
        };
        ids.retain(|d| *d != dept);
        if on {
            ids.push(dept.clone());
        }
        let ids = Some(ids.iter().map(ToString::to_string).collect());
        let name = dept_name(&dept);
        send(
            match list {
                DeptList::Members => PersonChange {
                    departments: ids,
                    ..PersonChange::default()
                },
                DeptList::Heads => PersonChange {
                    heads: ids,
                    ..PersonChange::default()
                },
            },
            match list {
                DeptList::Members => SavedChange::Member { dept: name, on },
                DeptList::Heads => SavedChange::Head { dept: name, on },
            },
        );
    };
    // Whom this person may report to: active staff other than themselves.
    let superiors = {
        let id = id.clone();
        move || {
            data.directory.with(|d| {
                d.as_ref()
                    .map(|d| {
                        d.people
                            .iter()
                            .filter(|p| p.org.is_none() && !p.disabled && p.id != id)
                            .map(|p| (p.id.to_string(), shown(p)))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
        }
    };
    let superior_id = move || {
        person.with(|p| {
            p.as_ref()
                .and_then(|p| p.superior.as_ref())
                .map(ToString::to_string)
                .unwrap_or_default()
        })
    };
    let superior_name = move || {
        let id = superior_id();
        (!id.is_empty()).then(|| data.directory.with(|d| shown_by_id(d, &id)))
    };
    let choose_superior = move |chosen: String| {
        let name = (!chosen.is_empty())
            .then(|| data.directory.with_untracked(|d| shown_by_id(d, &chosen)));
        send(
            PersonChange {
                superior: Some(chosen),
                ..PersonChange::default()
            },
            SavedChange::Superior { name },
        );
    };
    let new_name = RwSignal::new(String::new());
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = new_name.get_untracked().trim().to_owned();
        send(
            PersonChange {
                display_name: Some(name.clone()),
                ..PersonChange::default()
            },
            SavedChange::Renamed { name },
        );
    };
    let new_password = RwSignal::new(String::new());
    let set_password = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send(
            PersonChange {
                password: Some(new_password.get_untracked()),
                ..PersonChange::default()
            },
            SavedChange::Password,
        );
        // Not kept on the page longer than it takes to send.
        new_password.set(String::new());
    };
    // The rename box starts from the name as the panel opens: on the click
    // itself, as `toggle` comes a task later, after any typing that quick.
    let opening = move |ev: leptos::ev::MouseEvent| {
        let details = event_target::<web_sys::Element>(&ev).parent_element();
        if details.is_some_and(|d| !d.has_attribute("open")) {
            new_name.set(person.with_untracked(|p| {
                p.as_ref()
                    .map(|p| p.display_name.clone())
                    .unwrap_or_default()
            }));
        }
    };
    let opened = move |ev: leptos::ev::Event| {
        if !event_target::<web_sys::Element>(&ev).has_attribute("open") {
            outcome.set(None);
        }
    };
    let display_name = move || {
        person.with(|p| {
            p.as_ref()
                .map(|p| p.display_name.clone())
                .unwrap_or_default()
        })
    };
    let id_text = id.to_string();
    view! {
        <li class="admin-line person" class:disabled=disabled data-testid="admin-person" data-id=id_text>
            <div class="person-head">
                <strong data-testid="person-display-name">{display_name}</strong>
                <span class="admin-id">{id.to_string()}</span>
                {move || person.with(|p| p.as_ref().and_then(|p| p.org.clone())).map(|o| view! { <span class="admin-tag">{o.to_string()}</span> })}
                {move || is_admin().then(|| view! { <span class="admin-tag">{move || i18n.pick(L::new("管理员", "admin"))}</span> })}
                {move || disabled().then(|| view! { <span class="admin-tag warn">{move || i18n.pick(L::new("已停用", "disabled"))}</span> })}
            </div>
            <PersonDepartments person />
            {move || superior_name().map(|name| view! {
                <p class="person-superior" data-testid="person-superior">
                    {move || i18n.pick(L::new("直属上级：", "Reports to "))}{name}
                </p>
            })}
            <details class="person-edit" on:toggle=opened>
                <summary data-testid="person-edit" on:click=opening>{move || i18n.pick(L::new("编辑", "Edit"))}</summary>
                <Show when=move || !is_partner()>
                    <table class="dept-grid">
                        <thead><tr>
                            <th>{move || i18n.pick(L::new("部门", "Department"))}</th>
                            <th>{move || i18n.pick(L::new("成员", "Member"))}</th>
                            <th>{move || i18n.pick(L::new("负责人", "Head"))}</th>
                        </tr></thead>
                        <tbody>
                            <For each=departments key=|d| d.id.clone() let:dept>
                                {
                                    let (a, b, c, d) = (dept.id.clone(), dept.id.clone(), dept.id.clone(), dept.id.clone());
                                    view! {
                                        <tr>
                                            <td>{dept.name.clone()}</td>
                                            <td><input type="checkbox" data-testid="person-dept-member" data-dept=dept.id.to_string()
                                                prop:checked=move || in_list(DeptList::Members, &c)
                                                aria-label=move || i18n.pick(L::new("成员", "Member"))
                                                on:change=move |ev| toggle(DeptList::Members, a.clone(), event_target_checked(&ev)) /></td>
                                            <td><input type="checkbox" data-testid="person-dept-head" data-dept=dept.id.to_string()
                                                prop:checked=move || in_list(DeptList::Heads, &d)
                                                aria-label=move || i18n.pick(L::new("负责人", "Head"))
                                                on:change=move |ev| toggle(DeptList::Heads, b.clone(), event_target_checked(&ev)) /></td>
                                        </tr>
                                    }
                                }
                            </For>
                        </tbody>
                    </table>
                </Show>
                <Show when=move || !is_partner()>
                    <div class="admin-form">
                    <label class="inline superior">
                        <span>{move || i18n.pick(L::new("直属上级（审核其提交的申请）", "Direct superior (reviews what they submit)"))}</span>
                        <select data-testid="person-superior-select"
                            on:change=move |ev| choose_superior(event_target_value(&ev))>
                            <option value="" selected=move || superior_id().is_empty()>
                                {move || i18n.pick(L::new("（未设置）", "(none)"))}
                            </option>
                            {
                                let superiors = superiors.clone();
                                move || superiors().into_iter().map(|(id, name)| {
                                    let value = id.clone();
                                    view! {
                                        <option value=value selected=move || superior_id() == id>{name}</option>
                                    }
                                }).collect_view()
                            }
                        </select>
                    </label>
                    </div>
                </Show>
                <form class="admin-form" on:submit=rename>
                    <label class="inline">
                        <span>{move || i18n.pick(L::new("显示名称", "Display name"))}</span>
                        <input type="text" data-testid="person-rename-input"
                            prop:value=new_name on:input=move |ev| new_name.set(event_target_value(&ev)) />
                    </label>
                    <button type="submit" data-testid="person-rename">{move || i18n.pick(L::new("改名", "Rename"))}</button>
                </form>
                <form class="admin-form" on:submit=set_password>
                    <label class="inline">
                        <span>{move || i18n.pick(L::new("新密码（至少 10 个字符）", "New password (at least 10 characters)"))}</span>
                        <input type="password" autocomplete="new-password" data-testid="person-new-password"
                            prop:value=new_password on:input=move |ev| new_password.set(event_target_value(&ev)) />
                    </label>
                    <button type="submit" data-testid="person-set-password">{move || i18n.pick(L::new("设置密码", "Set password"))}</button>
                </form>
                <div class="form-actions">
                    <label class="check">
                        <input type="checkbox" data-testid="person-is-admin" prop:checked=is_admin
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                send(
                                    PersonChange { is_admin: Some(on), ..PersonChange::default() },
                                    SavedChange::Admin { on },
                                )
                            } />
                        <span>{move || i18n.pick(L::new("工作区管理员", "Workspace admin"))}</span>
                    </label>
                    <button type="button" class=move || if disabled() { "" } else { "danger" } data-testid="person-disable"
                        on:click=move |_| {
                            let on = !disabled();
                            send(
                                PersonChange { disabled: Some(on), ..PersonChange::default() },
                                SavedChange::Disabled { on },
                            )
                        }>
                        {move || if disabled() {
                            i18n.pick(L::new("启用", "Enable"))
                        } else {
                            i18n.pick(L::new("停用", "Disable"))
                        }}
                    </button>
                </div>
                {move || outcome.get().map(|o| match o {
                    Outcome::Saved(saved) => view! {
                        <p class="person-saved" role="status" data-testid="person-saved">{saved.text(i18n.locale())}</p>
                    }.into_any(),
                    Outcome::Failed(e) => view! {
                        <p class="form-error" role="alert" data-testid="person-error">{e.describe(i18n.locale())}</p>
                    }.into_any(),
                })}
            </details>
        </li>
    }
}

/// A staff member's departments by name, the ones they head marked.
#[component]
fn PersonDepartments(person: Memo<Option<PersonEntry>>) -> impl IntoView {
    let i18n = I18n::expect();
    let data = AdminData::expect();
    let listed = move || {
        let Some(p) = person.get() else {
            return Vec::new();
        };
        data.directory.with(|d| {
            let mut ids = p.departments.clone();
            ids.extend(
                p.heads
                    .iter()
                    .filter(|h| !p.departments.contains(h))
                    .cloned(),
            );
            ids.iter()
                .map(|id| (id.to_string(), dept_named(d, id), p.heads.contains(id)))
                .collect::<Vec<_>>()
        })
    };
    let staff = move || person.with(|p| p.as_ref().is_some_and(|p| p.org.is_none()));
    view! {
        <Show when=staff>
            <ul class="person-depts" data-testid="person-depts">
                {move || {
                    let listed = listed();
                    if listed.is_empty() {
                        return view! {
                            <li class="admin-id">{move || i18n.pick(L::new("未加入部门", "No department"))}</li>
                        }.into_any();
                    }
                    listed.into_iter().map(|(id, name, head)| view! {
                        <li class="dept-tag" class:head=head data-testid="person-dept" data-dept=id data-head=head.to_string()>
                            {name}
                            {head.then(|| view! { <span class="head-mark">{move || i18n.pick(L::new(" · 负责人", " · head"))}</span> })}
                        </li>
                    }).collect_view().into_any()
                }}
            </ul>
        </Show>
    }
}

/// A department's name in the directory, else its id.
fn dept_named(directory: &Option<Directory>, id: &DeptId) -> String {
    directory
        .as_ref()
        .and_then(|d| d.departments.iter().find(|x| x.id == *id))
        .map_or_else(|| id.to_string(), |x| x.name.clone())
}

/// The person with sign-in name `id` as `shown`, else the bare id.
fn shown_by_id(directory: &Option<Directory>, id: &str) -> String {
    directory
        .as_ref()
        .and_then(|d| d.people.iter().find(|p| p.id.as_str() == id))
        .map_or_else(|| id.to_owned(), shown)
}

/// A person as the admin reads them in a list: display name and sign-in name.
fn shown(person: &PersonEntry) -> String {
    let name = person.display_name.trim();
    if name.is_empty() || name == person.id.as_str() {
        person.id.to_string()
    } else {
        format!("{name} ({})", person.id)
    }
}
