use concord_api::{paths, refusal_text};
use concord_model::Localized as L;
use leptos::prelude::*;

use super::DocContext;
use crate::{
    api,
    download::{browser_download, save_relay_xlsx},
    i18n::I18n,
    refused::{export_json, refused_sheet},
};

/// Said on a document whose changes the relay refused: why (in the
/// reader's language, from the refusal's code), that nothing of it is sent
/// any more, and the ways on: keep the refused edits as a file (JSON or a
/// spreadsheet), then take the relay's copy instead.
#[component]
pub fn RefusedBanner(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let repo = StoredValue::new_local(ctx.repo());
    let reason =
        Memo::new(move |_| repo.with_value(|r| r.refused().with(|m| m.get(&ctx.id).cloned())));
    let exported = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let id = ctx.id;
    let exporting = RwSignal::new(false);
    let refused_now = move || {
        failed.set(None);
        let why = reason
            .get_untracked()
            .map(|notice| refusal_text(&notice, i18n.locale_untracked()))
            .unwrap_or_default();
        repo.with_value(|r| r.refused_changes(id))
            .map(|changes| (why, changes))
    };
    let save_json = move || {
        let Some((why, changes)) = refused_now() else {
            return;
        };
        let json = export_json(id, &why, &changes, js_sys::Date::now() as i64);
        let file = format!("concord-refused-{id}.json");
        match browser_download(&file, "application/json", json.as_bytes()) {
            Ok(()) => exported.set(true),
            Err(e) => failed.set(Some(format!("{e:?}"))),
        }
    };
    // The relay writes the spreadsheet; offline, the JSON file keeps everything.
    let save_xlsx = move || {
        let Some((why, changes)) = refused_now() else {
            return;
        };
        let sheet = refused_sheet(id, &why, &changes);
        let locale = i18n.locale_untracked();
        exporting.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            let saved = save_relay_xlsx(
                api::post_for_bytes(paths::EXPORT_XLSX, &sheet).await,
                &format!("concord-refused-{id}.xlsx"),
                L::new(
                    "Excel 文件由服务器生成；JSON 导出无需联网。",
                    "The relay makes the Excel file; the JSON export works offline.",
                ),
                locale,
            );
            let _ = exporting.try_set(false);
            let _ = match saved {
                Ok(()) => exported.try_set(true).map(drop),
                Err(message) => failed.try_set(Some(message)).map(drop),
            };
        });
    };
    let reset = move |_| {
        if !exported.get_untracked() && !confirming.get_untracked() {
            confirming.set(true);
            return;
        }
        let repo = repo.get_value();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = repo.reset_from_relay(id).await {
                let _ = failed.try_set(Some(e.to_string()));
            }
        });
    };
    move || {
        reason.get().map(|notice| {
            let code = notice.code.clone();
            let why = move || refusal_text(&notice, i18n.locale());
            let count = repo.with_value(|r| r.refused_changes(id).map_or(0, |c| c.len()));
            view! {
                <div class="doc-refused" role="alert" data-testid="doc-refused">
                    <p>
                        <strong>{move || i18n.pick(L::new("服务器拒绝了此文档的修改。", "The relay refused changes to this document."))}</strong>
                        " "
                        {move || i18n.pick(L::new(
                            "此文档已停止同步，现为只读；其他文档照常同步。",
                            "It no longer syncs and is read-only here; other documents sync as usual.",
                        ))}
                    </p>
                    <p class="refused-reason" data-testid="doc-refused-reason" data-code=code>{why}</p>
                    <p class="hint" data-testid="doc-refused-count" data-count=count.to_string()>
                        {move || match i18n.locale() {
                            concord_model::Locale::ZhCn => format!("服务器没有的本地修改：{count} 处。"),
                            concord_model::Locale::En => format!("Local changes the relay does not have: {count}."),
                        }}
                    </p>
                    <div class="alert-actions">
                        <button type="button" data-testid="refused-export-json" on:click=move |_| save_json()>
                            {move || i18n.pick(L::new("导出被拒绝的修改（JSON）", "Export the refused edits (JSON)"))}
                        </button>
                        <button type="button" data-testid="refused-export-xlsx" disabled=move || exporting.get() on:click=move |_| save_xlsx()>
                            {move || i18n.pick(L::new("导出为 Excel", "Export as Excel (.xlsx)"))}
                        </button>
                        <button type="button" class="danger" data-testid="refused-reset" on:click=reset>
                            {move || i18n.pick(L::new("恢复为服务器上的版本", "Reset to the relay's copy"))}
                        </button>
                    </div>
                    <Show when=move || confirming.get() && !exported.get()>
                        <p class="confirm" data-testid="refused-reset-confirm">
                            {move || i18n.pick(L::new(
                                "被拒绝的修改将从本浏览器删除。建议先导出。再次点击“恢复为服务器上的版本”以继续。",
                                "The refused edits will be deleted from this browser. Export them first; press “Reset to the relay's copy” again to go on.",
                            ))}
                        </p>
                    </Show>
                    {move || failed.get().map(|e| view! { <p class="form-error">{e}</p> })}
                </div>
            }
        })
    }
}
