//! One table of a document: its rows, virtualised so that thousands scroll
//! smoothly, adding rows, and the sheet of the row that is open.

use concord_model::{Localized as L, RowId, TableDef};
use leptos::{ev, prelude::*};

use super::{
    DocContext,
    board_view::BoardView,
    gantt_chart::GanttChart,
    row_new_form::{RowNewForm, begin_new_row},
    row_sheet::{RowSheet, refusal_text},
    scroll_window::{ScrollWindow, window_width},
    table_export::TableExport,
    table_import::TableImport,
    table_query::{RowQueryBar, kept_query},
    table_row_line::{TableRowLine, grid_columns},
    table_rows::TableRows,
    table_view::{TableView, TableViewSwitch, kept_view},
    table_window::{TableLayout, summary_fields},
};
use crate::i18n::I18n;

/// The row a link names (`/d/<id>?row=<row>`), given by the document
/// screen from the router; a table shown outside one (a test) has none.
#[derive(Clone, Copy)]
pub struct LinkedRow(pub Memo<Option<String>>);

#[component]
pub fn TablePart(table: &'static TableDef) -> impl IntoView {
    let ctx = DocContext::expect();
    let i18n = I18n::expect();
    let query = kept_query(ctx, table.id);
    let (view, set_view) = kept_view(ctx, table);
    let status_field = ctx
        .read_untracked(|doc| {
            concord_model::views::Filterable::of(doc.template().id.0, table).status
        })
        .flatten()
        .and_then(|id| table.fields.iter().find(|f| f.id == id));
    let rows = TableRows::memo(ctx, table.id, query.into());
    let count = Memo::new(move |_| rows.with(TableRows::len));
    let total = Memo::new(move |_| rows.with(|r| r.total));
    let width = RwSignal::new(window_width());
    let layout = Memo::new(move |_| TableLayout::for_width(width.get()));
    let scroller = ScrollWindow::new();
    // The scroller's height follows the window and, up to its CSS cap, the
    // number of rows.
    Effect::new(move |_| {
        count.track();
        layout.track();
        if scroller.node.get().is_some() {
            scroller.measure();
        }
    });
    let resize = window_event_listener(ev::resize, move |_| {
        width.set(window_width());
        scroller.measure();
    });
    on_cleanup(move || resize.remove());
    // Scrolling only moves this window; the rows themselves are read when
    // rows are added, removed, moved or re-owned (`TableRows::memo`).
    let window = scroller.rows(0.0, move || layout.get().row_height_px(), count);
    let owner_cell = ctx
        .read_untracked(|doc| doc.template().workflow.owner_cell(table.id))
        .flatten();
    let open = RwSignal::new(None::<RowId>);
    // The Gantt chart follows the rows shown here and opens their sheet.
    provide_context(super::gantt_chart::GanttHost { rows, open });
    let form = RwSignal::new(None::<Option<RowId>>);
    // A link to a row (`/d/<id>?row=<row>`) opens its sheet once the row
    // is here (it may arrive from the relay after the screen), and once only.
    let linked = use_context::<LinkedRow>();
    let opened_from_link = StoredValue::new(None::<String>);
    Effect::new(move || {
        let Some(wanted) = linked.and_then(|l| l.0.get()) else {
            return;
        };
        if opened_from_link.with_value(|o| o.as_deref() == Some(wanted.as_str())) {
            return;
        }
        if rows.with(|r| r.index_of(&RowId(wanted.clone())).is_some()) {
            opened_from_link.set_value(Some(wanted.clone()));
            open.set(Some(RowId(wanted)));
        }
    });
    let order_refusal = Signal::derive(move || {
        refusal_text(ctx.permissions().map(|p| p.may_order_rows(table.id)), i18n)
    });
    let importing = RwSignal::new(false);
    // A memo: each edit gives new permissions, and the import panel (with
    // the file read so far) must outlive them while the answer stays yes.
    let may_import = Memo::new(move |_| order_refusal.with(Option::is_none));
    let add_at_end = move |_| {
        let last = rows.with_untracked(|r| r.rows.last().map(|row| row.id.clone()));
        begin_new_row(ctx, table.id, last, open, form);
    };
    // Sorting or filtering one row is pointless; a query kept from before stays undoable.
    let query_bar = move || total.get() >= 2 || query.with(|q| !q.is_empty());
    // An empty table has nothing to take away.
    let has_rows = move || total.get() > 0;
    // While a filter hides rows: how many show of how many.
    let count_text = move || {
        let (shown, all) = (count.get(), total.get());
        match i18n.locale() {
            concord_model::Locale::ZhCn if shown != all => format!("{shown} / {all} 行"),
            concord_model::Locale::ZhCn => format!("{shown} 行"),
            concord_model::Locale::En if shown != all => format!("{shown} of {all} rows"),
            concord_model::Locale::En if shown == 1 => "1 row".to_owned(),
            concord_model::Locale::En => format!("{shown} rows"),
        }
    };
    let on_form_done = Callback::new(move |row: Option<RowId>| {
        form.set(None);
        if row.is_some() {
            open.set(row);
        }
    });
    let list = move || {
        let layout = layout.get();
        let fields = summary_fields(table, layout.columns());
        let header_fields = fields.clone();
        let header_columns = grid_columns(header_fields.len());
        let header = (layout == TableLayout::Grid).then(|| {
            view! {
                <div
                    class="table-head"
                    role="row"
                    aria-rowindex="1"
                    style:grid-template-columns=header_columns
                >
                    <span class="table-cell table-index" role="columnheader">"#"</span>
                    {header_fields
                        .into_iter()
                        .map(|def| {
                            view! {
                                <span
                                    class="table-cell"
                                    role="columnheader"
                                    title=move || i18n.pick(def.label)
                                >
                                    {move || i18n.pick(def.label)}
                                </span>
                            }
                        })
                        .collect_view()}
                </div>
            }
        });
        let row_height = layout.row_height_px();
        view! {
            <div
                class=format!("table-view {}", layout.class())
                role="table"
                aria-label=move || i18n.pick(table.label)
                aria-rowcount=move || count.get() + 1
            >
                {header}
                <div
                    class="table-scroller"
                    data-testid="table-scroller"
                    node_ref=scroller.node
                    on:scroll=move |_| scroller.measure()
                >
                    <div
                        class="table-spacer"
                        role="rowgroup"
                        style:height=move || format!("{}px", count.get() as f64 * row_height)
                    >
                        <For
                            each=move || {
                                let range = window.get();
                                rows.with(|r| {
                                    let generation = r.generation;
                                    r.rows
                                        .get(range.clone())
                                        .unwrap_or_default()
                                        .iter()
                                        .enumerate()
                                        .map(|(i, row)| (generation, range.start + i, row.clone()))
                                        .collect::<Vec<_>>()
                                })
                            }
                            key=|(generation, _, row)| (*generation, row.id.clone())
                            children=move |(_, index, row)| {
                                view! {
                                    <TableRowLine
                                        table=table.id
                                        row
                                        index
                                        layout
                                        fields=fields.clone()
                                        owner_cell
                                        open
                                    />
                                }
                            }
                        />
                    </div>
                </div>
            </div>
        }
    };
    view! {
        <section class="table-part" data-testid="table-part" data-table-id=table.id>
            <header class="table-part-header">
                <h2 class="table-part-title">{move || i18n.pick(table.label)}</h2>
                <span
                    class="table-row-count"
                    data-testid="table-row-count"
                    data-shown=move || count.get()
                    data-total=move || total.get()
                    data-generation=move || rows.with(|r| r.generation)
                >
                    {count_text}
                </span>
                <TableViewSwitch table view set_view />
                <button
                    type="button"
                    class="button button-primary add-row"
                    data-testid="add-row"
                    disabled=move || order_refusal.get().is_some()
                    title=move || order_refusal.get()
                    on:click=add_at_end
                >
                    "+ "
                    {move || i18n.pick(L::new("添加一行", "Add row"))}
                </button>
                <Show when=move || may_import.get()>
                    <button
                        type="button"
                        class="button table-import-open"
                        data-testid="import-open"
                        aria-expanded=move || importing.get().to_string()
                        title=move || i18n.pick(L::new("从 Excel 或 CSV 文件导入行", "Import rows from an Excel or CSV file"))
                        on:click=move |_| importing.update(|on| *on = !*on)
                    >
                        {move || i18n.pick(L::new("导入", "Import"))}
                    </button>
                </Show>
            </header>
            {move || (importing.get() && may_import.get()).then(|| view! {
                <TableImport table on_close=Callback::new(move |()| importing.set(false)) />
            })}
            {move || {
                form.get().map(|after| view! { <RowNewForm table after on_done=on_form_done /> })
            }}
            <Show when=query_bar>
                <RowQueryBar table query />
            </Show>
            <Show when=has_rows>
                <TableExport table query=query.into() />
            </Show>
            <p class="table-empty" hidden=move || total.get() > 0>
                {move || i18n.pick(L::new("还没有任何行。", "No rows yet."))}
            </p>
            <p class="table-empty" data-testid="rows-filtered-out" hidden=move || count.get() != 0 || total.get() == 0>
                {move || i18n.pick(L::new("没有符合筛选条件的行。", "No rows match the filter."))}
            </p>
            {move || match (view.get(), status_field) {
                (TableView::Board, Some(field)) => view! { <BoardView table field rows open /> }.into_any(),
                (TableView::Gantt, _) => view! { <GanttChart table /> }.into_any(),
                _ => list.into_any(),
            }}
            {move || open.get().map(|row| view! { <RowSheet table row rows open form /> })}
        </section>
    }
}
