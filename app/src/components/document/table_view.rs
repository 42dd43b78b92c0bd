//! Which way a table is shown: its rows, a board of cards by status, or a
//! Gantt chart. Each person's choice is kept per table on this device, as
//! their sort and filter are (`kept_query`).

use codee::string::JsonSerdeCodec;
use concord_model::{
    Localized as L, TableDef,
    views::{Filterable, gantt_applies},
};
use leptos::prelude::*;
use leptos_use::storage::use_local_storage;
use serde::{Deserialize, Serialize};

use super::DocContext;
use crate::i18n::I18n;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableView {
    #[default]
    Rows,
    Board,
    Gantt,
}

impl TableView {
    fn label(self) -> L {
        match self {
            Self::Rows => L::new("表格", "Table"),
            Self::Board => L::new("看板", "Board"),
            Self::Gantt => L::new("甘特图", "Gantt"),
        }
    }

    fn testid(self) -> &'static str {
        match self {
            Self::Rows => "table-view-rows",
            Self::Board => "table-view-board",
            Self::Gantt => "table-view-gantt",
        }
    }
}

/// The views `table` can be shown in: a board where rows have a status, a
/// Gantt chart where they have start and end dates.
pub fn views_of(template: &str, table: &'static TableDef) -> Vec<TableView> {
    let mut views = vec![TableView::Rows];
    if Filterable::of(template, table).status.is_some() {
        views.push(TableView::Board);
    }
    if gantt_applies(template, table.id) {
        views.push(TableView::Gantt);
    }
    views
}

/// The person's view of `table` of this document, kept on this device; a
/// view the table no longer offers reads as its rows.
pub fn kept_view(
    ctx: DocContext,
    table: &'static TableDef,
) -> (Signal<TableView>, WriteSignal<TableView>) {
    let key = format!("concord.view.{}.{}.{}", ctx.me().id, ctx.id, table.id);
    let (kept, set, _) = use_local_storage::<TableView, JsonSerdeCodec>(key);
    let template = ctx
        .read_untracked(|doc| doc.template().id.0)
        .unwrap_or_default();
    let offered = views_of(template, table);
    let view = Signal::derive(move || {
        let view = kept.get();
        if offered.contains(&view) {
            view
        } else {
            TableView::Rows
        }
    });
    (view, set)
}

/// Tabs to switch between the views a table offers; nothing when it offers
/// only its rows.
#[component]
pub fn TableViewSwitch(
    table: &'static TableDef,
    view: Signal<TableView>,
    set_view: WriteSignal<TableView>,
) -> impl IntoView {
    let ctx = DocContext::expect();
    let i18n = I18n::expect();
    let template = ctx
        .read_untracked(|doc| doc.template().id.0)
        .unwrap_or_default();
    let views = views_of(template, table);
    (views.len() > 1).then(|| {
        view! {
            <div
                class="table-view-switch"
                role="tablist"
                aria-label=move || i18n.pick(L::new("查看方式", "Show as"))
            >
                {views
                    .into_iter()
                    .map(|v| {
                        view! {
                            <button
                                type="button"
                                role="tab"
                                class="table-view-tab"
                                data-testid=v.testid()
                                aria-selected=move || (view.get() == v).to_string()
                                on:click=move |_| set_view.set(v)
                            >
                                {move || i18n.pick(v.label())}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        }
    })
}
