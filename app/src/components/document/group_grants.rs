use concord_api::People;
use concord_model::{
    ConcordDoc, DeptId, DocResult, DocRole, FieldKind, Locale, Localized as L, OrgId, Value,
};
use leptos::prelude::*;

use super::{DocContext, role_picker::RolePicker};
use crate::{
    components::{ConfirmButton, DirectoryField},
    i18n::I18n,
};

/// Which kind of group a grant goes to: everyone in a department, or every
/// person of a partner organisation. Neither reaches a confidential document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Dept,
    Org,
}

impl Group {
    fn title(self) -> L {
        match self {
            Self::Dept => L::new("部门", "Departments"),
            Self::Org => L::new("合作组织", "Partner organisations"),
        }
    }

    fn testid(self) -> &'static str {
        match self {
            Self::Dept => "dept-grant",
            Self::Org => "org-grant",
        }
    }

    fn role_testid(self) -> &'static str {
        match self {
            Self::Dept => "dept-grant-role",
            Self::Org => "org-grant-role",
        }
    }

    /// The document's grants to this kind of group, as (id, role).
    fn grants(self, doc: &ConcordDoc) -> Vec<(String, DocRole)> {
        let listed = match self {
            Self::Dept => doc
                .dept_grants()
                .map(|g| g.into_iter().map(|(id, r)| (id.to_string(), r)).collect()),
            Self::Org => doc
                .org_grants()
                .map(|g| g.into_iter().map(|(id, r)| (id.to_string(), r)).collect()),
        };
        listed.unwrap_or_default()
    }

    /// Grants `role`, or takes the grant back (`None`). An id that does not
    /// parse (the directory gave it) changes nothing.
    fn set(self, doc: &mut ConcordDoc, id: &str, role: Option<DocRole>) -> DocResult<()> {
        match self {
            Self::Dept => match (id.parse::<DeptId>(), role) {
                (Ok(dept), Some(role)) => doc.set_dept_role(&dept, role),
                (Ok(dept), None) => doc.remove_dept(&dept),
                (Err(_), _) => Ok(()),
            },
            Self::Org => match (id.parse::<OrgId>(), role) {
                (Ok(org), Some(role)) => doc.set_org_role(&org, role),
                (Ok(org), None) => doc.remove_org(&org),
                (Err(_), _) => Ok(()),
            },
        }
    }

    /// The groups the directory knows: (id, name, a note such as the kind).
    fn known(self, names: &People) -> Vec<(String, String, Option<L>)> {
        match self {
            Self::Dept => names
                .departments
                .iter()
                .map(|d| (d.id.to_string(), d.name.clone(), None))
                .collect(),
            Self::Org => names
                .orgs
                .iter()
                .map(|o| (o.id.to_string(), o.name.clone(), Some(o.kind.label())))
                .collect(),
        }
    }
}

/// The grants of one kind of group on the document; owners give, change
/// and take them back, choosing among the groups the directory names.
#[component]
pub fn GroupGrants(group: Group, editable: Signal<bool>, names: Signal<People>) -> impl IntoView {
    let i18n = I18n::expect();
    let ctx = DocContext::expect();
    let grants = move || ctx.read(|doc| group.grants(doc)).unwrap_or_default();
    let known = move || names.with(|n| group.known(n));
    let name_of = move |id: &str| {
        known()
            .into_iter()
            .find(|(k, _, _)| k == id)
            .map(|(_, name, note)| (name, note))
            .unwrap_or_else(|| (id.to_owned(), None))
    };
    let set = move |id: String, role: Option<DocRole>| {
        let _ = ctx.change(|doc| group.set(doc, &id, role));
    };
    let ungranted = move || {
        let granted: Vec<String> = grants().into_iter().map(|(id, _)| id).collect();
        known()
            .into_iter()
            .filter(|(id, _, _)| !granted.contains(id))
            .collect::<Vec<_>>()
    };
    let new_group = RwSignal::new(String::new());
    let new_role = RwSignal::new(DocRole::Viewer);
    let problem = RwSignal::new(None::<&'static str>);
    view! {
        <h3>{move || i18n.pick(group.title())}</h3>
        <ul class="member-list">
            {move || grants().into_iter().map(|(id, role)| {
                let (name, note) = name_of(&id);
                let line_id = id.clone();
                let asked = name.clone();
                let question = Signal::derive(move || match i18n.locale() {
                    Locale::ZhCn => format!("取消 {asked} 对此文档的授权？"),
                    Locale::En => format!("Take back {asked}'s access to this document?"),
                });
                view! {
                    <li class="member" data-testid=group.testid() data-id=id.clone()>
                        <span class="member-name">
                            {name}
                            {note.map(|k| view! { <span class="admin-id">{move || i18n.pick(k)}</span> })}
                        </span>
                        {move || if editable.get() {
                            let (change, remove) = (line_id.clone(), line_id.clone());
                            view! {
                                <select class="member-role" aria-label=move || i18n.pick(L::new("角色", "Role"))
                                    on:change=move |ev| {
                                        if let Some(r) = DocRole::parse(&event_target_value(&ev)) {
                                            set(change.clone(), Some(r));
                                        }
                                    }>
                                    {DocRole::ALL.iter().map(|r| view! {
                                        <option value=r.as_str() selected=*r == role>{move || i18n.pick(r.label())}</option>
                                    }).collect_view()}
                                </select>
                                <ConfirmButton
                                    label=Signal::derive(move || i18n.pick(L::new("移除", "Remove")).to_owned())
                                    question
                                    confirm=Signal::derive(move || i18n.pick(L::new("移除", "Remove")).to_owned())
                                    testid="grant-remove"
                                    on_confirm=Callback::new(move |()| set(remove.clone(), None))
                                />
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
                let chosen = new_group.get_untracked();
                let chosen = match group {
                    // A department is named by picking it from the directory.
                    Group::Dept if chosen.is_empty() => {
                        problem.set(Some(i18n.pick(L::new(
                            "请先从目录中选择一个部门。",
                            "Choose a department from the directory first.",
                        ))));
                        return;
                    }
                    // The select shows its first organisation until changed.
                    Group::Org if chosen.is_empty() => {
                        ungranted().first().map(|(id, _, _)| id.clone()).unwrap_or_default()
                    }
                    _ => chosen,
                };
                set(chosen, Some(new_role.get_untracked()));
                new_group.set(String::new());
                problem.set(None);
            }>
                {match group {
                    Group::Dept => view! {
                        <DirectoryField
                            kind=FieldKind::Department
                            value=Signal::derive(move || {
                                Some(new_group.get()).filter(|id| !id.is_empty()).map(Value::Department)
                            })
                            on_value=Callback::new(move |v| {
                                if let Value::Department(id) = v {
                                    new_group.set(id);
                                    problem.set(None);
                                }
                            })
                            disabled=false
                            class="member-add-input"
                            testid="dept-grant-input"
                            label=Signal::derive(move || i18n.pick(group.title()).to_owned())
                        />
                    }.into_any(),
                    Group::Org => view! {
                        <select data-testid=format!("{}-select", group.testid())
                            aria-label=move || i18n.pick(group.title())
                            on:change=move |ev| new_group.set(event_target_value(&ev))>
                            {move || ungranted().into_iter().map(|(id, name, _)| view! {
                                <option value=id>{name}</option>
                            }).collect_view()}
                        </select>
                    }.into_any(),
                }}
                <RolePicker role=new_role testid=group.role_testid() />
                <button type="submit" data-testid=format!("{}-add", group.testid())>
                    {move || i18n.pick(L::new("授权", "Grant"))}
                </button>
            </form>
            {move || problem.get().map(|p| view! { <p class="field-problem" role="alert">{p}</p> })}
        </Show>
    }
}
