//! Rows brought into a table from an .xlsx or .csv file: the relay reads
//! the file into a grid of texts (`POST /api/import/grid`; the app carries
//! no spreadsheet reader), the person checks which column goes into which
//! field and sees every cell read by its field's kind, each problem marked,
//! before anything is written; then the good rows go in as one change,
//! which the relay judges like any edit (`concord_model::import`).

use concord_api::{ErrorCode, ImportGrid, paths};
use concord_model::{
    Locale, Localized as L, TableDef,
    import::{
        ImportField, ImportPreview, Mark, Names as FindNames, RowState, guess_header_row,
        guess_mapping, import_fields,
    },
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::DocContext;
use crate::{api, browser_zone::BrowserZone, components::Names, i18n::I18n, repo::CryptoRng};

/// At most this many lines are drawn in the preview (all with problems
/// among them); the counts are of every line.
const SHOWN_LINES: usize = 100;

#[component]
pub fn TableImport(table: &'static TableDef, on_close: Callback<()>) -> impl IntoView {
    let ctx = DocContext::expect();
    let i18n = I18n::expect();
    let names = Names::expect();
    let me = ctx.me().id;
    // The fields this person may fill in a new row of their own.
    let fields: Vec<ImportField> = ctx
        .read_untracked(|doc| import_fields(doc, table.id).unwrap_or_default())
        .unwrap_or_default();
    let permissions = ctx.permissions_untracked();
    let fields: Vec<ImportField> = fields
        .into_iter()
        .filter(|f| {
            permissions
                .as_ref()
                .is_some_and(|p| p.may_edit_cell(table.id, &f.id, Some(&me)).is_ok())
        })
        .collect();
    let fields = StoredValue::new(fields);
    let grid = RwSignal::new(None::<ImportGrid>);
    let header_row = RwSignal::new(0usize);
    let mapping = RwSignal::new(Vec::<Option<usize>>::new());
    let failed = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let file_name = RwSignal::new(String::new());
    let imported = RwSignal::new(None::<usize>);

    let preview = Memo::new(move |_| {
        let grid = grid.get()?;
        let book = names.book().get();
        let person = |name: &str| book.person_named(name);
        let department = |name: &str| book.department_named(name);
        let find = FindNames {
            person: &person,
            department: &department,
        };
        let required_due = ctx
            .permissions()
            .is_none_or(|p| p.new_rows_need_required_cells());
        let existing = ctx
            .read(|doc| doc.rows(table.id).unwrap_or_default())
            .unwrap_or_default();
        let mapping = mapping.get();
        Some(fields.with_value(|fields| {
            ImportPreview::read(
                &grid,
                header_row.get(),
                &mapping,
                fields,
                &find,
                &BrowserZone,
                required_due,
                &existing,
            )
        }))
    });
    let count = move |state: RowState| preview.with(|p| p.as_ref().map_or(0, |p| p.count(state)));

    // The file's bytes, kept to read another of its sheets.
    let kept = StoredValue::new(None::<Vec<u8>>);
    // Asks the relay to read `bytes` (`sheet`: a worksheet by name).
    let read_on_relay = move |bytes: Vec<u8>, sheet: Option<String>| {
        failed.set(None);
        imported.set(None);
        busy.set(true);
        let locale = i18n.locale_untracked();
        let path = match &sheet {
            Some(name) => format!("{}?sheet={}", paths::IMPORT_GRID, api::path_segment(name)),
            None => paths::IMPORT_GRID.to_owned(),
        };
        wasm_bindgen_futures::spawn_local(async move {
            let answer = api::post_file::<ImportGrid>(&path, &bytes)
                .await
                .map_err(|e| match e.code() {
                    // The general "too large" says nothing of the limits.
                    Some(ErrorCode::TooLarge) => L::new(
                        "文件太大：最大 10 MB，工作簿解压后最大 256 MB。",
                        "The file is too large: at most 10 MB, and 256 MB once a workbook is unpacked.",
                    )
                    .get(locale)
                    .to_owned(),
                    _ => e.describe(locale),
                });
            let _ = busy.try_set(false);
            match answer {
                Ok(answer) => {
                    let header = fields.with_value(|f| guess_header_row(&answer, f));
                    let guessed = fields.with_value(|f| {
                        let mut m =
                            guess_mapping(answer.rows.get(header).map_or(&[][..], |r| r), f);
                        m.resize(answer.columns(), None);
                        m
                    });
                    let _ = header_row.try_set(header);
                    let _ = mapping.try_set(guessed);
                    let _ = grid.try_set(Some(answer));
                    let _ = kept.try_set_value(Some(bytes));
                }
                Err(why) => {
                    let _ = grid.try_set(None);
                    let _ = failed.try_set(Some(why));
                }
            }
        });
    };

    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|list| list.get(0)) else {
            return;
        };
        // The same file may be chosen again after it is fixed.
        input.set_value("");
        file_name.set(file.name());
        failed.set(None);
        wasm_bindgen_futures::spawn_local(async move {
            match read_file(&file).await {
                Ok(bytes) => read_on_relay(bytes, None),
                Err(why) => {
                    let _ = failed.try_set(Some(why));
                }
            }
        });
    };

    let on_sheet = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        if let Some(bytes) = kept.get_value() {
            read_on_relay(bytes, Some(name));
        }
    };
    let sheets = move || grid.with(|g| g.as_ref().map(|g| g.sheets.clone()).unwrap_or_default());
    let many_sheets = move || grid.with(|g| g.as_ref().is_some_and(|g| g.sheets.len() > 1));

    let import = move |_| {
        let Some(rows) = preview.with_untracked(|p| p.as_ref().map(ImportPreview::ready_rows))
        else {
            return;
        };
        if rows.is_empty() {
            return;
        }
        let me = ctx.me().id;
        let grants = ctx
            .permissions_untracked()
            .is_some_and(|p| p.may_change_acl().is_ok());
        let done = ctx.change(|doc| {
            let added = doc.add_filled_rows(table.id, rows, &me, &mut CryptoRng)?;
            if grants {
                doc.grant_named_to_act()?;
            }
            Ok(added.len())
        });
        match done {
            Ok(n) => imported.set(Some(n)),
            Err(e) => failed.set(Some(e.to_string())),
        }
    };

    let counts_text = move || {
        let (ready, problems, already) = (
            count(RowState::Ready),
            count(RowState::Problems),
            count(RowState::AlreadyThere),
        );
        let mut parts = match i18n.locale() {
            Locale::ZhCn => vec![format!("{ready} 行可导入"), format!("{problems} 行有问题")],
            Locale::En => vec![
                format!("{ready} {} ready", rows_word(ready)),
                format!("{problems} with problems"),
            ],
        };
        if already > 0 {
            parts.push(match i18n.locale() {
                Locale::ZhCn => format!("{already} 行表中已有"),
                Locale::En => format!("{already} already in the table"),
            });
        }
        parts.join(i18n.pick(L::new("，", ", ")))
    };

    let mapping_row = move || {
        let Some(columns) = grid.with(|g| g.as_ref().map(|g| g.columns())) else {
            return Vec::new();
        };
        (0..columns)
            .map(|column| {
                let title = move || {
                    grid.with(|g| {
                        g.as_ref()
                            .map(|g| g.text(header_row.get(), column).to_owned())
                            .unwrap_or_default()
                    })
                };
                let chosen = move || {
                    mapping.with(|m| m.get(column).copied().flatten().map_or(String::new(), |i| i.to_string()))
                };
                let on_pick = move |ev: leptos::ev::Event| {
                    let picked = event_target_value(&ev).parse::<usize>().ok();
                    mapping.update(|m| {
                        // A field takes one column: the one just chosen.
                        for other in m.iter_mut() {
                            if picked.is_some() && *other == picked {
                                *other = None;
                            }
                        }
                        if let Some(slot) = m.get_mut(column) {
                            *slot = picked;
                        }
                    });
                };
                view! {
                    <th class="import-column" scope="col">
                        <span class="import-column-title">{title}</span>
                        <select
                            class="import-map"
                            data-testid="import-map"
                            data-column=column
                            aria-label=move || format!("{} · {}", i18n.pick(L::new("导入到字段", "Import into field")), title())
                            prop:value=chosen
                            on:change=on_pick
                        >
                            <option value="">{move || i18n.pick(L::new("— 不导入 —", "— Leave out —"))}</option>
                            {fields.with_value(|fields| {
                                fields
                                    .iter()
                                    .enumerate()
                                    .map(|(i, f)| {
                                        let (zh, en) = (f.zh_cn.clone(), f.en.clone());
                                        view! {
                                            <option value=i.to_string()>
                                                {move || match i18n.locale() { Locale::ZhCn => zh.clone(), Locale::En => en.clone() }}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            })}
                        </select>
                    </th>
                }
            })
            .collect_view()
            .into_iter()
            .collect::<Vec<_>>()
    };

    // The lines drawn: every one with problems, then others up to the cap.
    let shown_rows = move || {
        let locale = i18n.locale();
        let Some(preview) = preview.get() else {
            return Vec::new();
        };
        let grid = grid.get_untracked().unwrap_or_default();
        let columns = grid.columns();
        let with_problems = preview.count(RowState::Problems);
        let mut room = SHOWN_LINES.saturating_sub(with_problems);
        preview
            .rows
            .into_iter()
            .filter(|r| {
                r.state == RowState::Problems || {
                    let keep = room > 0;
                    room = room.saturating_sub(1);
                    keep
                }
            })
            .map(|row| {
                let state = match row.state {
                    RowState::Ready => "ready",
                    RowState::Problems => "problems",
                    RowState::AlreadyThere => "already",
                };
                let cells = (0..columns)
                    .map(|column| {
                        let problem = row
                            .problems
                            .iter()
                            .find(|p| p.column == Some(column))
                            .map(|p| p.problem.text(locale));
                        let merged = grid.marks.iter().any(|m| {
                            m.row == row.line
                                && m.column == column
                                && matches!(m.mark, Mark::Merged { .. })
                        });
                        let class = match (&problem, merged) {
                            (Some(_), _) => "import-cell import-cell-problem",
                            (None, true) => "import-cell import-cell-merged",
                            (None, false) => "import-cell",
                        };
                        let title = problem.clone().or_else(|| {
                            merged.then(|| {
                                L::new("来自合并单元格", "From merged cells").get(locale).to_owned()
                            })
                        });
                        view! {
                            <td class=class data-problem=problem.is_some().then_some("true") title=title>
                                {grid.text(row.line, column).to_owned()}
                            </td>
                        }
                    })
                    .collect_view();
                view! {
                    <tr class=format!("import-row import-row-{state}") data-testid="import-row" data-line=row.line + 1 data-state=state>
                        <th scope="row" class="import-line">{row.line + 1}</th>
                        {cells}
                    </tr>
                }
            })
            .collect::<Vec<_>>()
    };

    // Every problem said in words: line, field, what to fix.
    let problem_list = move || {
        let locale = i18n.locale();
        let Some(preview) = preview.get() else {
            return Vec::new();
        };
        preview
            .rows
            .iter()
            .flat_map(|row| {
                row.problems.iter().map(move |p| {
                    let field = fields.with_value(|fields| {
                        fields
                            .iter()
                            .find(|f| f.id == p.field)
                            .map(|f| f.label(locale).to_owned())
                            .unwrap_or_else(|| p.field.clone())
                    });
                    let line = match locale {
                        Locale::ZhCn => format!("第 {} 行", row.line + 1),
                        Locale::En => format!("Line {}", row.line + 1),
                    };
                    let unmapped = p.column.is_none();
                    let text = if unmapped {
                        L::new("没有列导入到这个必填字段", "No column goes into this required field")
                            .get(locale)
                            .to_owned()
                    } else {
                        p.problem.text(locale)
                    };
                    view! {
                        <li data-testid="import-problem" data-line=row.line + 1 data-field=p.field.clone()>
                            <strong>{line} " · " {field}</strong> {L::new("：", ": ").get(locale)} {text}
                        </li>
                    }
                })
            })
            .take(SHOWN_LINES)
            .collect::<Vec<_>>()
    };

    view! {
        <section class="table-import" data-testid="table-import" aria-label=move || i18n.pick(L::new("导入表格", "Import a table"))>
            <header class="table-import-header">
                <h3 class="table-import-title">
                    {move || i18n.pick(L::new("导入到", "Import into"))} " " {move || i18n.pick(table.label)}
                </h3>
                <button type="button" class="button" data-testid="import-close" on:click=move |_| on_close.run(())>
                    {move || i18n.pick(L::new("关闭", "Close"))}
                </button>
            </header>
            <p class="table-import-hint">
                {move || i18n.pick(L::new(
                    "选择 .xlsx 或 .csv 文件（最大 10 MB、5000 行）。按表头匹配字段，写入前可预览每个单元格。",
                    "Choose an .xlsx or .csv file (up to 10 MB and 5,000 rows). Columns are matched to fields by their header; every cell is previewed before anything is written.",
                ))}
            </p>
            <div class="table-import-pick">
                <label class="button button-primary table-import-file">
                    <input
                        type="file"
                        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        data-testid="import-file"
                        disabled=move || busy.get()
                        on:change=on_file
                    />
                    {move || if grid.with(Option::is_some) {
                        i18n.pick(L::new("重新选择文件", "Choose another file"))
                    } else {
                        i18n.pick(L::new("选择文件", "Choose a file"))
                    }}
                </label>
                <span class="table-import-name" data-testid="import-file-name">{move || file_name.get()}</span>
                <Show when=many_sheets>
                    <select
                        class="import-sheet"
                        data-testid="import-sheet"
                        aria-label=move || i18n.pick(L::new("工作表", "Worksheet"))
                        prop:value=move || grid.with(|g| g.as_ref().map(|g| g.sheet.clone()).unwrap_or_default())
                        on:change=on_sheet
                    >
                        {move || sheets()
                            .into_iter()
                            .map(|name| view! { <option value=name.clone()>{name.clone()}</option> })
                            .collect_view()}
                    </select>
                </Show>
                <span class="table-import-busy" hidden=move || !busy.get()>
                    {move || i18n.pick(L::new("正在读取…", "Reading…"))}
                </span>
            </div>
            <p class="form-error" role="alert" data-testid="import-error" hidden=move || failed.with(Option::is_none)>
                {move || failed.get()}
            </p>
            <p class="table-import-done" role="status" data-testid="import-done" hidden=move || imported.with(Option::is_none)>
                {move || imported.get().map(|n| match i18n.locale() {
                    Locale::ZhCn => format!("已导入 {n} 行。"),
                    Locale::En => format!("{n} {} imported.", rows_word(n)),
                })}
            </p>
            <Show when=move || grid.with(Option::is_some)>
                <p
                    class="table-import-counts"
                    data-testid="import-counts"
                    data-ready=move || count(RowState::Ready)
                    data-problems=move || count(RowState::Problems)
                    data-already=move || count(RowState::AlreadyThere)
                >
                    {counts_text}
                </p>
                <div class="table-import-scroll" data-testid="import-preview">
                    <table class="table-import-preview">
                        <thead>
                            <tr>
                                <th scope="col" class="import-line">{move || i18n.pick(L::new("行", "Line"))}</th>
                                {mapping_row}
                            </tr>
                        </thead>
                        <tbody>{shown_rows}</tbody>
                    </table>
                </div>
                <ul class="table-import-problems" data-testid="import-problems">{problem_list}</ul>
                <p class="table-import-hint">
                    {move || i18n.pick(L::new(
                        "有问题的行不会导入。可以先导入没有问题的行，改好文件后再选择一次：表中已有的行会被跳过。",
                        "Rows with problems are left out. Import the good rows now, then fix the file and choose it again: rows already in the table are skipped.",
                    ))}
                </p>
                <div class="table-import-actions">
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="import-go"
                        disabled=move || count(RowState::Ready) == 0
                        on:click=import
                    >
                        {move || {
                            let n = count(RowState::Ready);
                            match i18n.locale() {
                                Locale::ZhCn => format!("导入 {n} 行"),
                                Locale::En => format!("Import {n} {}", rows_word(n)),
                            }
                        }}
                    </button>
                </div>
            </Show>
        </section>
    }
}

fn rows_word(n: usize) -> &'static str {
    if n == 1 { "row" } else { "rows" }
}

/// The bytes of a file the person picked.
async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("{e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
