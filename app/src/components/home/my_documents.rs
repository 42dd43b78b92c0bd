use concord_model::{Locale, Localized as L, find_template};
use leptos::prelude::*;

use super::save_label::{save_label, save_state};
use crate::{
    i18n::I18n,
    repo::{DocEntry, Repo, RepoSlot},
};

/// "My documents": those kept in this browser, most recently changed first,
/// each with its template, workflow state and where its changes are.
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
    let documents = repo.documents();
    let statuses = repo.statuses();
    // Opening every listed document syncs it with the relay and gives it a
    // live status; each is loaded once per tab.
    let stored = StoredValue::new_local(repo);
    Effect::new(move || {
        let ids: Vec<_> = documents.with(|list| list.iter().map(|e| e.id).collect());
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
    move || {
        let list = documents.get();
        if list.is_empty() {
            return view! {
                <p class="empty" data-testid="my-docs-empty">
                    {move || i18n.pick(L::new(
                        "这台设备上还没有文档。从下面的模板新建一个，或打开同事发来的链接。",
                        "No documents on this device yet. Create one from a template below, or open a link a colleague sent.",
                    ))}
                </p>
            }
            .into_any();
        }
        view! {
            <ul class="doc-list">
                {list
                    .into_iter()
                    .map(|entry| {
                        let id = entry.id;
                        let title = display_title(&entry);
                        let status = move || statuses.with(|s| s.get(&id).copied());
                        view! {
                            <li class="doc-row">
                                <a class="doc-link" href=format!("/d/{id}")
                                    data-testid="doc-link" data-doc-id=id.to_string()>
                                    <span class="doc-title" data-testid="doc-title">{title}</span>
                                    <span class="doc-meta">
                                        {move || describe(&entry, i18n.locale())}
                                    </span>
                                    <span class="doc-save" data-testid="doc-save"
                                        data-save=move || status().map(|s| save_state(&s)).unwrap_or("closed")>
                                        {move || status().map(|s| save_label(&s, i18n.locale())).unwrap_or_default()}
                                    </span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    }
}

fn display_title(entry: &DocEntry) -> String {
    if entry.title.trim().is_empty() {
        "—".to_owned()
    } else {
        entry.title.clone()
    }
}

/// "Meeting minutes · Draft · 2026-11-21 14:05", in the reader's language;
/// an unknown template or state is shown by its id.
fn describe(entry: &DocEntry, locale: Locale) -> String {
    let template = find_template(&entry.template_id);
    let name = template.map_or(entry.template_id.as_str(), |t| t.name.get(locale));
    let state = template
        .and_then(|t| t.workflow.state(&entry.status))
        .map_or(entry.status.as_str(), |s| s.label.get(locale));
    let when = local_time(entry.updated_ms);
    [name, state, when.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The time in the browser's own time zone, to the minute.
fn local_time(ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}
