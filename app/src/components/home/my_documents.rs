use concord_model::{
    DocRole, Locale, Localized as L, find_template,
    views::{ALARM_TEMPLATE, is_alarm},
};
use leptos::prelude::*;

use super::{
    listed_doc::ListedDoc,
    listing::Listing,
    save_label::{save_label, save_state},
};
use crate::{
    i18n::I18n,
    repo::{Repo, RepoSlot},
    session::Session,
};

/// "My documents": those this person may read on the relay and those kept
/// in this browser, each with its template, workflow state, the person's
/// role and, for documents here, where their changes are.
#[component]
pub fn MyDocuments() -> impl IntoView {
    let i18n = I18n::expect();
    let slot = RepoSlot::expect();
    view! {
        <section class="my-docs" data-testid="my-docs" aria-labelledby="my-docs-title">
            <h1 id="my-docs-title">{move || i18n.pick(L::new("我的文档", "My documents"))}</h1>
            {move || slot.repo().map(|repo| view! { <DocumentList repo /> })}
        </section>
    }
}

#[component]
fn DocumentList(repo: Repo) -> impl IntoView {
    let i18n = I18n::expect();
    let session = Session::expect();
    let documents = repo.documents();
    let statuses = repo.statuses();
    let Listing {
        merged: all,
        relay_list,
        problem: relay_problem,
    } = Listing::follow(&repo);
    // Opening every document kept here syncs it with the relay and gives
    // it a live status; each is loaded once per tab.
    // Emergency plans this person may read are opened too, though never
    // opened here before: triggered, they must show at once (`is_alarm`).
    let stored = StoredValue::new_local(repo);
    Effect::new(move || {
        let mut ids: Vec<_> = documents.with(|list| list.iter().map(|e| e.id).collect());
        relay_list.with(|relay| {
            let plans = relay
                .iter()
                .filter(|l| l.template_id == ALARM_TEMPLATE && !ids.contains(&l.id))
                .map(|l| l.id)
                .collect::<Vec<_>>();
            ids.extend(plans);
        });
        let repo = stored.get_value();
        wasm_bindgen_futures::spawn_local(async move {
            for id in ids {
                if !repo.is_open(id) {
                    // A failure is reported through `errors` (the shell's alert).
                    let _ = repo.open(id).await;
                }
            }
        });
    });
    let partner = move || session.me().is_some_and(|me| me.is_partner());
    // Archives live in the archive library, apart from the documents in use.
    let merged = Memo::new(move |_| {
        all.with(|list| {
            list.iter()
                .filter(|d| !d.is_archived())
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let archived =
        Memo::new(move |_| all.with(|list| list.iter().filter(|d| d.is_archived()).count()));
    let alarms = Memo::new(move |_| {
        merged.with(|list| {
            list.iter()
                .filter(|d| is_alarm(&d.template_id, &d.state))
                .map(|d| (d.id, display_title(&d.title)))
                .collect::<Vec<_>>()
        })
    });
    let alarm_list = move || {
        let list = alarms.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="alarm" role="alert" data-testid="alarm">
                    <p class="alarm-lead">
                        {move || i18n.pick(L::new("应急预案已启动", "Emergency plan active"))}
                    </p>
                    <ul>
                        {list
                            .into_iter()
                            .map(|(id, title)| {
                                view! {
                                    <li>
                                        <a href=format!("/d/{id}") data-testid="alarm-link" data-doc-id=id.to_string()>
                                            {title}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    };
    let list_view = move || {
        let list = merged.get();
        let offline_note = relay_problem.get().map(|e| {
            view! {
                <p class="hint" data-testid="relay-list-problem">{e.describe(i18n.locale())}</p>
            }
        });
        if list.is_empty() {
            let empty = if partner() {
                L::new(
                    "还没有与您共享的文档。",
                    "Nothing has been shared with you yet.",
                )
            } else {
                L::new(
                    "还没有文档。从下面的模板新建一个，或打开同事发来的链接。",
                    "No documents yet. Create one from a template below, or open a link a colleague sent.",
                )
            };
            return view! {
                {offline_note}
                <p class="empty" data-testid="my-docs-empty">{move || i18n.pick(empty)}</p>
            }
            .into_any();
        }
        view! {
            {offline_note}
            <ul class="doc-list">
                {list
                    .into_iter()
                    .map(|entry| {
                        let id = entry.id;
                        let title = display_title(&entry.title);
                        let status = move || statuses.with(|s| s.get(&id).copied());
                        let local_only = entry.only_in_this_browser();
                        let role = entry.role;
                        view! {
                            <li class="doc-row">
                                <a class="doc-link" href=format!("/d/{id}")
                                    data-testid="doc-link" data-doc-id=id.to_string()
                                    data-role=role.map_or("", DocRole::as_str)>
                                    <span class="doc-title" data-testid="doc-title">{title}</span>
                                    <span class="doc-meta">
                                        {move || describe(&entry, i18n.locale())}
                                    </span>
                                    <span class="doc-save" data-testid="doc-save"
                                        data-save=move || status().map(|s| save_state(&s)).unwrap_or("closed")>
                                        {move || status().map(|s| save_label(&s, i18n.locale())).unwrap_or_default()}
                                        {local_only.then(|| view! {
                                            <span class="doc-local-only" data-testid="doc-local-only">
                                                {move || i18n.pick(L::new("仅在本浏览器", "Only in this browser"))}
                                            </span>
                                        })}
                                    </span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        {alarm_list}
        {list_view}
        <Show when=move || archived.get() != 0>
            <p class="archive-link">
                <a href="/archive" data-testid="archive-link">
                    {move || match i18n.locale() {
                        Locale::ZhCn => format!("归档库：{} 个已归档的文档 →", archived.get()),
                        Locale::En => format!("Archive: {} archived documents →", archived.get()),
                    }}
                </a>
            </p>
        </Show>
    }
}

pub(crate) fn display_title(title: &str) -> String {
    if title.trim().is_empty() {
        "—".to_owned()
    } else {
        title.to_owned()
    }
}

/// "Meeting minutes · Draft · Editor · 2026-11-21 14:05", in the reader's
/// language; an unknown template or state is shown by its id.
fn describe(entry: &ListedDoc, locale: Locale) -> String {
    let template = find_template(&entry.template_id);
    let name = template.map_or(entry.template_id.as_str(), |t| t.name.get(locale));
    let state = template
        .and_then(|t| t.workflow.state(&entry.state))
        .map_or(entry.state.as_str(), |s| s.label.get(locale));
    let role = entry.role.map_or("", |r| r.label().get(locale));
    let when = entry.updated_ms.map(local_time).unwrap_or_default();
    [name, state, role, when.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The time in the browser's own time zone, to the minute.
pub(super) fn local_time(ms: i64) -> String {
    crate::browser_zone::show_ms(ms)
}
