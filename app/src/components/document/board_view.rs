//! A table with a status column as a board: a column per status, a card per
//! row. A card moves to another column by dragging it (desktop) or by its
//! "move to" list (any screen); a move the rules refuse does not happen and
//! the board says why (`Permissions::may_move_status`, the relay's judge).

use concord_model::{
    ChoiceOption, FieldDef, FieldKind, Localized as L, RowId, RowKey, TableDef, Value,
};
use leptos::{ev, prelude::*};

use super::{
    DocContext, row_sheet::refusal_text, table_rows::TableRows, table_window::summary_fields,
};
use crate::{components::Names, i18n::I18n};

/// Cards a column shows before "show more": a board of thousands of rows
/// stays quick to draw and to scroll.
const CARDS_SHOWN: usize = 40;
/// The column of rows with no status yet.
const NO_STATUS: &str = "";

/// The rows of each status, in the table's (sorted, filtered) order.
#[derive(Debug, Clone, PartialEq, Default)]
struct Columns(Vec<(&'static str, Vec<RowKey>)>);

#[component]
pub fn BoardView(
    table: &'static TableDef,
    /// The status column the board groups by.
    field: &'static FieldDef,
    rows: Memo<TableRows>,
    /// Set to a card's row when it is tapped (the row sheet opens).
    open: RwSignal<Option<RowId>>,
) -> impl IntoView {
    let ctx = DocContext::expect();
    let i18n = I18n::expect();
    let options: &'static [ChoiceOption] = match field.kind {
        FieldKind::SingleChoice(options) => options,
        _ => &[],
    };
    let columns = Memo::new(move |_| {
        let keys = rows.with(|r| r.rows.clone());
        ctx.read_row_cells(|doc| {
            let mut columns: Vec<(&'static str, Vec<RowKey>)> =
                options.iter().map(|o| (o.id, Vec::new())).collect();
            let mut unset = Vec::new();
            for key in keys.iter() {
                let status = match doc.row_cell_at(table.id, key, field.id) {
                    Ok(Some(Value::Choice(s))) => s,
                    _ => String::new(),
                };
                match columns.iter_mut().find(|(id, _)| *id == status) {
                    Some((_, cards)) => cards.push(key.clone()),
                    None => unset.push(key.clone()),
                }
            }
            if !unset.is_empty() {
                columns.insert(0, (NO_STATUS, unset));
            }
            Columns(columns)
        })
        .unwrap_or_default()
    });
    let option_label = move |id: &str| {
        options.iter().find(|o| o.id == id).map_or_else(
            || i18n.pick(L::new("未设状态", "No status")).to_owned(),
            |o| i18n.pick(o.label).to_owned(),
        )
    };
    let refusal = RwSignal::new(None::<String>);
    let dragged = StoredValue::new(None::<(RowId, &'static str)>);
    let move_card = move |row: RowId, to: &'static str| {
        let answer = ctx.permissions_untracked().and_then(|perms| {
            ctx.read_untracked(|doc| perms.may_move_status(doc, table.id, &row, field.id, to))
        });
        match answer {
            Some(Ok(motion)) => {
                refusal.set(None);
                if let Err(e) = ctx.change(|doc| doc.move_status(table.id, &row, &motion)) {
                    refusal.set(Some(e.to_string()));
                }
            }
            other => {
                let why = refusal_text(other.map(|a| a.map(|_| ())), i18n).unwrap_or_default();
                let to = option_label(to);
                refusal.set(Some(match i18n.locale() {
                    concord_model::Locale::ZhCn => format!("不能移到「{to}」：{why}"),
                    concord_model::Locale::En => format!("Cannot move to “{to}”: {why}"),
                }));
            }
        }
    };
    let card_fields: Vec<&'static FieldDef> = summary_fields(table, 4)
        .into_iter()
        .filter(|f| f.id != field.id)
        .take(3)
        .collect();
    view! {
        <div class="board" data-testid="board">
            <p class="board-refusal" role="alert" data-testid="board-refusal" hidden=move || refusal.with(Option::is_none)>
                {move || refusal.get()}
                <button type="button" class="button button-quiet" on:click=move |_| refusal.set(None)>
                    {move || i18n.pick(L::new("知道了", "OK"))}
                </button>
            </p>
            <div class="board-columns">
                <For
                    each=move || columns.with(|c| c.0.iter().map(|(id, cards)| (*id, cards.clone())).collect::<Vec<_>>())
                    key=|(id, cards)| (*id, cards.iter().map(|c| c.id.clone()).collect::<Vec<_>>())
                    children=move |(status, cards)| {
                        let shown = RwSignal::new(CARDS_SHOWN);
                        let count = cards.len();
                        let cards = StoredValue::new(cards);
                        let fields = card_fields.clone();
                        view! {
                            <section
                                class="board-column"
                                data-testid="board-column"
                                data-status=status
                                on:dragover=move |e: ev::DragEvent| e.prevent_default()
                                on:drop=move |e: ev::DragEvent| {
                                    e.prevent_default();
                                    // Dropped where it came from, or on "no status": no move.
                                    if let Some((row, from)) = dragged.get_value() && from != status && !status.is_empty() {
                                        move_card(row, status);
                                    }
                                }
                            >
                                <h3 class="board-column-title">
                                    {move || option_label(status)}
                                    <span class="board-count" data-testid="board-count">{count}</span>
                                </h3>
                                <ul class="board-cards">
                                    {move || {
                                        let fields = fields.clone();
                                        cards.with_value(|cards| {
                                            cards
                                                .iter()
                                                .take(shown.get())
                                                .cloned()
                                                .map(|card| {
                                                    view! {
                                                        <BoardCard table card status options fields=fields.clone() open dragged move_card />
                                                    }
                                                })
                                                .collect_view()
                                        })
                                    }}
                                </ul>
                                <button
                                    type="button"
                                    class="button button-quiet board-more"
                                    hidden=move || { shown.get() >= count }
                                    on:click=move |_| shown.update(|n| *n += CARDS_SHOWN)
                                >
                                    {move || match i18n.locale() {
                                        concord_model::Locale::ZhCn => format!("再显示（还有 {} 张）", count.saturating_sub(shown.get())),
                                        concord_model::Locale::En => format!("Show more ({} left)", count.saturating_sub(shown.get())),
                                    }}
                                </button>
                            </section>
                        }
                    }
                />
            </div>
        </div>
    }
}

#[component]
fn BoardCard(
    table: &'static TableDef,
    card: RowKey,
    status: &'static str,
    options: &'static [ChoiceOption],
    fields: Vec<&'static FieldDef>,
    open: RwSignal<Option<RowId>>,
    dragged: StoredValue<Option<(RowId, &'static str)>>,
    move_card: impl Fn(RowId, &'static str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = DocContext::expect();
    let i18n = I18n::expect();
    let names = Names::expect().book();
    let owner_cell = ctx
        .read_untracked(|doc| doc.template().workflow.owner_cell(table.id))
        .flatten();
    let cells = {
        let key = card.clone();
        Memo::new(move |_| {
            ctx.read_row_cells(|doc| doc.row_cells_at(table.id, &key).unwrap_or_default())
                .unwrap_or_default()
        })
    };
    let owner = card.owner.as_ref().map(|p| p.to_string());
    let id = card.id.clone();
    let texts = move || {
        let locale = i18n.locale();
        names.with(|names| {
            cells.with(|cells| {
                fields
                    .iter()
                    .map(|def| {
                        let text = cells
                            .get(def.id)
                            .map(|v| names.cell_text(&def.kind, v, locale))
                            .unwrap_or_default();
                        match &owner {
                            Some(o) if text.is_empty() && owner_cell == Some(def.id) => {
                                names.person(o)
                            }
                            _ => text,
                        }
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let open_id = id.clone();
    let drag_id = id.clone();
    let move_id = id.clone();
    view! {
        <li
            class="board-card"
            data-testid="board-card"
            data-row=id.0.clone()
            draggable="true"
            on:dragstart=move |_| dragged.set_value(Some((drag_id.clone(), status)))
        >
            <button type="button" class="board-card-open" on:click=move |_| open.set(Some(open_id.clone()))>
                {move || {
                    let mut texts = texts().into_iter();
                    let title = texts.next().unwrap_or_default();
                    view! {
                        <strong class="board-card-title">{title}</strong>
                        {texts.filter(|t| !t.is_empty()).map(|t| view! { <span class="board-card-line">{t}</span> }).collect_view()}
                    }
                }}
            </button>
            <label class="board-card-move">
                <span class="visually-hidden">{move || i18n.pick(L::new("移到", "Move to"))}</span>
                <select
                    data-testid="board-move"
                    on:change=move |e| {
                        use wasm_bindgen::JsCast;
                        let to = event_target_value(&e);
                        // The list goes back to its prompt: a refused move leaves the card where it was.
                        if let Some(select) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
                            select.set_value("");
                        }
                        if let Some(option) = options.iter().find(|o| o.id == to) {
                            move_card(move_id.clone(), option.id);
                        }
                    }
                >
                    <option value="" selected=true disabled=true>
                        {move || i18n.pick(L::new("移到…", "Move to…"))}
                    </option>
                    {options
                        .iter()
                        .filter(|o| o.id != status)
                        .map(|o| view! { <option value=o.id>{move || i18n.pick(o.label)}</option> })
                        .collect_view()}
                </select>
            </label>
        </li>
    }
}
