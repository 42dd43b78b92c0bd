//! A published notice's read receipts: each recipient confirms reading
//! here, and the issuer watches, live, who has not read it yet and how
//! long it has been out (SPEC: everyone within 2 hours).

use concord_model::{Locale, Localized as L, Person, READ_WITHIN_MINUTES};
use leptos::prelude::*;

use super::{DocContext, show_ms};
use crate::{components::Names, i18n::I18n};

/// Who must confirm, who has, and since when the notice is out.
#[derive(Clone, PartialEq)]
struct Receipts {
    /// Recipients who have not confirmed, by id.
    unread: Vec<String>,
    recipients: usize,
    /// When I confirmed, if I am a recipient who did.
    mine: Option<Option<i64>>,
    published_at: Option<i64>,
    /// Whether I issued it (or own it): I see who has not read it.
    issuer: bool,
}

#[component]
pub fn NoticeReads(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let names = Names::expect();
    let directory = names.directory();
    let receipts = Memo::new(move |_| {
        let me = ctx.me();
        let (audience, reads, published_at, issuer) = ctx
            .read_keys(|doc| {
                let published = doc
                    .meta()
                    .ok()
                    .and_then(|m| doc.template().workflow.state(&m.status))
                    .is_some_and(|s| s.publishes.is_some());
                if !published {
                    return None;
                }
                let issuer = doc.meta().ok()?.created_by == me.id;
                Some((
                    doc.audience().ok().flatten()?,
                    doc.reads().unwrap_or_default(),
                    doc.status_at().ok().flatten(),
                    issuer,
                ))
            })
            .flatten()?;
        let owner = ctx
            .permissions()
            .is_some_and(|p| p.may_change_acl().is_ok());
        let recipients: Vec<String> = directory.with(|dir| {
            dir.people
                .iter()
                .filter(|p| p.org.is_none())
                .filter(|p| audience.includes(&Person::staff(p.id.clone(), p.departments.clone())))
                .map(|p| p.id.to_string())
                .collect()
        });
        let unread = recipients
            .iter()
            .filter(|p| !reads.keys().any(|r| r.as_str() == p.as_str()))
            .cloned()
            .collect();
        Some(Receipts {
            unread,
            recipients: recipients.len(),
            mine: audience.includes(&me).then(|| reads.get(&me.id).copied()),
            published_at,
            issuer: issuer || owner,
        })
    });
    // Minutes since publishing, ticking so the issuer's line stays true.
    let now = RwSignal::new(js_sys::Date::now() as i64);
    let tick = set_interval_with_handle(
        move || now.set(js_sys::Date::now() as i64),
        std::time::Duration::from_secs(30),
    )
    .ok();
    on_cleanup(move || {
        if let Some(tick) = tick {
            tick.clear();
        }
    });
    let confirm = move |_| {
        let me = ctx.me();
        let at = js_sys::Date::now() as i64;
        if let Err(e) = ctx.change(|doc| doc.confirm_read(&me.id, at)) {
            ctx.last_error.set(Some(e.to_string()));
        }
    };
    view! {
        {move || {
            receipts.get().map(|r| {
                let locale = i18n.locale();
                let read = r.recipients - r.unread.len();
                let minutes = r.published_at.map(|at| (now.get() - at).max(0) / 60_000);
                let late = !r.unread.is_empty() && minutes.is_some_and(|m| m > READ_WITHIN_MINUTES);
                let unread = r.unread.clone();
                view! {
                    <section class="notice-reads" data-testid="notice-reads"
                        data-read=read data-recipients=r.recipients>
                        {match r.mine {
                            Some(None) => view! {
                                <button type="button" class="button" data-testid="confirm-read" on:click=confirm>
                                    {i18n.pick(L::new("确认已读", "Confirm I have read it"))}
                                </button>
                            }.into_any(),
                            Some(Some(at)) => view! {
                                <p class="read-confirmed" data-testid="read-confirmed">
                                    {i18n.pick(L::new("您已确认阅读 · ", "You confirmed reading · "))}
                                    <time>{show_ms(at)}</time>
                                </p>
                            }.into_any(),
                            None => ().into_any(),
                        }}
                        <p class="reads-line" class:late=late data-testid="reads-line">
                            {reads_line(locale, read, r.recipients, minutes)}
                        </p>
                        {(r.issuer && !unread.is_empty()).then(|| view! {
                            <div class="unread" data-testid="unread">
                                <p class="signoffs-lead">{i18n.pick(L::new("尚未阅读", "Not read yet"))}</p>
                                <ul>
                                    {unread.into_iter().map(|p| view! {
                                        <li data-testid="unread-person" data-person=p.clone()>{names.person(&p)}</li>
                                    }).collect_view()}
                                </ul>
                            </div>
                        })}
                    </section>
                }
            })
        }}
    }
}

/// "已读 3/5 · 发布 35 分钟（要求 2 小时内全员阅读）".
fn reads_line(locale: Locale, read: usize, of: usize, minutes: Option<i64>) -> String {
    let since = minutes.map(|m| match locale {
        Locale::ZhCn if m < 60 => format!(" · 已发布 {m} 分钟"),
        Locale::ZhCn => format!(" · 已发布 {} 小时 {} 分钟", m / 60, m % 60),
        Locale::En if m < 60 => format!(" · published {m} min ago"),
        Locale::En => format!(" · published {} h {} min ago", m / 60, m % 60),
    });
    let since = since.unwrap_or_default();
    match locale {
        Locale::ZhCn => format!("已读 {read}/{of}{since}（要求 2 小时内全员阅读）"),
        Locale::En => {
            format!("Read by {read} of {of}{since} (everyone is to read it within 2 hours)")
        }
    }
}
