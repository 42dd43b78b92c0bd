//! `/search`: every document this person may read. The documents this
//! browser holds are searched here, as they are (offline too, and with
//! edits the relay has not seen yet); the others are found by the relay's
//! search (`/api/search`), which answers only with what the person may
//! read. Each held document's texts are read once and again only when it
//! changes (`SearchTexts`); a query scans them.

use std::collections::HashSet;

use concord_api::{FoundDocument, FoundHit, SearchAnswer, paths};
use concord_model::{
    Localized as L, find_template,
    views::{QUERY_MAX, SearchTexts, query_words},
};
use concord_sync::DocumentId;
use leptos::prelude::*;

use crate::{
    api::{self, CallError},
    components::{
        Names,
        home::{ByRevision, ListedDocuments, display_title},
    },
    i18n::I18n,
    repo::{Repo, RepoSlot},
    session::Session,
};

/// In the top bar: a magnifier on a phone, the word on a desktop.
/// How many results are painted at first, and added by each "show more".
const SHOWN_AT_ONCE: usize = 50;

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

/// What the relay said for one query.
#[derive(Clone, PartialEq)]
enum FromRelay {
    /// Nothing asked (no query) or the answer is on its way.
    Waiting,
    Answered(Vec<String>, SearchAnswer),
    /// Offline, or the relay could not answer: only this browser's
    /// documents were searched.
    Unanswered(Option<CallError>),
}

#[component]
fn SearchBody(repo: Repo) -> impl IntoView {
    let i18n = I18n::expect();
    let names = Names::expect();
    let session = Session::expect();
    let query_map = leptos_router::hooks::use_query_map();
    let query = RwSignal::new(query_map.with_untracked(|q| q.get("q").unwrap_or_default()));
    let listed = ListedDocuments::open_held(&repo);
    let listing = listed.listing;
    let online = repo.online();
    let stored = StoredValue::new_local(repo.clone());
    let texts = ByRevision::<SearchTexts>::new();
    // The held documents read here, and what they matched.
    let local = Memo::new(move |_| {
        let words = query_words(&query.get());
        listed.track();
        if words.is_empty() {
            return (HashSet::new(), Vec::new());
        }
        let book = names.book().get();
        let locale = i18n.locale();
        let repo = stored.get_value();
        let mut read_here = HashSet::new();
        let mut out = Vec::new();
        listing.merged.with(|listed| {
            for doc in listed {
                let Some(revisions) = repo.subscribe(doc.id) else {
                    continue;
                };
                let read = texts.get_or_read(doc.id, revisions.any.get(), || {
                    repo.read(doc.id, |d| {
                        SearchTexts::of(d, &|kind, value| book.cell_text(kind, value, locale))
                    })
                });
                let Some(read) = read else { continue };
                read_here.insert(doc.id);
                let hits = read.find(&words);
                if !hits.is_empty() {
                    out.push(FoundDocument {
                        doc: doc.id,
                        title: doc.title.clone(),
                        template_id: doc.template_id.clone(),
                        hits: hits.iter().map(FoundHit::of).collect(),
                    });
                }
            }
        });
        (read_here, out)
    });
    // A query finding hundreds of documents paints the first ones at once;
    // the rest come on asking, a page at a time.
    let shown = RwSignal::new(SHOWN_AT_ONCE);
    Effect::new(move || {
        query.track();
        shown.set(SHOWN_AT_ONCE);
    });
    // The relay's search, asked again at each change of the query; an
    // answer to an earlier query than the last one asked is dropped.
    let from_relay = RwSignal::new(FromRelay::Waiting);
    let asked = StoredValue::new(0u64);
    // What is asked, apart: a signal set again to the same value (the
    // connection's state is, as documents sync) must not ask again and
    // drop the answer on its way.
    let wanted = Memo::new(move |_| (query.get(), i18n.locale(), online.get()));
    Effect::new(move || {
        let (text, locale, online) = wanted.get();
        let words = query_words(&text);
        let ask = asked.get_value() + 1;
        asked.set_value(ask);
        if words.is_empty() {
            from_relay.set(FromRelay::Waiting);
            return;
        }
        if !online {
            from_relay.set(FromRelay::Unanswered(None));
            return;
        }
        from_relay.set(FromRelay::Waiting);
        let q: String = js_sys::encode_uri_component(text.trim()).into();
        let path = format!("{}?q={q}&lang={}", paths::SEARCH, locale.tag());
        wasm_bindgen_futures::spawn_local(async move {
            let answer = api::get::<SearchAnswer>(&path).await;
            if asked.get_value() != ask {
                return;
            }
            match answer {
                Ok(answer) => from_relay.set(FromRelay::Answered(words, answer)),
                Err(e) if e.is_signed_out() => session.signed_out(),
                Err(e) => from_relay.set(FromRelay::Unanswered(Some(e))),
            }
        });
    });
    // This browser's matches, then the relay's for documents not read here.
    let found = Memo::new(move |_| {
        let words = query_words(&query.get());
        local.with(|(_, here)| {
            let mut out = here.clone();
            // A document held here that did not match may still be
            // arriving (or be behind the relay): only a match here, which
            // has this browser's newest edits, stands in for the relay's.
            let matched_here: HashSet<DocumentId> = here.iter().map(|f| f.doc).collect();
            from_relay.with(|r| {
                if let FromRelay::Answered(asked_for, answer) = r
                    && *asked_for == words
                {
                    out.extend(
                        answer
                            .found
                            .iter()
                            .filter(|f| !matched_here.contains(&f.doc))
                            .cloned(),
                    );
                }
            });
            out
        })
    });
    let held = move || local.with(|(read_here, _)| read_here.len());
    let note = move || {
        if query.with(|q| query_words(q).is_empty()) {
            return None;
        }
        let locale = i18n.locale();
        from_relay.with(|r| match r {
            FromRelay::Waiting => Some((
                "searching",
                i18n.pick(L::new("正在搜索服务器上的文档…", "Searching the documents on the server…")).to_owned(),
            )),
            FromRelay::Answered(_, answer) if answer.more => Some((
                "more",
                i18n.pick(L::new(
                    "匹配的文档太多，只显示了一部分：请输入更多文字缩小范围。",
                    "Too many documents match; only some are shown: type more to narrow the search.",
                ))
                .to_owned(),
            )),
            FromRelay::Answered(..) => None,
            FromRelay::Unanswered(problem) => {
                let n = held();
                let searched = match locale {
                    concord_model::Locale::ZhCn => format!("只搜索了此设备上的 {n} 个文档"),
                    concord_model::Locale::En if n == 1 => {
                        "Only the 1 document on this device was searched".to_owned()
                    }
                    concord_model::Locale::En => {
                        format!("Only the {n} documents on this device were searched")
                    }
                };
                let why = match problem {
                    None => i18n.pick(L::new("离线", "Offline")).to_owned(),
                    Some(e) => e.describe(locale),
                };
                let said = match locale {
                    concord_model::Locale::ZhCn => format!("{why}：{searched}。"),
                    concord_model::Locale::En => format!("{why}: {searched}."),
                };
                Some(("device-only", said))
            }
        })
    };
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
        {move || note().map(|(kind, text)| view! {
            <p class="hint search-note" data-testid="search-note" data-kind=kind>{text}</p>
        })}
        <ul class="search-results">
            {move || found.with(|found| {
                found
                    .iter()
                    .take(shown.get())
                    .cloned()
                    .map(|f| view! { <Result found=f /> })
                    .collect_view()
            })}
        </ul>
        {move || {
            let more = found.with(Vec::len).saturating_sub(shown.get());
            (more > 0).then(|| {
                let next = more.min(SHOWN_AT_ONCE);
                let label = match i18n.locale() {
                    concord_model::Locale::ZhCn => format!("再显示 {next} 个（还有 {more} 个）"),
                    concord_model::Locale::En => format!("Show {next} more ({more} not shown)"),
                };
                view! {
                    <button
                        type="button"
                        class="search-more"
                        data-testid="search-more"
                        on:click=move |_| shown.update(|n| *n += SHOWN_AT_ONCE)
                    >
                        {label}
                    </button>
                }
            })
        }}
    }
}

#[component]
fn Result(found: FoundDocument) -> impl IntoView {
    let i18n = I18n::expect();
    let id = found.doc;
    let template = find_template(&found.template_id).map(|t| t.name);
    let template_id = found.template_id.clone();
    view! {
        <li class="search-result" data-testid="search-result" data-doc-id=id.to_string()>
            <a class="doc-link" href=format!("/d/{id}")>
                <span class="doc-title">{display_title(&found.title)}</span>
                <span class="doc-meta">{move || template.map_or_else(|| template_id.clone(), |t| i18n.pick(t).to_owned())}</span>
            </a>
            <ul class="search-hits">
                {found
                    .hits
                    .into_iter()
                    .map(|hit| {
                        let href = match &hit.row {
                            Some(row) => format!("/d/{id}?row={row}"),
                            None => format!("/d/{id}"),
                        };
                        let label = match hit.kind.as_str() {
                            "row" => L::new("表格行", "Row"),
                            "title" => L::new("标题", "Title"),
                            "field" => L::new("字段", "Field"),
                            "tags" => L::new("标签", "Tags"),
                            _ => L::new("评论", "Comment"),
                        };
                        view! {
                            <li class="search-hit" data-testid="search-hit" data-kind=hit.kind.clone()>
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
