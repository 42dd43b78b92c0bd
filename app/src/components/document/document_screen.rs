use concord_model::{Localized as L, Person, find_template};
use concord_sync::DocumentId;
use leptos::prelude::*;

use super::{DocContext, TableParts};
use crate::{
    i18n::I18n,
    identity::Me,
    repo::{Repo, RepoSlot, RepoState},
};

/// `/d/:id`: a document, once the browser's store is open and the person
/// has named themselves.
#[component]
pub fn DocumentScreen(id: DocumentId) -> impl IntoView {
    let i18n = I18n::expect();
    let slot = RepoSlot::expect();
    let me = Me::expect();
    move || {
        match (slot.state(), me.person()) {
        (RepoState::Opening, _) => view! {
            <p class="doc-loading" data-testid="doc-loading">
                {move || i18n.pick(L::new("正在打开…", "Opening…"))}
            </p>
        }
        .into_any(),
        (RepoState::Failed(why), _) => view! {
            <p class="doc-error" role="alert" data-testid="doc-error">{why}</p>
        }
        .into_any(),
        (RepoState::Ready(_), None) => view! {
            <p class="doc-loading" data-testid="doc-needs-name">
                {move || i18n.pick(L::new("请先在首页填写您的名字。", "Enter your name on the home screen first."))}
                " "
                <a href="/">{move || i18n.pick(L::new("去首页", "Go home"))}</a>
            </p>
        }
        .into_any(),
        (RepoState::Ready(repo), Some(person)) => {
            let repo = StoredValue::new_local(repo);
            view! { <OpenDocument id repo person /> }.into_any()
        }
    }
    }
}

/// Where opening a document in this tab got to.
#[derive(Clone)]
enum Opening {
    Pending,
    Open(ReadSignal<u64>),
    Failed(String),
}

#[component]
fn OpenDocument(
    id: DocumentId,
    repo: StoredValue<Repo, LocalStorage>,
    person: Person,
) -> impl IntoView {
    let i18n = I18n::expect();
    let opening = RwSignal::new(Opening::Pending);
    {
        let repo = repo.get_value();
        wasm_bindgen_futures::spawn_local(async move {
            let state = match repo.open(id).await {
                Ok(()) => match repo.subscribe(id) {
                    Some(revision) => Opening::Open(revision),
                    None => Opening::Failed(format!("document {id} closed while opening")),
                },
                Err(e) => Opening::Failed(e.to_string()),
            };
            opening.set(state);
        });
    }
    move || match opening.get() {
        Opening::Pending => view! {
            <p class="doc-loading" data-testid="doc-loading">
                {move || i18n.pick(L::new("正在打开…", "Opening…"))}
            </p>
        }
        .into_any(),
        Opening::Failed(why) => view! {
            <p class="doc-error" role="alert" data-testid="doc-error">{why}</p>
        }
        .into_any(),
        Opening::Open(revision) => {
            let ctx = DocContext::new(id, repo.get_value(), revision, person.clone()).provide();
            view! { <DocumentBody ctx /> }.into_any()
        }
    }
}

/// The document itself, or why it is not here yet.
#[component]
fn DocumentBody(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let present = move || ctx.read(|_| ()).is_some();
    let unavailable = move || ctx.status().unavailable;
    move || {
        if present() {
            view! { <DocumentHeader ctx /> }.into_any()
        } else if unavailable() {
            view! {
                <p class="doc-error" role="alert" data-testid="doc-unavailable">
                    {move || i18n.pick(L::new(
                        "找不到这个文档，或您无权查看。",
                        "This document does not exist, or you may not see it.",
                    ))}
                </p>
            }
            .into_any()
        } else {
            view! {
                <p class="doc-loading" data-testid="doc-fetching">
                    {move || i18n.pick(L::new("正在从服务器获取…", "Fetching from the relay…"))}
                </p>
            }
            .into_any()
        }
    }
}

/// Title, template and workflow state.
#[component]
fn DocumentHeader(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let meta = move || ctx.read(|doc| doc.meta().ok()).flatten();
    let title = move || meta().map(|m| m.title).unwrap_or_default();
    let template = move || meta().and_then(|m| find_template(&m.template_id));
    view! {
        <article class="document" data-testid="document" data-doc-id=ctx.id.to_string()>
            <header class="doc-header">
                <h1 class="doc-title" data-testid="doc-title">{title}</h1>
                <p class="doc-template" data-testid="doc-template">
                    {move || template().map(|t| i18n.pick(t.name))}
                </p>
            </header>
            <TableParts />
        </article>
    }
}
