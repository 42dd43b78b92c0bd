use concord_api::{People, VisiblePerson};
use concord_model::{Classification, DocRole, FieldKind, Locale, Localized as L, PersonId, Value};
use leptos::prelude::*;

use super::{
    DocContext,
    group_grants::{Group, GroupGrants},
    role_picker::RolePicker,
};
use crate::{
    components::{ConfirmButton, DirectoryField, Names},
    i18n::I18n,
};

const REMOVE: L = L::new("移除", "Remove");

/// Sharing: the document's classification, who is named on it with which
/// role, and which departments and partner organisations may reach it.
/// Owners change all of it; names are offered from the relay's directory
/// (`Names`, kept in the browser so the list reads by name offline too).
#[component]
pub fn MembersPanel() -> impl IntoView {
    let i18n = I18n::expect();
    let ctx = DocContext::expect();
    let names = Names::expect().directory();
    let members = move || {
        ctx.read_keys(|doc| doc.members().unwrap_or_default())
            .unwrap_or_default()
    };
    let is_owner = Signal::derive(move || {
        ctx.permissions()
            .is_some_and(|p| p.may_change_acl().is_ok())
    });
    // The person picked from the directory, not yet added.
    let picked = RwSignal::new(None::<Value>);
    let new_role = RwSignal::new(DocRole::Editor);
    let problem = RwSignal::new(None::<&'static str>);

    let add = move || {
        let person = match picked.get_untracked() {
            Some(Value::Person(id)) => id.parse::<PersonId>().ok(),
            _ => None,
        };
        let Some(person) = person else {
            problem.set(Some(i18n.pick(L::new(
                "请先从目录中选择一个人。",
                "Choose a person from the directory first.",
            ))));
            return;
        };
        let role = new_role.get_untracked();
        if ctx.change(|doc| doc.set_member_role(&person, role)).is_ok() {
            picked.set(None);
            problem.set(None);
        }
    };
    let set_role = move |person: PersonId, role: Option<DocRole>| {
        let _ = ctx.change(|doc| match role {
            Some(role) => doc.set_member_role(&person, role),
            None => doc.remove_member(&person),
        });
    };

    view! {
        <section class="members" data-testid="members" aria-labelledby="members-title">
            <h2 id="members-title">{move || i18n.pick(L::new("共享", "Sharing"))}</h2>
            <ClassificationPicker editable=is_owner />
            <h3>{move || i18n.pick(L::new("成员", "People"))}</h3>
            <ul class="member-list">
                <For each=members key=|(person, role)| (person.clone(), *role) let:member>
                    <MemberLine person=member.0 role=member.1 editable=is_owner set_role names />
                </For>
            </ul>
            <Show when=move || is_owner.get()>
                <form
                    class="member-add"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        add();
                    }
                >
                    <DirectoryField
                        kind=FieldKind::Person
                        value=picked
                        on_value=Callback::new(move |v| {
                            picked.set(Some(v));
                            problem.set(None);
                        })
                        disabled=false
                        class="member-add-input"
                        testid="member-add-input"
                        label=Signal::derive(move || i18n.pick(L::new("人员", "Person")).to_owned())
                    />
                    <RolePicker role=new_role testid="member-add-role" />
                    <button type="submit" data-testid="member-add">
                        {move || i18n.pick(L::new("添加", "Add"))}
                    </button>
                </form>
                {move || problem.get().map(|p| view! { <p class="field-problem" role="alert">{p}</p> })}
            </Show>
            <GroupGrants group=Group::Dept editable=is_owner names />
            <GroupGrants group=Group::Org editable=is_owner names />
        </section>
    }
}

/// "Wang Fang (wang)", or "Li (li · acme)" for a partner.
fn person_label(person: &VisiblePerson) -> String {
    let (display_name, id) = (&person.display_name, person.id.as_str());
    let org = person.org.as_ref().map(|o| o.as_str());
    let name = if display_name.trim().is_empty() {
        id
    } else {
        display_name
    };
    match org {
        Some(org) => format!("{name} ({id} · {org})"),
        None if name == id => id.to_owned(),
        None => format!("{name} ({id})"),
    }
}

/// Public, internal or confidential; only owners change it.
#[component]
fn ClassificationPicker(editable: Signal<bool>) -> impl IntoView {
    let i18n = I18n::expect();
    let ctx = DocContext::expect();
    let current = Memo::new(move |_| {
        ctx.read_keys(|doc| doc.meta().ok().map(|m| m.classification))
            .flatten()
    });
    let explain = move |c: Classification| match c {
        Classification::Public => L::new(
            "所有员工可查看；合作伙伴需单独授权。",
            "Every staff member may read it; partners need a grant.",
        ),
        Classification::Internal => L::new(
            "仅限被授权的人员和组织。",
            "Only the people and organisations granted.",
        ),
        Classification::Confidential => L::new(
            "仅限列出姓名的人员；组织授权无效。",
            "Only the people named here; organisation grants do not reach it.",
        ),
    };
    view! {
        <div class="classification" data-testid="classification"
            data-value=move || current.get().map(Classification::as_str).unwrap_or_default()>
            <label>
                <span>{move || i18n.pick(L::new("密级", "Classification"))}</span>
                <select
                    data-testid="classification-select"
                    disabled=move || !editable.get()
                    on:change=move |ev| {
                        if let Some(c) = Classification::parse(&event_target_value(&ev)) {
                            let _ = ctx.change(|doc| doc.set_classification(c));
                        }
                    }
                >
                    {Classification::ALL.iter().map(|c| view! {
                        <option value=c.as_str() selected=move || current.get() == Some(*c)>
                            {move || i18n.pick(c.label())}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <p class="hint">{move || current.get().map(|c| i18n.pick(explain(c)))}</p>
        </div>
    }
}

#[component]
fn MemberLine(
    person: PersonId,
    role: DocRole,
    editable: Signal<bool>,
    set_role: impl Fn(PersonId, Option<DocRole>) + Copy + Send + Sync + 'static,
    names: Signal<People>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let shown = person.to_string();
    let id = shown.clone();
    let name = Memo::new(move |_| {
        names.with(|n| {
            n.people
                .iter()
                .find(|p| p.id.as_str() == id)
                .map(person_label)
                .unwrap_or_else(|| id.clone())
        })
    });
    let question = Signal::derive(move || match i18n.locale() {
        Locale::ZhCn => format!("将 {} 从此文档移除？", name.get()),
        Locale::En => format!("Remove {} from this document?", name.get()),
    });
    let person = StoredValue::new(person);
    view! {
        <li class="member" data-testid="member" data-person=shown>
            <span class="member-name">{name}</span>
            {move || {
                if editable.get() {
                    view! {
                        <select
                            class="member-role"
                            aria-label=move || i18n.pick(L::new("角色", "Role"))
                            on:change=move |ev| {
                                if let Some(role) = DocRole::parse(&event_target_value(&ev)) {
                                    set_role(person.get_value(), Some(role));
                                }
                            }
                        >
                            {DocRole::ALL
                                .iter()
                                .map(|r| view! {
                                    <option value=r.as_str() selected=*r == role>
                                        {move || i18n.pick(r.label())}
                                    </option>
                                })
                                .collect_view()}
                        </select>
                        <ConfirmButton
                            label=Signal::derive(move || i18n.pick(REMOVE).to_owned())
                            question
                            confirm=Signal::derive(move || i18n.pick(REMOVE).to_owned())
                            testid="member-remove"
                            on_confirm=Callback::new(move |()| set_role(person.get_value(), None))
                        />
                    }
                    .into_any()
                } else {
                    view! { <span class="member-role">{move || i18n.pick(role.label())}</span> }.into_any()
                }
            }}
        </li>
    }
}
