//! The editor of an attachment field or cell. Picked files (or a photo
//! taken on a phone) are kept in this browser (`PendingFiles`) and named
//! in the document at once, so the reference syncs like any edit; each
//! says whether it still waits to upload, and once the relay has it,
//! offers its download and, for a picture, a preview.

use concord_api::paths;
use concord_model::{Attachment, FileRef, Locale, Localized as L, Value};
use leptos::prelude::*;
use wasm_bindgen::JsCast as _;

use super::Editor;
use crate::{
    files::{AttachFailure, PendingFiles, ReadFailure, Waiting},
    i18n::I18n,
};

#[component]
pub fn AttachmentEditor(ed: Editor) -> impl IntoView {
    let i18n = I18n::expect();
    // Absent where a document is shown without the app's shell (its tests):
    // files are then listed but none can be attached.
    let files = PendingFiles::here();
    let failure = RwSignal::new(None::<AttachFailure>);
    let reading = RwSignal::new(false);
    let picked = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let chosen: Vec<web_sys::File> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        // Emptied, so that picking the same file again is a change too.
        input.set_value("");
        if chosen.is_empty() {
            return;
        }
        let (doc, person) = (ed.ctx.id, ed.ctx.me().id.to_string());
        failure.set(None);
        reading.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            let mut added: Vec<FileRef> = Vec::new();
            let Some(files) = files else {
                let _ = reading.try_set(false);
                return;
            };
            for file in chosen {
                match files.attach(doc, &person, &file).await {
                    Ok(file) => added.push(file),
                    Err(e) => {
                        let _ = failure.try_set(Some(e));
                    }
                }
            }
            let _ = reading.try_set(false);
            if added.is_empty() {
                return;
            }
            let mut now = items_untracked(ed);
            for file in added {
                let named = now
                    .iter()
                    .any(|a| a.file().is_some_and(|f| f.sha256 == file.sha256));
                if !named {
                    now.push(Attachment::File(file));
                }
            }
            ed.write(Value::Attachments(now));
        });
    };
    let remove = move |item: Attachment| {
        let mut now = items_untracked(ed);
        now.retain(|a| *a != item);
        ed.write(Value::Attachments(now));
        if let Some(file) = item.file() {
            let still_named = ed
                .ctx
                .read_untracked(|doc| doc.file(&file.sha256).is_some());
            if let (Some(false), Some(files)) = (still_named, files) {
                files.forget(ed.ctx.id, &file.sha256);
            }
        }
    };
    let items = move || match ed.value.get() {
        Some(Value::Attachments(v)) => v,
        _ => Vec::new(),
    };
    view! {
        <div class="attachments" data-testid="attachments">
            <ul class="attachment-list">
                {move || {
                    items()
                        .into_iter()
                        .map(|item| view! { <AttachmentItem ed item remove /> })
                        .collect_view()
                }}
            </ul>
            <div class="attachment-actions">
                <label class="attach-button" class:disabled=move || ed.read_only()>
                    <input
                        type="file"
                        multiple
                        class="visually-hidden"
                        id=ed.input_id()
                        data-testid="attach-file"
                        disabled=move || ed.read_only()
                        on:change=picked
                    />
                    <span>{move || i18n.pick(L::new("添加附件", "Attach file"))}</span>
                </label>
                <label class="attach-button secondary photo-button" class:disabled=move || ed.read_only()>
                    <input
                        type="file"
                        accept="image/*"
                        capture="environment"
                        class="visually-hidden"
                        data-testid="attach-photo"
                        disabled=move || ed.read_only()
                        on:change=picked
                    />
                    <span>{move || i18n.pick(L::new("拍照", "Take photo"))}</span>
                </label>
                <Show when=move || reading.get()>
                    <span class="attachment-note" role="status">
                        {move || i18n.pick(L::new("正在读取文件…", "Reading the file…"))}
                    </span>
                </Show>
            </div>
            {move || {
                failure
                    .get()
                    .map(|e| {
                        view! {
                            <p class="field-problem" role="alert" data-testid="attach-problem">
                                {attach_failure_text(&e, i18n.locale())}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// One attachment: a stored file (waiting to upload, refused, or on the
/// relay) or a name typed before files were stored.
#[component]
fn AttachmentItem(
    ed: Editor,
    item: Attachment,
    remove: impl Fn(Attachment) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = I18n::expect();
    let files = PendingFiles::here();
    let name = item.name().to_owned();
    let gone = item.clone();
    let remove_button = view! {
        <button
            type="button"
            class="chip-remove"
            data-testid="attachment-remove"
            aria-label={
                let name = name.clone();
                move || format!("{} {}", i18n.pick(L::new("移除", "Remove")), name)
            }
            disabled=move || ed.read_only()
            on:click=move |_| remove(gone.clone())
        >
            "×"
        </button>
    };
    let Attachment::File(file) = item else {
        return view! {
            <li class="attachment" data-testid="attachment" data-state="named">
                <div class="attachment-body">
                    <span class="attachment-name">{name}</span>
                </div>
                {remove_button}
            </li>
        }
        .into_any();
    };
    let doc = ed.ctx.id;
    let sha = file.sha256.clone();
    let waiting = Memo::new(move |_| files.and_then(|files| files.waiting(doc, &sha)));
    let url = format!(
        "{}?name={}",
        paths::document_file(&doc.to_string(), file.sha256.as_str()),
        crate::api::path_segment(&file.name)
    );
    let state = move || match waiting.get() {
        Some(w) if w.refused.is_some() => "refused",
        Some(_) => "waiting",
        None => "stored",
    };
    // A picture the relay does not have (yet) shows no broken image.
    let broken = RwSignal::new(false);
    let preview = file.is_image().then(|| {
        let url = url.clone();
        let alt = file.name.clone();
        view! {
            <Show when=move || !broken.get()>
                <img
                    class="attachment-preview"
                    data-testid="attachment-preview"
                    alt=alt.clone()
                    loading="lazy"
                    src={
                        let url = url.clone();
                        move || waiting.get().and_then(|w| w.preview).unwrap_or_else(|| url.clone())
                    }
                    on:error=move |_| broken.set(true)
                    on:load=move |_| broken.set(false)
                />
            </Show>
        }
    });
    let size = size_text(file.size);
    let sha_text = file.sha256.to_string();
    let (link_name, plain_name) = (name.clone(), name.clone());
    let download = name.clone();
    view! {
        <li
            class="attachment"
            data-testid="attachment"
            data-state=state
            data-sha256=sha_text
            data-name=name.clone()
        >
            {preview}
            <div class="attachment-body">
                {move || match waiting.get() {
                    None => view! {
                        <a
                            class="attachment-name"
                            data-testid="attachment-download"
                            href=url.clone()
                            download=download.clone()
                        >
                            {link_name.clone()}
                        </a>
                    }
                    .into_any(),
                    Some(_) => view! { <span class="attachment-name">{plain_name.clone()}</span> }
                        .into_any(),
                }}
                <span class="attachment-meta">
                    {size}
                    {move || match waiting.get() {
                        None => None,
                        Some(Waiting { refused: Some(e), .. }) => Some(view! {
                            <span class="attachment-refused" data-testid="attachment-refused">
                                {format!(
                                    " · {} {}",
                                    i18n.pick(L::new("未能上传：", "Not uploaded:")),
                                    e.describe(i18n.locale()),
                                )}
                            </span>
                        }
                        .into_any()),
                        Some(_) => Some(view! {
                            <span class="attachment-waiting" data-testid="attachment-waiting">
                                {format!(
                                    " · {}",
                                    i18n.pick(L::new("等待上传", "Waiting to upload")),
                                )}
                            </span>
                        }
                        .into_any()),
                    }}
                </span>
            </div>
            {remove_button}
        </li>
    }
    .into_any()
}

fn items_untracked(ed: Editor) -> Vec<Attachment> {
    // Gone (a change reported after the sheet closed): nothing.
    match ed.value.try_get_untracked().flatten() {
        Some(Value::Attachments(v)) => v,
        _ => Vec::new(),
    }
}

fn attach_failure_text(failure: &AttachFailure, locale: Locale) -> String {
    let said = match failure {
        AttachFailure::Read(ReadFailure::Unreadable(_)) => L::new(
            "无法读取此文件，请重新选择。",
            "This file could not be read. Pick it again.",
        ),
        AttachFailure::Read(ReadFailure::NoDigest(_)) => L::new(
            "此浏览器无法校验文件：请通过 HTTPS 打开 Concord。",
            "This browser cannot check files here: open Concord over HTTPS.",
        ),
        AttachFailure::NotKept(_) => L::new(
            "此设备没有空间保存该文件，未添加。",
            "This device has no room to keep the file; it was not added.",
        ),
    };
    said.get(locale).to_owned()
}

/// A size as people read it: 532 B, 12 KB, 3.4 MB (a no-break space
/// keeps the number with its unit on a narrow screen).
fn size_text(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes}\u{a0}B")
    } else if b < KB * KB {
        format!("{:.0}\u{a0}KB", b / KB)
    } else {
        format!("{:.1}\u{a0}MB", b / (KB * KB))
    }
}
