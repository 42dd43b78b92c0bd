//! "Save as team sub-template": the document's shape (its template and its
//! own fields, no values) shared through the relay with the person's
//! department or the whole workspace, for the template library.

use concord_api::{NewSubtemplate, TeamSubtemplate, paths};
use concord_model::{Affiliation, DeptId, Label, Locale, Localized as L, SharedWith};
use leptos::prelude::*;

use super::DocContext;
use crate::{
    api,
    components::{Names, template_library::remember_subtemplate},
    i18n::I18n,
    session::Session,
};

#[component]
pub fn SaveSubtemplate(ctx: DocContext) -> impl IntoView {
    // A document screen mounted without the shell (its tests) has no relay.
    let Some(session) = use_context::<Session>() else {
        return ().into_any();
    };
    let i18n = I18n::expect();
    let names = Names::expect();
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    // "" is the whole workspace; else a department id.
    let audience = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let my_departments = Memo::new(move |_| {
        session
            .person()
            .filter(|p| p.affiliation == Affiliation::Staff)
            .map(|p| p.departments)
    });
    let start = move |_| {
        let title = ctx.read_untracked(|doc| doc.title().unwrap_or_default());
        name.set(title.unwrap_or_default());
        audience.set(
            my_departments
                .get_untracked()
                .and_then(|d| d.first().map(ToString::to_string))
                .unwrap_or_default(),
        );
        problem.set(None);
        saved.set(None);
        open.set(true);
    };
    let share = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(me) = session.person_untracked() else {
            return;
        };
        let locale = i18n.locale();
        let typed = name.get_untracked();
        let label = match locale {
            Locale::ZhCn => Label::new(typed.trim(), ""),
            Locale::En => Label::new("", typed.trim()),
        };
        let shape = ctx.read_untracked(|doc| doc.shape("new", label));
        let template = match shape {
            Some(Ok(template)) => template,
            Some(Err(e)) => {
                problem.set(Some(shape_problem(&e.to_string(), locale)));
                return;
            }
            None => return,
        };
        let shared_with = match audience.get_untracked().parse::<DeptId>() {
            Ok(dept) => SharedWith::Department(dept),
            Err(_) => SharedWith::Workspace,
        };
        let body = NewSubtemplate {
            template,
            shared_with,
        };
        busy.set(true);
        problem.set(None);
        wasm_bindgen_futures::spawn_local(async move {
            let answer = api::post::<TeamSubtemplate>(paths::SUBTEMPLATES, &body).await;
            busy.set(false);
            match answer {
                Ok(stored) => {
                    remember_subtemplate(me.id.as_str(), stored);
                    open.set(false);
                    saved.set(Some(typed));
                }
                Err(e) => problem.set(Some(e.describe(i18n.locale()))),
            }
        });
    };
    view! {
        <Show when=move || my_departments.get().is_some()>
            <button type="button" class="button" data-testid="save-subtemplate"
                aria-expanded=move || open.get().to_string()
                on:click=start>
                {move || i18n.pick(L::new("存为团队子模板", "Save as team sub-template"))}
            </button>
        </Show>
        {move || saved.get().map(|n| view! {
            <p class="subtemplate-saved" role="status" data-testid="subtemplate-saved">
                {move || match i18n.locale() {
                    Locale::ZhCn => format!("已存为团队子模板「{n}」，同事可在模板库中使用。"),
                    Locale::En => format!("Saved as the team sub-template “{n}”: colleagues find it in the template library."),
                }}
            </p>
        })}
        <Show when=move || open.get()>
            <form class="subtemplate-dialog" data-testid="subtemplate-dialog" on:submit=share>
                <p class="subtemplate-note">
                    {move || i18n.pick(L::new(
                        "保存此文档的模板和自定义字段（不含填写的内容），供同事新建文档。",
                        "Saves this document's template and its own fields (none of what is filled in) for colleagues to create documents from.",
                    ))}
                </p>
                <label>
                    <span>{move || i18n.pick(L::new("子模板名称", "Sub-template name"))}</span>
                    <input type="text" required data-testid="subtemplate-name" dir="auto"
                        maxlength=concord_model::LABEL_MAX
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
                <label>
                    <span>{move || i18n.pick(L::new("供谁使用", "For whom"))}</span>
                    <select data-testid="subtemplate-audience"
                        prop:value=move || audience.get()
                        on:change=move |ev| audience.set(event_target_value(&ev))>
                        {move || my_departments.get().unwrap_or_default().into_iter().map(|d| {
                            let id = d.to_string();
                            let shown = names.book().with(|b| b.department(&id));
                            view! { <option value=id>{shown}</option> }
                        }).collect_view()}
                        <option value="">{move || i18n.pick(L::new("整个工作区", "The whole workspace"))}</option>
                    </select>
                </label>
                {move || problem.get().map(|p| view! {
                    <p class="form-error" role="alert" data-testid="subtemplate-error">{p}</p>
                })}
                <div class="form-actions">
                    <button type="submit" class="primary" data-testid="subtemplate-confirm"
                        disabled=move || busy.get()>
                        {move || i18n.pick(L::new("保存并共享", "Save and share"))}
                    </button>
                    <button type="button" on:click=move |_| open.set(false)>
                        {move || i18n.pick(L::new("取消", "Cancel"))}
                    </button>
                </div>
            </form>
        </Show>
    }
    .into_any()
}

/// Why the shape cannot be shared, in the person's language.
fn shape_problem(why: &str, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => "无法保存：请填写 1 到 80 个字符的名称，并检查自定义字段。".to_owned(),
        Locale::En => format!("This cannot be saved: {why}."),
    }
}
