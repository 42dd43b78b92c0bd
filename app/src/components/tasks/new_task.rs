//! "New task" in the task centre: a task is a row of a task tracker, by
//! default the person's department's (made on first use, its department
//! granted editing), or any tracker kept here. The row names its creator
//! as initiator, so the owner's requests come back to them.

use concord_model::{
    DEFAULT_PRIORITY, DocRole, FieldKind, Localized as L, PRIORITY, PersonId, Value, find_template,
};
use concord_sync::DocumentId;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::{
    components::{DirectoryField, Names},
    i18n::I18n,
    repo::{CryptoRng, RepoSlot},
    session::Session,
};

const TRACKER: &str = "task-tracker";

/// The title of a department's tracker: how it is found again.
fn department_title(department: &str) -> String {
    format!("{department} 任务跟踪 / Task tracker")
}

#[component]
pub fn NewTask() -> impl IntoView {
    let i18n = I18n::expect();
    let me = Session::expect();
    let slot = RepoSlot::expect();
    let names = Names::expect();
    let navigate = StoredValue::new_local(use_navigate());
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let priority = RwSignal::new(DEFAULT_PRIORITY.to_owned());
    let owner = RwSignal::new(None::<Value>);
    let start = RwSignal::new(String::new());
    let deadline = RwSignal::new(String::new());
    let tags = RwSignal::new(String::new());
    // "" is the department's tracker; else a document id.
    let tracker = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let department_tracker = move || {
        let person = me.person()?;
        let dept = person.departments.first()?.to_string();
        Some(department_title(
            &names.book().with(|b| b.department(&dept)),
        ))
    };
    let trackers = Memo::new(move |_| {
        slot.repo()
            .map(|repo| {
                repo.documents()
                    .get()
                    .into_iter()
                    .filter(|d| d.template_id == TRACKER && d.status == "active")
                    .map(|d| (d.id.to_string(), d.title))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let begin = move |_| {
        start.set(crate::browser_zone::today().map_or_else(String::new, |d| d.to_string()));
        problem.set(None);
        open.set(true);
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(repo), Some(person)) = (slot.repo(), me.person_untracked()) else {
            return;
        };
        let title = name.get_untracked();
        let due = deadline.get_untracked();
        if title.trim().is_empty() || due.is_empty() {
            problem.set(Some(
                i18n.pick(L::new(
                    "请填写名称和截止日期。",
                    "Give a name and a deadline.",
                ))
                .to_owned(),
            ));
            return;
        }
        let owner_id = match owner.get_untracked() {
            Some(Value::Person(p)) => p.parse::<PersonId>().ok(),
            _ => None,
        }
        .unwrap_or_else(|| person.id.clone());
        let chosen = tracker.get_untracked();
        let dept_title = department_tracker();
        let found = if chosen.is_empty() {
            dept_title.as_ref().and_then(|t| {
                trackers
                    .get_untracked()
                    .into_iter()
                    .find(|(_, title)| title == t)
                    .map(|(id, _)| id)
            })
        } else {
            Some(chosen)
        };
        let cells = vec![
            ("task", Value::Text(title.trim().to_owned())),
            ("owner", Value::Person(owner_id.to_string())),
            ("initiator", Value::Person(person.id.to_string())),
            ("priority", Value::Choice(priority.get_untracked())),
            ("status", Value::Choice("not_started".into())),
            ("start", Value::Date(start.get_untracked())),
            ("deadline", Value::Date(due)),
            ("tags", Value::Text(tags.get_untracked())),
        ];
        let described = description.get_untracked();
        let me_id = person.id.clone();
        let dept = person.departments.first().cloned();
        leptos::task::spawn_local(async move {
            let id: DocumentId = match found.and_then(|id| id.parse().ok()) {
                Some(id) => {
                    if repo.open(id).await.is_err() {
                        return;
                    }
                    id
                }
                None => {
                    let Some(template) = find_template(TRACKER) else {
                        return;
                    };
                    let title = dept_title.unwrap_or_else(|| "任务跟踪 / Task tracker".into());
                    let Ok(id) = repo.create(template, &title, &me_id) else {
                        return;
                    };
                    let _ = repo.change_as(id, Some(&me_id), |doc| {
                        doc.set_field("project", Value::Text(title.clone()))?;
                        if let Some(dept) = &dept {
                            doc.set_dept_role(dept, DocRole::Editor)?;
                        }
                        Ok(())
                    });
                    id
                }
            };
            let row = repo.change_as(id, Some(&me_id), |doc| {
                let row = doc.add_row("tasks", None, &mut CryptoRng)?;
                for (field, value) in cells {
                    doc.set_cell("tasks", &row, field, value)?;
                }
                if !described.is_empty() {
                    doc.splice_cell_text("tasks", &row, "description", 0, 0, &described)?;
                }
                if doc
                    .member_role(&me_id)
                    .ok()
                    .flatten()
                    .is_some_and(|r| r == DocRole::Owner)
                {
                    doc.grant_named_to_act()?;
                }
                Ok(row)
            });
            match row {
                Ok(row) => {
                    open.set(false);
                    navigate.with_value(|go| go(&format!("/d/{id}?row={row}"), Default::default()));
                }
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    let text_input =
        move |label: L, value: RwSignal<String>, testid: &'static str, kind: &'static str| {
            view! {
                <label>
                    <span>{move || i18n.pick(label)}</span>
                    <input type=kind data-testid=testid
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev)) />
                </label>
            }
        };
    view! {
        <button type="button" class="create-button" data-testid="new-task" on:click=begin>
            {move || i18n.pick(L::new("新建任务", "New task"))}
        </button>
        <Show when=move || open.get()>
            <form class="create-dialog new-task-form" data-testid="new-task-form" on:submit=save>
                {text_input(L::new("任务名称", "Name"), name, "new-task-name", "text")}
                <label>
                    <span>{move || i18n.pick(L::new("任务描述", "Description"))}</span>
                    <textarea data-testid="new-task-description"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </label>
                <label>
                    <span>{move || i18n.pick(L::new("优先级", "Priority"))}</span>
                    <select data-testid="new-task-priority"
                        on:change=move |ev| priority.set(event_target_value(&ev))>
                        {PRIORITY.iter().map(|o| view! {
                            <option value=o.id selected=o.id == DEFAULT_PRIORITY>
                                {move || i18n.pick(o.label)}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{move || i18n.pick(L::new("负责人（默认是我）", "Owner (me unless chosen)"))}</span>
                    <DirectoryField kind=FieldKind::Person value=owner
                        on_value=Callback::new(move |v| owner.set(Some(v)))
                        disabled=false class="cell-input" testid="new-task-owner" />
                </label>
                {text_input(L::new("开始日期", "Start"), start, "new-task-start", "date")}
                {text_input(L::new("截止日期", "Deadline"), deadline, "new-task-deadline", "date")}
                {text_input(L::new("标签（逗号分隔）", "Tags (comma separated)"), tags, "new-task-tags", "text")}
                <label>
                    <span>{move || i18n.pick(L::new("放入哪个任务跟踪表", "Tracker"))}</span>
                    <select data-testid="new-task-tracker"
                        on:change=move |ev| tracker.set(event_target_value(&ev))>
                        <option value="">
                            {move || department_tracker().unwrap_or_else(|| i18n.pick(L::new("我的部门任务跟踪表", "My department's tracker")).to_owned())}
                        </option>
                        {move || trackers.get().into_iter()
                            .filter(|(_, t)| Some(t) != department_tracker().as_ref())
                            .map(|(id, title)| view! { <option value=id>{title}</option> })
                            .collect_view()}
                    </select>
                </label>
                {move || problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
                <div class="form-actions">
                    <button type="submit" class="primary" data-testid="new-task-save">
                        {move || i18n.pick(L::new("创建并打开", "Create and open"))}
                    </button>
                    <button type="button" on:click=move |_| open.set(false)>
                        {move || i18n.pick(L::new("取消", "Cancel"))}
                    </button>
                </div>
            </form>
        </Show>
    }
}
