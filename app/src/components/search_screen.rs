//! `/search`: every document this person may read, searched in this
//! browser, so it works offline. The documents kept here are searched as
//! they are; those the relay lists for this person but this browser does
//! not yet hold are fetched (the relay sends only what the person may
//! read) and searched once here. Each document's texts are read once and
//! again only when it changes (`SearchTexts`); a query scans them.

use concord_model::{
    Localized as L, find_template,
    views::{QUERY_MAX, SearchHit, SearchTexts, query_words},
};
use concord_sync::DocumentId;
use leptos::prelude::*;

use crate::{
    components::{
        Names,
        home::{ByRevision, ListedDocuments, display_title},
    },
    i18n::I18n,
    repo::{Repo, RepoSlot},
};

/// In the top bar: a magnifier on a phone, the word on a desktop.
#[component]
pub fn SearchLink() -> impl IntoView {
    let i18n = I18n::expect();
    let session = crate::session::Session::expect();
    view! {
        <Show when=move || session.person().is_some()>
            <leptos_router::components::A href="/search" attr:class="tasks-link search-link" attr:data-testid="search-link"
                attr:aria-label=move || i18n.pick(L::new("搜索", "Search"))>
                <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
                    <circle cx="8.5" cy="8.5" r="5.5" stroke="currentColor" stroke-width="1.6" fill="none" />
                    <path d="M12.6 12.6L17 17" stroke="currentColor" stroke-width="1.6" />
                </svg>
                <span class="tasks-label">{move || i18n.pick(L::new("搜索", "Search"))}</span>
            </leptos_router::components::A>
        </Show>
    }
}

/// At the top of the home screen, where a phone's top bar has no room for
/// one more icon: a search box that opens `/search` with what was typed.
#[component]
pub fn HomeSearch() -> impl IntoView {
    let i18n = I18n::expect();
    let typed = RwSignal::new(String::new());
    let navigate = leptos_router::hooks::use_navigate();
    view! {
        <form
            class="home-search"
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                let q = typed.get_untracked();
                let encoded: String = js_sys::encode_uri_component(q.trim()).into();
                navigate(&format!("/search?q={encoded}"), Default::default());
            }
        >
            <input
                type="search"
                class="search-input"
                data-testid="home-search-input"
                maxlength=QUERY_MAX.to_string()
                placeholder=move || i18n.pick(L::new("搜索文档", "Search documents"))
                aria-label=move || i18n.pick(L::new("搜索文档", "Search documents"))
                prop:value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev))
            />
        </form>
    }
}

#[component]
pub fn SearchScreen() -> impl IntoView {
    let i18n = I18n::expect();
    let slot = RepoSlot::expect();
    view! {
        <section class="search" data-testid="search" aria-labelledby="search-title">
            <h1 id="search-title">{move || i18n.pick(L::new("搜索", "Search"))}</h1>
            {move || slot.repo().map(|repo| view! { <SearchBody repo /> })}
        </section>
    }
}

/// One document that matched.
#[derive(Clone, PartialEq)]
struct Found {
    id: DocumentId,
    title: String,
    template: String,
    hits: Vec<SearchHit>,
}

#[component]
fn SearchBody(repo: Repo) -> impl IntoView {
    let i18n = I18n::expect();
    let names = Names::expect();
    let query_map = leptos_router::hooks::use_query_map();
    let query = RwSignal::new(query_map.with_untracked(|q| q.get("q").unwrap_or_default()));
    let listed = ListedDocuments::open_all(&repo);
    let listing = listed.listing;
    let stored = StoredValue::new_local(repo.clone());
    let texts = ByRevision::<SearchTexts>::new();
    let found = Memo::new(move |_| {
        let words = query_words(&query.get());
        listed.track();
        if words.is_empty() {
            return Vec::new();
        }
        let book = names.book().get();
        let locale = i18n.locale();
        let repo = stored.get_value();
        let listed = listing.merged.get();
        let mut out = Vec::new();
        for doc in &listed {
            let Some(revisions) = repo.subscribe(doc.id) else {
                continue;
            };
            let read = texts.get_or_read(doc.id, revisions.any.get(), || {
                repo.read(doc.id, |d| {
                    SearchTexts::of(d, &|kind, value| book.cell_text(kind, value, locale))
                })
            });
            let hits = read.map(|texts| texts.find(&words));
            if let Some(hits) = hits.filter(|h| !h.is_empty()) {
                let template = find_template(&doc.template_id).map_or_else(
                    || doc.template_id.clone(),
                    |t| t.name.get(locale).to_owned(),
                );
                out.push(Found {
                    id: doc.id,
                    title: display_title(&doc.title),
                    template,
                    hits,
                });
            }
        }
        out
    });
    view! {
        <input
            type="search"
            class="search-input"
            data-testid="search-input"
            maxlength=QUERY_MAX.to_string()
            autofocus
            placeholder=move || i18n.pick(L::new("标题、字段、表格、评论中的文字", "Text in titles, fields, tables, comments"))
            aria-label=move || i18n.pick(L::new("搜索", "Search"))
            prop:value=move || query.get()
            on:input=move |ev| query.set(event_target_value(&ev))
        />
        <p class="hint" data-testid="search-count" data-found=move || found.with(Vec::len)>
            {move || {
                let n = found.with(Vec::len);
                if query.with(|q| q.trim().is_empty()) {
                    String::new()
                } else {
                    match i18n.locale() {
                        concord_model::Locale::ZhCn => format!("{n} 个文档"),
                        concord_model::Locale::En if n == 1 => "1 document".to_owned(),
                        concord_model::Locale::En => format!("{n} documents"),
                    }
                }
            }}
        </p>
        <ul class="search-results">
            {move || found
                .get()
                .into_iter()
                .map(|f| view! { <Result found=f /> })
                .collect_view()}
        </ul>
    }
}

#[component]
fn Result(found: Found) -> impl IntoView {
    let i18n = I18n::expect();
    let id = found.id;
    view! {
        <li class="search-result" data-testid="search-result" data-doc-id=id.to_string()>
            <a class="doc-link" href=format!("/d/{id}")>
                <span class="doc-title">{found.title.clone()}</span>
                <span class="doc-meta">{found.template.clone()}</span>
            </a>
            <ul class="search-hits">
                {found
                    .hits
                    .into_iter()
                    .map(|hit| {
                        let (href, kind) = match &hit.place {
                            concord_model::HistoryPlace::Cell { row, .. }
                            | concord_model::HistoryPlace::Row { row, .. } => {
                                (format!("/d/{id}?row={}", row.0), "row")
                            }
                            concord_model::HistoryPlace::Title => (format!("/d/{id}"), "title"),
                            concord_model::HistoryPlace::Field(_) => (format!("/d/{id}"), "field"),
                            concord_model::HistoryPlace::Part(part) if part == "meta.tags" => {
                                (format!("/d/{id}"), "tags")
                            }
                            _ => (format!("/d/{id}"), "comment"),
                        };
                        let label = match kind {
                            "row" => L::new("表格行", "Row"),
                            "title" => L::new("标题", "Title"),
                            "field" => L::new("字段", "Field"),
                            "tags" => L::new("标签", "Tags"),
                            _ => L::new("评论", "Comment"),
                        };
                        view! {
                            <li class="search-hit" data-testid="search-hit" data-kind=kind>
                                <a href=href>
                                    <span class="history-place">{move || i18n.pick(label)}</span>
                                    " "
                                    <span class="search-snippet">{hit.snippet.clone()}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </li>
    }
}
