//! `/messages`: what happened that concerns me, newest first; unread ones
//! marked. Opening one marks it read and opens its document (or row);
//! "mark all read" clears the count on every device.

use concord_api::MessageItem;
use concord_model::{Locale, Localized as L, find_template, views::MessageKind};
use leptos::prelude::*;
use leptos_router::components::A;

use super::Messages;
use crate::{components::Names, i18n::I18n};

#[component]
pub fn MessageCentreScreen() -> impl IntoView {
    let i18n = I18n::expect();
    // Opening a centre asks the relay again: it is opened to see what is new.
    crate::components::Freshness::expect().ask_now();
    let messages = Messages::expect();
    let list = Memo::new(move |_| messages.list());
    let unread = Memo::new(move |_| list.with(|l| l.iter().filter(|m| !m.read).count()));
    let read_all = move |_| {
        let keys = list
            .get_untracked()
            .into_iter()
            .filter(|m| !m.read)
            .map(|m| m.key)
            .collect();
        messages.mark_read(keys);
    };
    view! {
        <section class="task-centre message-centre" data-testid="message-centre">
            <h1>{move || i18n.pick(L::new("消息", "Messages"))}</h1>
            <p class="hint" data-testid="messages-shown">
                {move || match i18n.locale() {
                    Locale::ZhCn => format!("{} 条未读", unread.get()),
                    Locale::En => format!("{} unread", unread.get()),
                }}
                {move || messages.as_of_ms().map(|at| {
                    let at = crate::browser_zone::show_ms(at);
                    match i18n.locale() {
                        Locale::ZhCn => format!(" · 截至 {at}"),
                        Locale::En => format!(" · as of {at}"),
                    }
                })}
            </p>
            <Show when=move || unread.get() != 0>
                <button type="button" class="button" data-testid="messages-read-all" on:click=read_all>
                    {move || i18n.pick(L::new("全部标为已读", "Mark all read"))}
                </button>
            </Show>
            <Show when=move || list.with(Vec::is_empty)>
                <p class="empty" data-testid="messages-empty">
                    {move || i18n.pick(L::new("还没有消息。", "No messages yet."))}
                </p>
            </Show>
            <ul class="task-list">
                {move || list.get().into_iter().map(|m| view! { <MessageLine m /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn MessageLine(m: MessageItem) -> impl IntoView {
    let i18n = I18n::expect();
    let names = Names::expect();
    let messages = Messages::expect();
    let href = match &m.row {
        Some(row) => format!("/d/{}?row={row}", m.doc),
        None => format!("/d/{}", m.doc),
    };
    let key = m.key.clone();
    let read = m.read;
    let open = move |_| {
        if !read {
            messages.mark_read(vec![key.clone()]);
        }
    };
    let text = {
        let m = m.clone();
        move || said(&m, i18n.locale(), &|p| names.person(p))
    };
    let (kind, data_key, title, at) = (
        m.kind.clone(),
        m.key.clone(),
        m.doc_title.clone(),
        crate::browser_zone::show_ms(m.at),
    );
    let label = {
        let kind = kind.clone();
        move || kind_label(&kind, i18n.locale())
    };
    view! {
        <li class="task-item message-item" class:unread=!read data-testid="message"
            data-kind=kind data-read=read.to_string() data-key=data_key>
            <A href=href attr:class="task-open" attr:data-testid="message-open" on:click=open>
                <span class="task-kind">{label}</span>
                <strong class="task-what">{text}</strong>
                <span class="task-doc">{title}</span>
                <span class="task-due">{at}</span>
            </A>
        </li>
    }
}

fn kind_label(kind: &str, locale: Locale) -> &'static str {
    let label = match MessageKind::parse(kind) {
        Some(MessageKind::Mention) => L::new("提到我", "Mention"),
        Some(MessageKind::Assigned) => L::new("指派", "Assigned"),
        Some(MessageKind::ReviewResult) => L::new("审核结果", "Review result"),
        Some(MessageKind::Awaited) => L::new("待我处理", "Awaiting you"),
        Some(MessageKind::Published) => L::new("通知", "Notice"),
        Some(MessageKind::Emergency) => L::new("应急", "Emergency"),
        Some(MessageKind::DueSoon) => L::new("即将到期", "Due soon"),
        Some(MessageKind::Overdue) => L::new("已逾期", "Overdue"),
        Some(MessageKind::DailyUpdate) => L::new("每日更新", "Daily update"),
        Some(MessageKind::ReportDue) => L::new("周报", "Weekly report"),
        Some(MessageKind::Followed) => L::new("关注的文档", "Followed"),
        Some(MessageKind::TaskApproved | MessageKind::TaskReturned) => {
            L::new("审核结果", "Review result")
        }
        Some(MessageKind::DeadlineApproved | MessageKind::DeadlineRefused) => {
            L::new("延期申请", "Deadline request")
        }
        None => L::new("消息", "Message"),
    };
    label.get(locale)
}

/// The message as a sentence in the reader's language.
fn said(m: &MessageItem, locale: Locale, person: &dyn Fn(&str) -> String) -> String {
    let zh = locale == Locale::ZhCn;
    let by = m.by.as_deref().map(person).unwrap_or_default();
    let template = find_template(&m.template_id);
    let state = || {
        template
            .and_then(|t| t.workflow.state(&m.about))
            .map_or_else(|| m.about.clone(), |s| s.label.get(locale).to_owned())
    };
    let step = || {
        template
            .and_then(|t| t.workflow.transition(&m.about))
            .map_or_else(|| m.about.clone(), |t| t.label.get(locale).to_owned())
    };
    let doc = &m.doc_title;
    let text = match MessageKind::parse(&m.kind) {
        Some(MessageKind::Mention) if zh => format!("{by} 提到了您：{}", m.about),
        Some(MessageKind::Mention) => format!("{by} mentioned you: {}", m.about),
        Some(MessageKind::Assigned) if zh => format!("{by} 把任务「{}」交给了您", m.about),
        Some(MessageKind::Assigned) => format!("{by} gave you the task “{}”", m.about),
        Some(MessageKind::ReviewResult) if zh => format!("「{doc}」现在：{}", state()),
        Some(MessageKind::ReviewResult) => format!("“{doc}” is now: {}", state()),
        Some(MessageKind::Awaited) if zh => format!("「{doc}」等待您：{}", step()),
        Some(MessageKind::Awaited) => format!("“{doc}” waits for you: {}", step()),
        Some(MessageKind::Published) if zh => format!("通知「{doc}」已发布给您，请阅读并确认"),
        Some(MessageKind::Published) => {
            format!("The notice “{doc}” was published to you: read and confirm")
        }
        Some(MessageKind::Emergency) if zh => format!("应急预案「{doc}」已启动"),
        Some(MessageKind::Emergency) => format!("The emergency plan “{doc}” was triggered"),
        Some(MessageKind::DueSoon) if zh => format!("任务「{}」3 天内到期", m.about),
        Some(MessageKind::DueSoon) => format!("The task “{}” is due within 3 days", m.about),
        Some(MessageKind::Overdue) if zh => format!("任务「{}」已逾期", m.about),
        Some(MessageKind::Overdue) => format!("The task “{}” is overdue", m.about),
        Some(MessageKind::DailyUpdate) if zh => {
            format!("任务「{}」今天还没有更新进展（每日 17:00 前）", m.about)
        }
        Some(MessageKind::DailyUpdate) => {
            format!(
                "The task “{}” has no update today (due daily by 17:00)",
                m.about
            )
        }
        Some(MessageKind::ReportDue) if zh => format!("周报「{doc}」今天 17:00 截止，请填报"),
        Some(MessageKind::ReportDue) => {
            format!("The weekly report “{doc}” is due today at 17:00: please fill in your part")
        }
        Some(MessageKind::Followed) => {
            let times: u32 = m.changed_by.iter().map(|(_, n)| n).sum();
            let who: Vec<String> = m
                .changed_by
                .iter()
                .map(|(p, n)| match n {
                    1 => person(p),
                    n => format!("{} ×{n}", person(p)),
                })
                .collect();
            if zh {
                format!("「{doc}」有 {times} 处修改：{}", who.join("、"))
            } else {
                let s = if times == 1 { "" } else { "s" };
                format!("“{doc}” was changed {times} time{s} by {}", who.join(", "))
            }
        }
        Some(MessageKind::TaskApproved) if zh => format!("{by} 通过了任务「{}」的审核", m.about),
        Some(MessageKind::TaskApproved) => format!("{by} approved the task “{}”", m.about),
        Some(MessageKind::TaskReturned) if zh => format!("{by} 退回了任务「{}」", m.about),
        Some(MessageKind::TaskReturned) => format!("{by} returned the task “{}”", m.about),
        Some(MessageKind::DeadlineApproved) if zh => {
            format!("{by} 同意了任务「{}」的新截止日期", m.about)
        }
        Some(MessageKind::DeadlineApproved) => {
            format!("{by} approved the new deadline of “{}”", m.about)
        }
        Some(MessageKind::DeadlineRefused) if zh => {
            format!("{by} 拒绝了任务「{}」的延期申请", m.about)
        }
        Some(MessageKind::DeadlineRefused) => {
            format!("{by} refused a new deadline for “{}”", m.about)
        }
        None => m.about.clone(),
    };
    match &m.reason {
        Some(reason) if zh => format!("{text}（理由：{reason}）"),
        Some(reason) => format!("{text} (reason: {reason})"),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(kind: &str, about: &str, reason: Option<&str>) -> MessageItem {
        MessageItem {
            key: "d/x".into(),
            doc: concord_sync::DocumentId::from_bytes([1; 16]),
            doc_title: "需求 A".into(),
            template_id: "requirement-approval".into(),
            kind: kind.into(),
            at: 0,
            by: Some("alice".into()),
            about: about.into(),
            reason: reason.map(str::to_owned),
            row: None,
            changed_by: Vec::new(),
            read: false,
        }
    }

    #[test]
    fn each_kind_reads_as_a_sentence_in_both_languages() {
        let name = |p: &str| {
            if p == "alice" {
                "李娜".to_owned()
            } else {
                p.to_owned()
            }
        };
        assert_eq!(
            said(&message("mention", "请看", None), Locale::ZhCn, &name),
            "李娜 提到了您：请看"
        );
        assert_eq!(
            said(
                &message("review-result", "rejected", Some("没有预算")),
                Locale::En,
                &name
            ),
            "“需求 A” is now: Rejected (reason: 没有预算)"
        );
        assert_eq!(
            said(&message("awaited", "forward", None), Locale::ZhCn, &name),
            "「需求 A」等待您：上级同意，转部门会签"
        );
        let mut changed = message("followed", "需求 A", None);
        changed.changed_by = vec![("alice".into(), 2), ("bob".into(), 1)];
        assert_eq!(
            said(&changed, Locale::ZhCn, &name),
            "「需求 A」有 3 处修改：李娜 ×2、bob"
        );
        assert_eq!(
            said(&changed, Locale::En, &name),
            "“需求 A” was changed 3 times by 李娜 ×2, bob"
        );
        assert_eq!(
            said(&message("daily-update", "报价", None), Locale::En, &name),
            "The task “报价” has no update today (due daily by 17:00)"
        );
    }
}
