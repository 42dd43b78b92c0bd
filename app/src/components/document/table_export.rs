//! A table taken away as the person sees it (their sort and filter): CSV
//! made here in the browser, so it works offline; Excel written by the
//! relay from the same `Sheet` (`POST /api/export/xlsx`), so the app
//! carries no spreadsheet writer. Both are the model's `table_sheet`.

use concord_api::paths;
use concord_model::{
    Localized as L, TableDef,
    export::{CSV_MIME, Naming, Sheet, table_sheet, to_csv},
    views::RowQuery,
};
use leptos::prelude::*;

use super::DocContext;
use crate::{
    api,
    browser_zone::BrowserZone,
    components::Names,
    download::{browser_download, file_name, save_relay_xlsx},
    i18n::I18n,
};

#[component]
pub fn TableExport(table: &'static TableDef, query: Signal<RowQuery>) -> impl IntoView {
    let ctx = DocContext::expect();
    let i18n = I18n::expect();
    let names = Names::expect();
    let failed = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // The sheet as the table shows now, and what names its file.
    let sheet_now = move || -> Option<(Sheet, [String; 2])> {
        let book = names.book().get_untracked();
        let person = |id: &str| book.person(id);
        let department = |id: &str| book.department(id);
        let naming = Naming {
            locale: i18n.locale_untracked(),
            zone: &BrowserZone,
            person: &person,
            department: &department,
        };
        let today = crate::browser_zone::today()
            .map(|d| d.to_string())
            .unwrap_or_default();
        let me = ctx.me().id;
        let query = query.get_untracked();
        ctx.read_untracked(|doc| {
            let sheet = table_sheet(doc, table.id, &query, &me, &today, &naming).ok()??;
            let title = doc.title().unwrap_or_default();
            let label = table.label.get(naming.locale).to_owned();
            Some((sheet, [title, label]))
        })
        .flatten()
    };
    let save_csv = move |_| {
        failed.set(None);
        let Some((sheet, name)) = sheet_now() else {
            return;
        };
        let saved = to_csv(&sheet).map_err(|e| e.to_string()).and_then(|bytes| {
            browser_download(&file_name(&[&name[0], &name[1]], "csv"), CSV_MIME, &bytes)
                .map_err(|e| format!("{e:?}"))
        });
        if let Err(why) = saved {
            failed.set(Some(why));
        }
    };
    let save_xlsx = move |_| {
        failed.set(None);
        let Some((sheet, name)) = sheet_now() else {
            return;
        };
        let locale = i18n.locale_untracked();
        busy.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            let saved = save_relay_xlsx(
                api::post_for_bytes(paths::EXPORT_XLSX, &sheet).await,
                &file_name(&[&name[0], &name[1]], "xlsx"),
                L::new(
                    "Excel 文件由服务器生成；CSV 导出无需联网。",
                    "The relay makes the Excel file; CSV works offline.",
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
        <div class="table-export" role="group" aria-label=move || i18n.pick(L::new("导出此表", "Export this table"))>
            <span class="table-export-label">{move || i18n.pick(L::new("导出", "Export"))}</span>
            <button
                type="button"
                class="button"
                data-testid="export-csv"
                title=move || i18n.pick(L::new("按当前排序和筛选导出 CSV（离线可用）", "CSV as sorted and filtered now (works offline)"))
                on:click=save_csv
            >
                "CSV"
            </button>
            <button
                type="button"
                class="button"
                data-testid="export-xlsx"
                title=move || i18n.pick(L::new("按当前排序和筛选导出 Excel", "Excel as sorted and filtered now"))
                disabled=move || busy.get()
                on:click=save_xlsx
            >
                "Excel"
            </button>
            <p class="table-export-error form-error" role="alert" data-testid="export-error" hidden=move || failed.with(Option::is_none)>
                {move || failed.get()}
            </p>
        </div>
    }
}
