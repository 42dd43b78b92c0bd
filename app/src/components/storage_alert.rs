use base64::Engine as _;
use concord_model::Localized as L;
use concord_sync::DocumentId;
use leptos::prelude::*;
use wasm_bindgen::{JsCast as _, JsValue};

use crate::{
    i18n::I18n,
    repo::{IdbStoreError, Repo, RepoSlot},
};

/// The shell's storage problems, each with plain words and a way out:
/// dismiss it, close other tabs, or (for a damaged document) keep the local
/// copy and take the relay's.
#[component]
pub fn StorageAlert() -> impl IntoView {
    let i18n = I18n::expect();
    let slot = RepoSlot::expect();
    view! {
        <Show when=move || slot.blocked()>
            <div class="storage-error" role="alert" data-testid="storage-error" data-kind="blocked">
                <p>{move || i18n.pick(blocked_words())}</p>
            </div>
        </Show>
        {move || slot.repo().map(|repo| view! { <RepoProblems repo /> })}
    }
}

#[component]
fn RepoProblems(repo: Repo) -> impl IntoView {
    let errors = repo.errors();
    let repo = StoredValue::new_local(repo);
    move || {
        errors
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, problem)| view! { <Problem repo index problem /> })
            .collect_view()
    }
}

#[component]
fn Problem(
    repo: StoredValue<Repo, LocalStorage>,
    index: usize,
    problem: IdbStoreError,
) -> impl IntoView {
    let i18n = I18n::expect();
    let dismiss = move |_| repo.with_value(|r| r.dismiss_problem(index));
    let (kind, words) = match &problem {
        IdbStoreError::QuotaExceeded => ("quota", quota_words()),
        IdbStoreError::Blocked => ("blocked", blocked_words()),
        IdbStoreError::Corrupt { .. } => (
            "corrupt",
            L::new(
                "此设备上保存的一份文档已损坏，其余部分仍可使用。可以先下载本地副本，再从服务器的副本恢复。",
                "Part of a document stored on this device is damaged; the rest still works. You can download the local copy, then reset it from the relay's copy.",
            ),
        ),
        IdbStoreError::Unavailable(_) => (
            "unavailable",
            L::new(
                "本地存储出错（可能是隐私模式或存储被禁用），更改可能无法保存在此设备上。",
                "Local storage failed (private mode or storage disabled?); changes may not be kept on this device.",
            ),
        ),
    };
    let detail = problem.to_string();
    let doc = match problem {
        IdbStoreError::Corrupt { doc, .. } => Some(doc),
        _ => None,
    };
    view! {
        <div class="storage-error" role="alert" data-testid="storage-error" data-kind=kind>
            <p>{move || i18n.pick(words)}</p>
            <details>
                <summary>{move || i18n.pick(L::new("详情", "Details"))}</summary>
                <p class="detail">{detail}</p>
            </details>
            <div class="alert-actions">
                {doc.map(|doc| view! { <ResetActions repo doc /> })}
                <button type="button" data-testid="storage-error-dismiss" on:click=dismiss>
                    {move || i18n.pick(L::new("知道了", "Dismiss"))}
                </button>
            </div>
        </div>
    }
}

/// Download the local copy, and reset from the relay: the reset asks once
/// more unless the copy was downloaded, as changes the relay lacks are lost.
#[component]
fn ResetActions(repo: StoredValue<Repo, LocalStorage>, doc: DocumentId) -> impl IntoView {
    let i18n = I18n::expect();
    let downloaded = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let download = move |_| {
        let copy = repo.with_value(|r| r.local_copy(doc));
        match save_file(doc, copy.as_deref()) {
            Ok(()) => downloaded.set(true),
            Err(e) => failed.set(Some(format!("{e:?}"))),
        }
    };
    let reset = move |_| {
        if !downloaded.get_untracked() && !confirming.get_untracked() {
            confirming.set(true);
            return;
        }
        let repo = repo.get_value();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = repo.reset_from_relay(doc).await {
                // The alert may be gone by now; then there is nothing to show it in.
                let _ = failed.try_set(Some(e.to_string()));
            }
        });
    };
    view! {
        <button type="button" data-testid="download-local-copy" on:click=download>
            {move || i18n.pick(L::new("下载本地副本", "Download the local copy"))}
        </button>
        <Show when=move || confirming.get() && !downloaded.get()>
            <p class="confirm" data-testid="reset-confirm-note">
                {move || i18n.pick(L::new(
                    "尚未上传到服务器的本地更改会丢失。建议先下载本地副本。再次点击“从服务器恢复”以继续。",
                    "Local changes the relay does not have will be lost. Download the local copy first; press “Reset from the relay” again to go on.",
                ))}
            </p>
        </Show>
        <button type="button" class="danger" data-testid="reset-from-relay" on:click=reset>
            {move || i18n.pick(L::new("从服务器恢复", "Reset from the relay"))}
        </button>
        {move || failed.get().map(|e| view! { <p class="form-error">{e}</p> })}
    }
}

fn quota_words() -> L {
    L::new(
        "此浏览器的存储空间已满，新的更改无法保存在此设备上。请释放磁盘空间或删除其他网站的数据，并保持在线以便更改保存到服务器。",
        "This browser has no room left: new changes cannot be kept on this device. Free disk space or clear other sites' data, and stay online so changes reach the relay.",
    )
}

fn blocked_words() -> L {
    L::new(
        "另一个 Concord 标签页正在使用旧版本的本地数据库。请关闭其他 Concord 标签页，本页会自动继续。",
        "Another Concord tab holds an older version of the local database. Close the other Concord tabs; this one then carries on.",
    )
}

/// The local copy as a JSON file: the document's id and its Automerge bytes
/// in base64, which any Automerge library loads.
pub(crate) fn local_copy_json(doc: DocumentId, bytes: Option<&[u8]>, now_ms: i64) -> String {
    serde_json::json!({
        "document": doc.url(),
        "exported_at_ms": now_ms,
        "format": "automerge-save-base64",
        "automerge": bytes.map(|b| base64::engine::general_purpose::STANDARD.encode(b)),
    })
    .to_string()
}

fn save_file(doc: DocumentId, bytes: Option<&[u8]>) -> Result<(), JsValue> {
    let json = local_copy_json(doc, bytes, js_sys::Date::now() as i64);
    let parts = js_sys::Array::of1(&JsValue::from_str(&json));
    let blob = web_sys::Blob::new_with_str_sequence(&parts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(&format!("concord-{doc}.json"));
    link.click();
    web_sys::Url::revoke_object_url(&url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_copy_file_names_the_document_and_holds_its_bytes() {
        let doc = DocumentId::from_bytes([3; 16]);
        let json: serde_json::Value =
            serde_json::from_str(&local_copy_json(doc, Some(&[1, 2, 3]), 5)).unwrap();
        assert_eq!(json["document"], doc.url());
        assert_eq!(json["automerge"], "AQID");
        assert_eq!(json["exported_at_ms"], 5);
        let none: serde_json::Value = serde_json::from_str(&local_copy_json(doc, None, 5)).unwrap();
        assert!(none["automerge"].is_null());
    }
}
