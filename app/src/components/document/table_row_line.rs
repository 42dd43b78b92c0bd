//! One row in the table's list: a grid line on a desktop, a card line on a
//! phone. Placed absolutely at its index, so only the rows in view exist.

use std::collections::BTreeMap;

use concord_model::{FieldDef, Localized as L, RowId, RowKey, Value};
use leptos::prelude::*;

use super::{DocContext, link_target::LinkTargets, table_window::TableLayout};
use crate::{components::Names, i18n::I18n};

/// The columns of a grid line and of the grid's header, kept in one place:
/// the index, the column naming the row (given more room), then the rest.
pub fn grid_columns(fields: usize) -> String {
    // The index column holds five digits (tables of tens of thousands of rows).
    match fields {
        0 => "4.5rem".to_owned(),
        1 => "4.5rem minmax(0, 1fr)".to_owned(),
        n => format!("4.5rem minmax(0, 2fr) repeat({}, minmax(0, 1fr))", n - 1),
    }
}

#[component]
pub fn TableRowLine(
    table: &'static str,
    row: RowKey,
    index: usize,
    layout: TableLayout,
    fields: Vec<&'static FieldDef>,
    /// The cell naming the row's responsible person, where the rules tie it
    /// to the row's owner: an empty one shows the row's owner instead.
    owner_cell: Option<&'static str>,
    /// Set to this row's id when it is tapped.
    open: RwSignal<Option<RowId>>,
) -> impl IntoView {
    let ctx = DocContext::expect();
    let i18n = I18n::expect();
    let names = Names::expect().book();
    let links = LinkTargets::expect();
    let height = layout.row_height_px();
    let cells_of = row.clone();
    let RowKey { id, owner, .. } = row;
    let owner = StoredValue::new(owner.map(|p| p.to_string()));
    // This row's cells only, read again when a cell may have changed.
    let cells = Memo::new(move |_| {
        ctx.read_row_cells(|doc| doc.row_cells_at(table, &cells_of).unwrap_or_default())
            .unwrap_or_default()
    });
    let text_of = move |def: &'static FieldDef| {
        move || {
            let locale = i18n.locale();
            names.with(|names| {
                let shown = cells.with(|cells: &BTreeMap<String, Value>| {
                    cells
                        .get(def.id)
                        .map(|v| match v {
                            // Its target's title when readable, else words that say nothing of it.
                            Value::Link { doc, row } => {
                                links.label(doc, row.as_deref(), locale).text
                            }
                            _ => names.cell_text(&def.kind, v, locale),
                        })
                        .unwrap_or_default()
                });
                match owner.get_value() {
                    Some(owner) if shown.is_empty() && owner_cell == Some(def.id) => {
                        names.person(&owner)
                    }
                    _ => shown,
                }
            })
        }
    };
    let open_id = id.clone();
    let open_row = move || open.set(Some(open_id.clone()));
    let open_on_key = open_row.clone();
    let body = match layout {
        TableLayout::Grid => {
            let cells = fields
                .iter()
                .map(|def| {
                    let text = text_of(def);
                    let title = text_of(def);
                    view! {
                        <span class="table-cell" role="cell" data-field-id=def.id title=title>
                            {text}
                        </span>
                    }
                })
                .collect_view();
            view! {
                <span class="table-cell table-index" role="cell">{index + 1}</span>
                {cells}
            }
            .into_any()
        }
        TableLayout::Cards => {
            let mut parts = fields.iter();
            let title = parts.next().map(|def| text_of(def));
            let rest: Vec<_> = parts.map(|def| text_of(def)).collect();
            let meta = move || {
                let shown: Vec<String> =
                    rest.iter().map(|t| t()).filter(|t| !t.is_empty()).collect();
                shown.join(" · ")
            };
            let title = move || {
                let text = title.as_ref().map(|t| t()).unwrap_or_default();
                if text.is_empty() {
                    i18n.pick(L::new("（未填写）", "(empty)")).to_owned()
                } else {
                    text
                }
            };
            view! {
                <span class="table-card-title">
                    <span class="table-index">{index + 1}</span>
                    {title}
                </span>
                <span class="table-card-meta">{meta}</span>
            }
            .into_any()
        }
    };
    view! {
        <div
            class="table-row"
            role="row"
            tabindex="0"
            aria-rowindex=index + 2
            data-testid="table-row"
            data-row-id=id.0
            data-row-index=index
            style:top=format!("{}px", index as f64 * height)
            style:height=format!("{height}px")
            style:grid-template-columns=if layout == TableLayout::Grid { grid_columns(fields.len()) } else { Default::default() }
            on:click=move |_| open_row()
            on:keydown=move |ev| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    open_on_key();
                }
            }
        >
            {body}
        </div>
    }
}
