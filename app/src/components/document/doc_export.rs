//! The whole document (its form and every table) as one Excel workbook:
//! the relay writes it from its stored copy, in the reader's language and
//! with the names the reader sees (`GET /api/documents/{id}/export.xlsx`).
//! Offline it says so, and that each table's CSV works without the relay.

use concord_api::paths;
use concord_model::Localized as L;
use leptos::prelude::*;

use super::DocContext;
use crate::{
    api,
    download::{file_name, save_relay_xlsx},
    i18n::I18n,
};

#[component]
pub fn DocExportButton(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let save = move |_| {
        failed.set(None);
        let locale = i18n.locale_untracked();
        let title = ctx
            .read_untracked(|doc| doc.title().unwrap_or_default())
            .unwrap_or_default();
        let path = format!(
            "{}?lang={}",
            paths::DOCUMENT_XLSX.replace("{id}", &api::path_segment(&ctx.id.to_string())),
            locale.tag()
        );
        busy.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            let saved = save_relay_xlsx(
                api::get_bytes(&path).await,
                &file_name(&[&title], "xlsx"),
                L::new(
                    "整个文档的 Excel 由服务器生成；各表的 CSV 导出无需联网。",
                    "The relay makes the document's workbook; each table's CSV works offline.",
                ),
                locale,
            );
            let _ = busy.try_set(false);
            if let Err(why) = saved {
                let _ = failed.try_set(Some(why));
            }
        });
    };
    view! {
        <button
            type="button"
            class="history-button doc-export"
            data-testid="export-document"
            title=move || i18n.pick(L::new("表单和所有表格导出为一个 Excel 工作簿", "The form and every table as one Excel workbook"))
            disabled=move || busy.get()
            on:click=save
        >
            {move || i18n.pick(L::new("导出文档 Excel", "Export document (Excel)"))}
        </button>
        <p class="form-error doc-export-error" role="alert" data-testid="export-document-error" hidden=move || failed.with(Option::is_none)>
            {move || failed.get()}
        </p>
    }
}
