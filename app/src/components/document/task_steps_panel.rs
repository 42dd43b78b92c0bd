//! A task's steps in its row sheet: the owner submits it for review or asks
//! for a new deadline, the initiator answers. The buttons shown are those
//! `Permissions::may_take_task_step` allows; the relay judges the same.

use concord_model::{Localized as L, RowId, TaskAct, TaskRow, TaskStep};
use leptos::prelude::*;

use super::DocContext;
use crate::{components::Names, i18n::I18n};

#[component]
pub fn TaskStepsPanel(table: &'static str, row: RowId) -> impl IntoView {
    let ctx = DocContext::expect();
    let i18n = I18n::expect();
    let names = Names::expect();
    let row = StoredValue::new(row);
    let task = Memo::new(move |_| {
        ctx.read(|doc| doc.task_row(table, &row.read_value()).ok())
            .flatten()
            .unwrap_or_default()
    });
    let may = move |step: TaskStep| {
        let task: TaskRow = task.get();
        ctx.permissions()
            .is_some_and(|p| p.may_take_task_step(&task, step).is_ok())
    };
    let note = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let missing = RwSignal::new(false);
    let take = move |act: TaskAct| {
        let needs_text = matches!(
            &act,
            TaskAct::ReturnReview { note } | TaskAct::RefuseDeadline { answer: note }
                if note.trim().is_empty()
        ) || matches!(&act, TaskAct::AskDeadline { deadline, reason }
                if deadline.is_empty() || reason.trim().is_empty());
        missing.set(needs_text);
        if needs_text {
            return;
        }
        if ctx
            .change(|doc| doc.take_task_step(table, &row.read_value(), &act))
            .is_ok()
        {
            note.set(String::new());
            date.set(String::new());
        }
    };
    let text = move || note.get_untracked();
    let button = move |step: TaskStep, label: L, act: fn(String, String) -> TaskAct| {
        view! {
            <Show when=move || may(step)>
                <button type="button" class="button transition" data-testid="task-step"
                    data-step=step.as_str()
                    on:click=move |_| take(act(text(), date.get_untracked()))>
                    {move || i18n.pick(label)}
                </button>
            </Show>
        }
    };
    let asks_text = move || {
        [
            TaskStep::ReturnReview,
            TaskStep::RefuseDeadline,
            TaskStep::AskDeadline,
        ]
        .into_iter()
        .any(may)
    };
    view! {
        <div class="task-steps" data-testid="task-steps">
            {move || task.get().initiator.map(|p| view! {
                <p class="task-initiator" data-testid="task-initiator" data-person=p.to_string()>
                    {move || i18n.pick(L::new("发起人：", "Initiator: "))}
                    {names.person(p.as_str())}
                </p>
            })}
            {move || {
                let t = task.get();
                t.deadline_asked().then(|| view! {
                    <p class="task-asked" data-testid="task-asked">
                        {move || i18n.pick(L::new("申请新的截止日期：", "New deadline asked: "))}
                        {t.requested_deadline.clone()}
                    </p>
                })
            }}
            {move || {
                let t = task.get();
                let answer = match t.deadline_decision.as_deref() {
                    Some("approved") => Some(i18n.pick(L::new("延期已同意", "New deadline approved")).to_owned()),
                    Some(_) => Some(format!(
                        "{}{}",
                        i18n.pick(L::new("延期被拒绝：", "New deadline refused: ")),
                        t.deadline_answer.clone().unwrap_or_default()
                    )),
                    None => None,
                };
                answer.map(|a| view! { <p class="task-answer" data-testid="task-deadline-answer">{a}</p> })
            }}
            {move || {
                let t = task.get();
                (t.review_decision.as_deref() == Some("returned")).then(|| view! {
                    <p class="task-answer" data-testid="task-review-note">
                        {move || i18n.pick(L::new("审核退回：", "Returned: "))}
                        {t.review_note.clone()}
                    </p>
                })
            }}
            <Show when=move || may(TaskStep::AskDeadline)>
                <label class="task-step-field">
                    <span>{move || i18n.pick(L::new("新的截止日期", "New deadline"))}</span>
                    <input type="date" data-testid="task-ask-date"
                        prop:value=move || date.get()
                        on:input=move |ev| date.set(event_target_value(&ev)) />
                </label>
            </Show>
            <Show when=asks_text>
                <label class="task-step-field">
                    <span>{move || i18n.pick(L::new("理由", "Reason"))}</span>
                    <input type="text" data-testid="task-step-note"
                        prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev)) />
                </label>
            </Show>
            <p class="form-error" role="alert" hidden=move || !missing.get()>
                {move || i18n.pick(L::new("请填写日期和理由。", "Give the date and a reason."))}
            </p>
            <div class="row-steps">
                {button(TaskStep::SubmitForReview, L::new("提交审核", "Submit for review"),
                    |_, _| TaskAct::SubmitForReview)}
                {button(TaskStep::ApproveReview, L::new("审核通过", "Approve"),
                    |_, _| TaskAct::ApproveReview)}
                {button(TaskStep::ReturnReview, L::new("退回", "Return"),
                    |note, _| TaskAct::ReturnReview { note })}
                {button(TaskStep::AskDeadline, L::new("申请延期", "Ask for a new deadline"),
                    |reason, deadline| TaskAct::AskDeadline { deadline, reason })}
                {button(TaskStep::ApproveDeadline, L::new("同意延期", "Approve the new deadline"),
                    |_, _| TaskAct::ApproveDeadline)}
                {button(TaskStep::RefuseDeadline, L::new("拒绝延期", "Refuse the new deadline"),
                    |answer, _| TaskAct::RefuseDeadline { answer })}
            </div>
        </div>
    }
}
