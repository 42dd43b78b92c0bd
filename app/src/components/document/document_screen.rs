use concord_model::{Localized as L, Person, find_template};
use concord_sync::DocumentId;
use leptos::{ev, html, prelude::*};

use super::{
    Comments, DepartmentReports, DocContext, FeedbackOffer, FormPart, HistoryButton, HistoryFocus,
    HistoryPanel, MembersPanel, MinutesTracking, NoticeReads, TableParts, VersionsButton,
    VersionsOpen, VersionsPanel, WorkflowBar,
    link_target::LinkTargets,
    print_sheet::{PrintButton, PrintSheet, Printing},
    refused_banner::RefusedBanner,
};
use crate::{
    i18n::I18n,
    repo::{Repo, RepoSlot, RepoState, Revisions},
    session::Session,
};

/// `/d/:id`: a document, once the browser's store is open (the route is
/// shown only to a signed-in person).
#[component]
pub fn DocumentScreen(id: DocumentId) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    provide_context(super::table_part::LinkedRow(Memo::new(move |_| {
        query.read().get("row")
    })));
    let i18n = I18n::expect();
    let slot = RepoSlot::expect();
    let me = Session::expect();
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
            <p class="doc-error" role="alert" data-testid="doc-bad-account">
                {move || i18n.pick(L::new(
                    "服务器给出的账户无法使用（登录名无效）。请联系管理员。",
                    "The account the relay gave cannot be used (its sign-in name is not valid). Ask an admin.",
                ))}
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
    Open(Revisions),
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
        // For the benchmark: how long from here to the document's first paint.
        crate::repo::mark("concord-open-start");
        wasm_bindgen_futures::spawn_local(async move {
            let opened = repo.open(id).await;
            // Automerge's load and the first render are each long: in one
            // task they would keep the page from painting or taking input
            // for both.
            crate::repo::next_task().await;
            let state = match opened {
                Ok(()) => match repo.subscribe(id) {
                    Some(revisions) => Opening::Open(revisions),
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
        Opening::Failed(why) => {
            crate::first_screen::hand_over();
            view! { <p class="doc-error" role="alert" data-testid="doc-error">{why}</p> }.into_any()
        }
        Opening::Open(revisions) => {
            let ctx = DocContext::new(id, repo.get_value(), revisions, person.clone()).provide();
            view! { <DocumentBody ctx /> }.into_any()
        }
    }
}

/// The document itself, or why it is not here yet.
#[component]
pub fn DocumentBody(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    // Memos: the view below is rebuilt only when these answers change, not
    // with every edit (which would replace every input under the caret).
    let present = Memo::new(move |_| ctx.read(|_| ()).is_some());
    let unavailable = Memo::new(move |_| ctx.status().unavailable);
    move || {
        if present.get() {
            view! { <DocumentHeader ctx /> }.into_any()
        } else if unavailable.get() {
            // Gone, or no longer theirs: its picture goes too.
            crate::first_screen::forget(&ctx.me().id, ctx.id);
            crate::first_screen::hand_over();
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
            crate::first_screen::hand_over();
            view! {
                <p class="doc-loading" data-testid="doc-fetching">
                    {move || i18n.pick(L::new("正在从服务器获取…", "Fetching from the relay…"))}
                </p>
            }
            .into_any()
        }
    }
}

/// The whole document: header (title, template, where its changes are),
/// workflow, form part, tables, comments.
#[component]
fn DocumentHeader(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    LinkTargets::provide();
    HistoryFocus::provide();
    VersionsOpen::provide();
    Printing::provide();
    crate::first_screen::keep_fresh(ctx);
    let template = Memo::new(move |_| {
        ctx.read_keys(|doc| doc.meta().ok().and_then(|m| find_template(&m.template_id)))
            .flatten()
    });
    view! {
        <article class="document" data-testid="document" data-doc-id=ctx.id.to_string()>
            <header class="doc-header">
                <DocTitle ctx />
                <p class="doc-template" data-testid="doc-template">
                    {move || template.get().map(|t| i18n.pick(t.name))}
                </p>
                <SaveStatus ctx />
                <super::doc_tags::DocTags ctx />
                <div class="doc-actions">
                    <crate::components::FollowButton id=ctx.id />
                    <HistoryButton scope=concord_model::HistoryScope::Document />
                    <VersionsButton />
                    <super::doc_export::DocExportButton ctx />
                    <PrintButton />
                </div>
            </header>
            <RefusedBanner ctx />
            <ArchivedNote ctx />
            {move || {
                ctx.last_error
                    .get()
                    .map(|why| {
                        view! {
                            <div class="doc-edit-error" role="alert" data-testid="doc-edit-error">
                                <p>
                                    {move || i18n.pick(L::new("未能保存此修改：", "This edit was not made:"))}
                                    " "
                                    {why}
                                </p>
                                <button
                                    type="button"
                                    class="link"
                                    on:click=move |_| ctx.last_error.set(None)
                                >
                                    {move || i18n.pick(L::new("关闭", "Dismiss"))}
                                </button>
                            </div>
                        }
                    })
            }}
            <WorkflowBar ctx />
            <Show when=move || ctx.read(|d| d.template().id.0 == concord_model::tracking::MINUTES_TEMPLATE).unwrap_or(false)>
                <MinutesTracking ctx />
            </Show>
            <NoticeReads ctx />
            <FeedbackOffer ctx />
            <DepartmentReports ctx />
            <super::manage_fields::ManageFields ctx />
            <FormPart ctx />
            <TableParts />
            <Comments />
            <HistoryPanel ctx />
            <VersionsPanel ctx />
            <MembersPanel />
            <PrintSheet ctx />
        </article>
    }
}

/// An archive says so, and until when it is kept.
#[component]
fn ArchivedNote(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let archived = Memo::new(move |_| {
        ctx.read_keys(|doc| {
            let meta = doc.meta().ok()?;
            (meta.status == concord_model::ARCHIVED).then(|| {
                doc.status_at()
                    .ok()
                    .flatten()
                    .and_then(|ms| {
                        concord_model::Day::of_instant(ms, &crate::browser_zone::BrowserZone)
                    })
                    .and_then(concord_model::kept_until)
                    .map(|d| d.to_string())
            })
        })
        .flatten()
    });
    move || {
        archived.get().map(|until| {
            view! {
                <p class="doc-archived" role="status" data-testid="doc-archived">
                    {move || i18n.pick(L::new("此文档已归档，只能查看。", "This document is archived: read-only."))}
                    {until.clone().map(|d| match i18n.locale() {
                        concord_model::Locale::ZhCn => format!(" 保留至 {d}。"),
                        concord_model::Locale::En => format!(" Kept until {d}."),
                    })}
                </p>
            }
        })
    }
}

/// The title, editable where the person may edit the document. A text
/// area as tall as its text, so a long title wraps on a phone instead of
/// being cut off; Enter finishes it (a title is one line).
#[component]
fn DocTitle(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let title = Memo::new(move |_| {
        ctx.read(|doc| doc.title().unwrap_or_default())
            .unwrap_or_default()
    });
    let editable = Memo::new(move |_| ctx.permissions().is_some_and(|p| p.may_rename().is_ok()));
    let area = NodeRef::<html::Textarea>::new();
    let fit = move || {
        if let Some(el) = area.try_get_untracked().flatten() {
            let style = web_sys::HtmlElement::style(&el);
            let _ = style.set_property("height", "auto");
            // Border-box sizing: the text's height plus the borders.
            let borders = el.offset_height() - el.client_height();
            let _ = style.set_property("height", &format!("{}px", el.scroll_height() + borders));
        }
    };
    // After the frame that shows the text: only then has it its height.
    Effect::new(move || {
        title.track();
        if area.get().is_some() {
            request_animation_frame(fit);
        }
    });
    let resize = window_event_listener(ev::resize, move |_| fit());
    on_cleanup(move || resize.remove());
    // Left (Back, a link) while a new title was being typed: keep it, as
    // its `change` comes only once the screen is gone.
    on_cleanup(move || {
        let typed = area
            .try_get_untracked()
            .flatten()
            .map(|el| one_line(&el.value()));
        if let (Some(typed), Some(shown), Some(true)) = (
            typed,
            title.try_get_untracked(),
            editable.try_get_untracked(),
        ) && typed != shown
        {
            let _ = ctx.change(move |doc| doc.set_title(&typed));
        }
    });
    view! {
        <h1 class="doc-title">
            <textarea
                class="doc-title-input"
                data-testid="doc-title"
                rows="1"
                node_ref=area
                aria-label=move || i18n.pick(L::new("文档标题", "Document title"))
                prop:value=move || title.get()
                readonly=move || !editable.get()
                on:input=move |_| fit()
                on:keydown=move |ev| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        if let Some(el) = area.get_untracked() {
                            let _ = el.blur();
                        }
                    }
                }
                on:change=move |ev| {
                    let typed = one_line(&event_target_value(&ev));
                    let _ = ctx.change(move |doc| doc.set_title(&typed));
                }
            ></textarea>
        </h1>
    }
}

/// Where this document's changes are: on this device, on the relay, or waiting.
#[component]
fn SaveStatus(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let text = move || {
        let status = ctx.status();
        if status.waiting > 0 {
            match i18n.locale() {
                concord_model::Locale::ZhCn => format!("{} 处修改等待同步", status.waiting),
                concord_model::Locale::En if status.waiting == 1 => "1 change waiting".to_owned(),
                concord_model::Locale::En => format!("{} changes waiting", status.waiting),
            }
        } else if status.saved_on_relay {
            i18n.pick(L::new("已保存到服务器", "Saved on the relay"))
                .to_owned()
        } else if status.saved_on_device {
            i18n.pick(L::new("已保存在本设备", "Saved on this device"))
                .to_owned()
        } else {
            i18n.pick(L::new("正在保存…", "Saving…")).to_owned()
        }
    };
    view! {
        <p
            class=move || {
                if ctx.status().waiting > 0 { "doc-save-status waiting" } else { "doc-save-status" }
            }
            data-testid="doc-save-status"
            data-saved-on-device=move || ctx.status().saved_on_device.to_string()
            data-saved-on-relay=move || ctx.status().saved_on_relay.to_string()
            data-waiting=move || ctx.status().waiting.to_string()
        >
            {text}
        </p>
    }
}

/// A title is one line, however it was pasted.
fn one_line(typed: &str) -> String {
    typed.split_whitespace().collect::<Vec<_>>().join(" ")
}
