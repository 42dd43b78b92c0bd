use concord_model::{DocRole, Localized as L, PersonId};
use leptos::prelude::*;

use super::DocContext;
use crate::i18n::I18n;

/// Who is named on the document and with which role; owners add people,
/// change their role or remove them. (Departments and partner organisations
/// come with the directory.)
#[component]
pub fn MembersPanel() -> impl IntoView {
    let i18n = I18n::expect();
    let ctx = DocContext::expect();
    let members = move || {
        ctx.read(|doc| doc.members().unwrap_or_default())
            .unwrap_or_default()
    };
    let is_owner = move || ctx.permissions().and_then(|p| p.role()) == Some(DocRole::Owner);
    let new_person = RwSignal::new(String::new());
    let new_role = RwSignal::new(DocRole::Editor);
    let problem = RwSignal::new(None::<&'static str>);

    let add = move || {
        let Some(person) = crate::identity::id_from_name(&new_person.get_untracked()) else {
            problem.set(Some(
                i18n.pick(L::new("请输入对方的名字。", "Enter the person's name.")),
            ));
            return;
        };
        let role = new_role.get_untracked();
        if ctx.change(|doc| doc.set_member_role(&person, role)).is_ok() {
            new_person.set(String::new());
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
            <h2 id="members-title">{move || i18n.pick(L::new("成员", "People"))}</h2>
            <ul class="member-list">
                <For each=members key=|(person, role)| (person.clone(), *role) let:member>
                    <MemberLine person=member.0 role=member.1 editable=Signal::derive(is_owner) set_role />
                </For>
            </ul>
            <Show when=is_owner>
                <form
                    class="member-add"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        add();
                    }
                >
                    <input
                        type="text"
                        data-testid="member-add-input"
                        aria-label=move || i18n.pick(L::new("名字", "Name"))
                        placeholder=move || i18n.pick(L::new("名字", "Name"))
                        prop:value=new_person
                        on:input=move |ev| new_person.set(event_target_value(&ev))
                    />
                    <RolePicker role=new_role testid="member-add-role" />
                    <button type="submit" data-testid="member-add">
                        {move || i18n.pick(L::new("添加", "Add"))}
                    </button>
                </form>
                {move || problem.get().map(|p| view! { <p class="field-problem" role="alert">{p}</p> })}
            </Show>
        </section>
    }
}

#[component]
fn MemberLine(
    person: PersonId,
    role: DocRole,
    editable: Signal<bool>,
    set_role: impl Fn(PersonId, Option<DocRole>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = I18n::expect();
    let shown = person.to_string();
    let name = shown.clone();
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
                        <button
                            type="button"
                            class="member-remove"
                            on:click=move |_| set_role(person.get_value(), None)
                        >
                            {move || i18n.pick(L::new("移除", "Remove"))}
                        </button>
                    }
                    .into_any()
                } else {
                    view! { <span class="member-role">{move || i18n.pick(role.label())}</span> }.into_any()
                }
            }}
        </li>
    }
}

#[component]
fn RolePicker(role: RwSignal<DocRole>, testid: &'static str) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <select
            data-testid=testid
            aria-label=move || i18n.pick(L::new("角色", "Role"))
            on:change=move |ev| {
                if let Some(r) = DocRole::parse(&event_target_value(&ev)) {
                    role.set(r);
                }
            }
        >
            {[DocRole::Editor, DocRole::Viewer, DocRole::Owner]
                .iter()
                .map(|r| view! {
                    <option value=r.as_str() selected=move || role.get() == *r>
                        {move || i18n.pick(r.label())}
                    </option>
                })
                .collect_view()}
        </select>
    }
}
