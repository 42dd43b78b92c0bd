//! Printing a document, or saving it as PDF, from the browser: a sheet made
//! for paper (the model's `Printout`: every value as text, every table's
//! rows, the sign-offs and the approval history by name and time) is built
//! only while printing, and the print stylesheet shows it alone on A4.
//! Built on asking ("Print / save as PDF", or the browser's own Print via
//! `beforeprint`), so a large table costs nothing until it is printed.

use concord_model::{
    Localized as L,
    export::{Naming, PrintedTable, Printout, printout},
};
use leptos::prelude::*;

use super::{DocContext, HistoryFocus, show_ms};
use crate::{browser_zone::BrowserZone, components::Names, i18n::I18n};

/// The most rows of one table a print holds: past it, paper is the wrong
/// medium (and the tab would freeze building it); the sheet says how many
/// more there are and that the Excel export has them all.
const PRINTED_ROWS: usize = 500;
/// The most columns a portrait A4 page holds readably.
const WIDE_COLUMNS: usize = 7;

/// Whether the document screen is printing: the sheet exists only then.
#[derive(Clone, Copy)]
pub struct Printing(RwSignal<bool>);

impl Printing {
    /// Shared with the screen's print button; the browser's own Print
    /// (Ctrl+P) builds the sheet too, before the page is laid out for paper.
    pub fn provide() -> Self {
        let printing = Self(RwSignal::new(false));
        let before = window_event_listener_untyped("beforeprint", move |_| printing.0.set(true));
        let after = window_event_listener_untyped("afterprint", move |_| printing.0.set(false));
        on_cleanup(move || {
            before.remove();
            after.remove();
        });
        provide_context(printing);
        printing
    }
}

/// "打印 / 存为 PDF": builds the sheet, then opens the browser's print
/// dialog once it is on the page (where "Save as PDF" is a destination).
#[component]
pub fn PrintButton() -> impl IntoView {
    let i18n = I18n::expect();
    let printing = expect_context::<Printing>();
    let print = move |_| {
        printing.0.set(true);
        // After the frame that holds the sheet.
        request_animation_frame(|| {
            let _ = window().print();
        });
    };
    view! {
        <button
            type="button"
            class="history-button doc-print"
            data-testid="print-document"
            title=move || i18n.pick(L::new(
                "在 A4 纸上打印：表单、表格、签署和审批记录；打印对话框中可选“存为 PDF”",
                "Print on A4: form, tables, sign-offs and approval history; the print dialog can save it as PDF",
            ))
            on:click=print
        >
            {move || i18n.pick(L::new("打印 / 存为 PDF", "Print / save as PDF"))}
        </button>
    }
}

/// The document for paper, while printing; nothing otherwise.
#[component]
pub fn PrintSheet(ctx: DocContext) -> impl IntoView {
    let printing = expect_context::<Printing>();
    move || printing.0.get().then(|| view! { <Sheet ctx /> })
}

#[component]
fn Sheet(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let names = Names::expect();
    let focus = expect_context::<HistoryFocus>();
    let sheet = move || {
        let locale = i18n.locale();
        let book = names.book().get();
        let person = |id: &str| book.person(id);
        let department = |id: &str| book.department(id);
        let naming = Naming {
            locale,
            zone: &BrowserZone,
            person: &person,
            department: &department,
        };
        ctx.inspect(|doc| {
            focus
                .1
                .try_update_value(|index| printout(doc, index, &naming, PRINTED_ROWS))
        })
        .flatten()
    };
    let me = ctx.me().id.to_string();
    move || {
        let t = move |l: L| i18n.pick(l);
        match sheet() {
            None => ().into_any(),
            Some(Err(why)) => view! {
                <section class="print-sheet" data-testid="print-sheet">
                    <p role="alert">
                        {t(L::new("无法读取此文档：", "This document cannot be read: "))}
                        {why.to_string()}
                    </p>
                </section>
            }
            .into_any(),
            Some(Ok(p)) => {
                let printed = match i18n.locale() {
                    concord_model::Locale::ZhCn => {
                        format!("由 {} 于 {} 打印", names.person(&me), show_ms(now_ms()))
                    }
                    concord_model::Locale::En => {
                        format!("Printed by {} on {}", names.person(&me), show_ms(now_ms()))
                    }
                };
                view! {
                    <section class="print-sheet" data-testid="print-sheet">
                        <SheetHead p=p.clone() />
                        <h2>{t(L::new("表单", "Form"))}</h2>
                        <table class="print-form" data-testid="print-form">
                            <tbody>
                                {p.form
                                    .into_iter()
                                    .map(|(label, value)| view! {
                                        <tr>
                                            <th scope="row">{label}</th>
                                            <td>{value}</td>
                                        </tr>
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                        {p.tables.into_iter().map(|table| view! { <SheetTable table /> }).collect_view()}
                        <Signoffs p=p.signoffs />
                        <Moves p=p.moves />
                        <p class="print-footer">{printed}</p>
                    </section>
                }
                .into_any()
            }
        }
    }
}

#[component]
fn SheetHead(p: Printout) -> impl IntoView {
    let i18n = I18n::expect();
    let t = move |l: L| i18n.pick(l);
    view! {
        <header class="print-head">
            <h1 data-testid="print-title">{p.title}</h1>
            <dl class="print-facts">
                <div><dt>{t(L::new("模板", "Template"))}</dt><dd>{p.template}</dd></div>
                <div><dt>{t(L::new("状态", "Status"))}</dt><dd data-testid="print-status">{p.status}</dd></div>
                <div>
                    <dt>{t(L::new("创建", "Created"))}</dt>
                    <dd>{p.created_by} " · " {p.created_at}</dd>
                </div>
                {p.reason.map(|why| view! {
                    <div><dt>{t(L::new("理由", "Reason"))}</dt><dd>{why}</dd></div>
                })}
            </dl>
        </header>
    }
}

#[component]
fn SheetTable(table: PrintedTable) -> impl IntoView {
    let i18n = I18n::expect();
    let left_out = table.left_out;
    let shown = table.rows.len();
    let empty = shown == 0 && left_out == 0;
    // Past this many columns a table goes on a landscape page of its own.
    let wide = table.columns.len() > WIDE_COLUMNS;
    let empty_columns = (!table.empty_columns.is_empty()).then(|| {
        let sep = i18n.pick(L::new("、", ", "));
        let names = table.empty_columns.join(sep);
        let lead = i18n.pick(L::new("空列未打印：", "Empty columns not printed: "));
        view! { <p class="print-note" data-testid="print-empty-columns">{lead}{names}</p> }
    });
    view! {
        <section class="print-part" class:print-wide=wide>
        <h2>{table.label}</h2>
        {if empty {
            view! {
                <p class="print-empty">{i18n.pick(L::new("（无行）", "(no rows)"))}</p>
            }
            .into_any()
        } else {
            view! {
                <table class="print-table" data-testid="print-table" data-rows=shown.to_string()>
                    <thead>
                        <tr>{table.columns.into_iter().map(|c| view! { <th>{c}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>
                        {table
                            .rows
                            .into_iter()
                            .map(|row| view! {
                                <tr>{row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        }}
        {(left_out > 0).then(|| {
            let said = match i18n.locale() {
                concord_model::Locale::ZhCn => format!(
                    "另有 {left_out} 行未打印（只打印前 {shown} 行）。全部行请用“导出 Excel”。"
                ),
                concord_model::Locale::En => format!(
                    "{left_out} more rows not printed (the first {shown} are). Export to Excel for every row."
                ),
            };
            view! { <p class="print-left-out" data-testid="print-left-out" data-left-out=left_out.to_string()>{said}</p> }
        })}
        {empty_columns}
        </section>
    }
}

#[component]
fn Signoffs(p: Vec<concord_model::export::PrintedSignoff>) -> impl IntoView {
    let i18n = I18n::expect();
    let t = move |l: L| i18n.pick(l);
    view! {
        <h2>{t(L::new("签署", "Sign-offs"))}</h2>
        {if p.is_empty() {
            view! { <p class="print-empty">{t(L::new("（尚无签署）", "(none yet)"))}</p> }.into_any()
        } else {
            view! {
                <table class="print-table" data-testid="print-signoffs">
                    <thead>
                        <tr>
                            <th>{t(L::new("签署人", "Signed by"))}</th>
                            <th>{t(L::new("步骤", "Step"))}</th>
                            <th>{t(L::new("意见", "Decision"))}</th>
                            <th>{t(L::new("代表部门", "For"))}</th>
                            <th>{t(L::new("备注", "Note"))}</th>
                            <th>{t(L::new("时间", "Time"))}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {p.into_iter()
                            .map(|s| view! {
                                <tr>
                                    <td>{s.by}</td>
                                    <td>{s.step}</td>
                                    <td>{s.decision}</td>
                                    <td>{s.departments}</td>
                                    <td>{s.note}</td>
                                    <td class="print-time">{s.at}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        }}
    }
}

#[component]
fn Moves(p: Vec<concord_model::export::PrintedMove>) -> impl IntoView {
    let i18n = I18n::expect();
    let t = move |l: L| i18n.pick(l);
    view! {
        <h2>{t(L::new("审批记录", "Approval history"))}</h2>
        <table class="print-table" data-testid="print-history">
            <thead>
                <tr>
                    <th>{t(L::new("时间", "Time"))}</th>
                    <th>{t(L::new("操作人", "By"))}</th>
                    <th>{t(L::new("原状态", "From"))}</th>
                    <th>{t(L::new("新状态", "To"))}</th>
                </tr>
            </thead>
            <tbody>
                {p.into_iter()
                    .map(|m| {
                        let from = if m.from.is_empty() {
                            t(L::new("（创建）", "(created)")).to_owned()
                        } else {
                            m.from
                        };
                        view! {
                            <tr>
                                <td class="print-time">{m.at}</td>
                                <td>{m.by}</td>
                                <td>{from}</td>
                                <td>{m.to}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}
