//! `/tasks`: everything waiting for me, overdue first, then soonest due;
//! filtered by when it is due, by document type and by what it is. Each
//! item opens its document (a task, its row).

use concord_api::TaskCentreItem;
use concord_model::{Localized as L, find_template, views::AwaitingKind};
use leptos::prelude::*;
use leptos_router::components::A;

use super::{Tasks, new_task::NewTask};
use crate::{components::Calendar, i18n::I18n};

/// Lines drawn at first: more than a desktop screen holds.
const FIRST_LINES: usize = 50;
/// Lines each "show more" adds.
const MORE_LINES: usize = 200;

#[component]
pub fn TaskCentreScreen() -> impl IntoView {
    let i18n = I18n::expect();
    // Opening a centre asks the relay again: it is opened to see what is new.
    crate::components::Freshness::expect().ask_now();
    let tasks = Tasks::expect();
    let calendar = Calendar::expect();
    // "", "overdue" or "week".
    let when = RwSignal::new(String::new());
    let template = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    // "" or a priority option's id; steps and notices have none.
    let priority = RwSignal::new(String::new());
    // How many lines are drawn: a first screenful paints at once, the rest
    // on asking (thousands of lines would hold the first paint back).
    let drawn = RwSignal::new(FIRST_LINES);
    let week_end = Memo::new(move |_| {
        let today = calendar.today()?.day();
        let left = 6 - today.weekday() as i64;
        today.add_days(left).map(|d| d.to_string())
    });
    let shown = Memo::new(move |_| {
        let (when, template, kind) = (when.get(), template.get(), kind.get());
        let week_end = week_end.get();
        tasks
            .items()
            .get()
            .into_iter()
            .filter(|i| match when.as_str() {
                "overdue" => i.overdue,
                "week" => {
                    i.overdue
                        || i.due
                            .as_ref()
                            .zip(week_end.as_ref())
                            .is_some_and(|(d, end)| d[..10] <= end[..])
                }
                _ => true,
            })
            .filter(|i| template.is_empty() || i.template_id == template)
            .filter(|i| kind.is_empty() || i.kind == kind)
            .filter(|i| priority.with(|p| p.is_empty() || i.priority.as_deref() == Some(p)))
            .collect::<Vec<_>>()
    });
    let more = Memo::new(move |_| shown.with(Vec::len) > drawn.get());
    let templates = Memo::new(move |_| {
        let mut ids: Vec<String> = tasks
            .items()
            .get()
            .into_iter()
            .map(|i| i.template_id)
            .collect();
        ids.sort();
        ids.dedup();
        ids
    });
    let template_name = move |id: &str| {
        find_template(id).map_or_else(|| id.to_owned(), |t| i18n.pick(t.name).to_owned())
    };
    view! {
        <section class="task-centre" data-testid="task-centre">
            <h1>{move || i18n.pick(L::new("待办", "To do"))}</h1>
            <NewTask />
            <div class="task-filters">
                <select data-testid="tasks-when" aria-label=move || i18n.pick(L::new("截止", "Due"))
                    on:change=move |ev| when.set(event_target_value(&ev))>
                    <option value="">{move || i18n.pick(L::new("全部", "All"))}</option>
                    <option value="overdue">{move || i18n.pick(L::new("已逾期", "Overdue"))}</option>
                    <option value="week">{move || i18n.pick(L::new("本周到期", "Due this week"))}</option>
                </select>
                <select data-testid="tasks-template" aria-label=move || i18n.pick(L::new("文档类型", "Document type"))
                    on:change=move |ev| template.set(event_target_value(&ev))>
                    <option value="">{move || i18n.pick(L::new("所有类型", "All types"))}</option>
                    {move || templates.get().into_iter().map(|id| {
                        let name = template_name(&id);
                        view! { <option value=id>{name}</option> }
                    }).collect_view()}
                </select>
                <select data-testid="tasks-kind" aria-label=move || i18n.pick(L::new("事项", "What"))
                    on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="">{move || i18n.pick(L::new("所有事项", "Everything"))}</option>
                    <option value="task">{move || i18n.pick(L::new("我负责的任务", "Tasks I own"))}</option>
                    <option value="step">{move || i18n.pick(L::new("待我审核或签署", "Reviews and sign-offs"))}</option>
                    <option value="read">{move || i18n.pick(L::new("待确认阅读的通知", "Notices to confirm"))}</option>
                    <option value="review">{move || i18n.pick(L::new("待我审核的任务", "Tasks to review"))}</option>
                    <option value="deadline-asked">{move || i18n.pick(L::new("延期申请", "Deadline requests"))}</option>
                </select>
                <select data-testid="tasks-priority" aria-label=move || i18n.pick(L::new("优先级", "Priority"))
                    on:change=move |ev| priority.set(event_target_value(&ev))>
                    <option value="">{move || i18n.pick(L::new("所有优先级", "Any priority"))}</option>
                    {concord_model::PRIORITY.iter().map(|o| view! {
                        <option value=o.id>{move || i18n.pick(o.label)}</option>
                    }).collect_view()}
                </select>
            </div>
            <p class="hint" data-testid="tasks-shown">
                {move || match i18n.locale() {
                    concord_model::Locale::ZhCn => format!("{} 项", shown.get().len()),
                    concord_model::Locale::En => format!("{} items", shown.get().len()),
                }}
                {move || tasks.as_of_ms().map(|at| {
                    let at = crate::browser_zone::show_ms(at);
                    match i18n.locale() {
                        concord_model::Locale::ZhCn => format!(" · 截至 {at}"),
                        concord_model::Locale::En => format!(" · as of {at}"),
                    }
                })}
            </p>
            <Show when=move || shown.with(Vec::is_empty)>
                <p class="empty" data-testid="tasks-empty">
                    {move || i18n.pick(L::new("没有等待您处理的事项。", "Nothing is waiting for you."))}
                </p>
            </Show>
            <ul class="task-list">
                {move || {
                    let n = drawn.get();
                    shown.with(|s| s.iter().take(n).cloned().map(|item| view! { <TaskLine item /> }).collect_view())
                }}
            </ul>
            <Show when=move || more.get()>
                <button type="button" class="more-tasks" data-testid="tasks-more"
                    on:click=move |_| drawn.update(|n| *n += MORE_LINES)>
                    {move || {
                        let left = shown.with(Vec::len).saturating_sub(drawn.get());
                        match i18n.locale() {
                            concord_model::Locale::ZhCn => format!("再显示 {} 项（还有 {left} 项）", left.min(MORE_LINES)),
                            concord_model::Locale::En => format!("Show {} more ({left} left)", left.min(MORE_LINES)),
                        }
                    }}
                </button>
            </Show>
        </section>
    }
}

#[component]
fn TaskLine(item: TaskCentreItem) -> impl IntoView {
    let i18n = I18n::expect();
    let template = find_template(&item.template_id);
    let href = match &item.row {
        Some(row) => format!("/d/{}?row={row}", item.doc),
        None => format!("/d/{}", item.doc),
    };
    let kind = AwaitingKind::parse(&item.kind);
    let what = {
        let item = item.clone();
        move || match kind {
            Some(AwaitingKind::Step) => template
                .and_then(|t| t.workflow.transition(&item.what))
                .map_or_else(|| item.what.clone(), |t| i18n.pick(t.label).to_owned()),
            Some(AwaitingKind::Read) => i18n.pick(L::new("确认阅读", "Confirm reading")).to_owned(),
            _ => item.what.clone(),
        }
    };
    let kind_label = move || {
        i18n.pick(match kind {
            Some(AwaitingKind::Step) => L::new("审核/签署", "Review"),
            Some(AwaitingKind::Read) => L::new("通知", "Notice"),
            Some(AwaitingKind::Review) => L::new("待我审核的任务", "Task to review"),
            Some(AwaitingKind::DeadlineAsked) => L::new("延期申请", "New deadline asked"),
            _ => L::new("任务", "Task"),
        })
    };
    let template_name = template.map(|t| t.name);
    view! {
        <li class="task-item" class:overdue=item.overdue data-testid="task-item"
            data-kind=item.kind.clone() data-doc=item.doc.to_string() data-overdue=item.overdue.to_string()>
            <A href=href attr:class="task-open" attr:data-testid="task-open">
                <span class="task-kind">{kind_label}</span>
                <strong class="task-what">{what}</strong>
                <span class="task-doc">
                    {item.doc_title.clone()}
                    {move || template_name.map(|n| format!(" · {}", i18n.pick(n)))}
                </span>
                {item.due.clone().map(|due| view! {
                    <span class="task-due">
                        {move || if item.overdue {
                            i18n.pick(L::new("已逾期 · ", "Overdue · "))
                        } else {
                            i18n.pick(L::new("截止 ", "Due "))
                        }}
                        {due}
                    </span>
                })}
            </A>
        </li>
    }
}
