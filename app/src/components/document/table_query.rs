//! Above a table: sort by a column, show only my rows, the overdue ones,
//! one status, or rows containing some text. Each person's choice is kept
//! per table on this device (local storage), as a person expects a list
//! they arranged to stay arranged.

use concord_model::{
    Localized as L, TableDef,
    views::{FILTER_TEXT_MAX, Filterable, RowQuery, RowSort},
};
use leptos::prelude::*;

use super::DocContext;
use crate::i18n::I18n;

/// The person's query for `table` of this document, read from this device
/// and written back whenever it changes.
pub fn kept_query(ctx: DocContext, table: &'static str) -> RwSignal<RowQuery> {
    let key = format!("concord.rows.{}.{}.{table}", ctx.me().id, ctx.id);
    let storage = || web_sys::window()?.local_storage().ok().flatten();
    // Anything unreadable (another version's shape, a hand edit) is no query.
    let stored = storage()
        .and_then(|s| s.get_item(&key).ok().flatten())
        .and_then(|text| serde_json::from_str::<RowQuery>(&text).ok())
        .map(|mut q| {
            let typed = q.text.clone();
            q.set_text(&typed);
            q
        })
        .unwrap_or_default();
    let query = RwSignal::new(stored);
    Effect::new(move || {
        let now = query.get();
        if let Some(s) = storage() {
            let _ = if now.is_empty() {
                s.remove_item(&key)
            } else {
                serde_json::to_string(&now).map_or(Ok(()), |json| s.set_item(&key, &json))
            };
        }
    });
    query
}

#[component]
pub fn RowQueryBar(table: &'static TableDef, query: RwSignal<RowQuery>) -> impl IntoView {
    let ctx = DocContext::expect();
    let i18n = I18n::expect();
    let template = ctx
        .read_untracked(|doc| doc.template().id.0)
        .unwrap_or_default();
    let filterable = Filterable::of(template, table);
    let status_options = filterable
        .status
        .and_then(|f| table.fields.iter().find(|d| d.id == f))
        .map(|d| match d.kind {
            concord_model::FieldKind::SingleChoice(options) => options,
            _ => &[],
        })
        .unwrap_or(&[]);
    let sorted_by =
        move || query.with(|q| q.sort.as_ref().map(|s| s.field.clone()).unwrap_or_default());
    let descending = move || query.with(|q| q.sort.as_ref().is_some_and(|s| s.descending));
    view! {
        <div class="row-query" data-testid="row-query">
            <input
                type="search"
                class="row-query-text"
                data-testid="row-filter-text"
                maxlength=FILTER_TEXT_MAX.to_string()
                placeholder=move || i18n.pick(L::new("筛选：输入任意文字", "Filter: type any text"))
                aria-label=move || i18n.pick(L::new("按文字筛选", "Filter by text"))
                prop:value=move || query.with(|q| q.text.clone())
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    query.update(|q| q.set_text(&typed));
                }
            />
            <QueryChip
                query
                testid="row-filter-mine"
                label=L::new("我的", "Mine")
                get=|q| q.mine
                set=|q, on| q.mine = on
            />
            {filterable.overdue.then(|| view! {
                <QueryChip
                    query
                    testid="row-filter-overdue"
                    label=L::new("已逾期", "Overdue")
                    get=|q| q.overdue
                    set=|q, on| q.overdue = on
                />
            })}
            {(!status_options.is_empty()).then(|| view! {
                <select
                    class="row-query-select"
                    data-testid="row-filter-status"
                    aria-label=move || i18n.pick(L::new("按状态筛选", "Filter by status"))
                    prop:value=move || query.with(|q| q.status.clone().unwrap_or_default())
                    on:change=move |ev| {
                        let picked = event_target_value(&ev);
                        query.update(|q| q.status = (!picked.is_empty()).then_some(picked));
                    }
                >
                    <option value="">{move || i18n.pick(L::new("全部状态", "Any status"))}</option>
                    {status_options
                        .iter()
                        .map(|o| view! { <option value=o.id>{move || i18n.pick(o.label)}</option> })
                        .collect_view()}
                </select>
            })}
            <span class="row-query-sort">
                <select
                    class="row-query-select"
                    data-testid="row-sort-field"
                    aria-label=move || i18n.pick(L::new("排序", "Sort by"))
                    prop:value=sorted_by
                    on:change=move |ev| {
                        let field = event_target_value(&ev);
                        query.update(|q| {
                            let descending = q.sort.as_ref().is_some_and(|s| s.descending);
                            q.sort = (!field.is_empty()).then_some(RowSort { field, descending });
                        });
                    }
                >
                    <option value="">{move || i18n.pick(L::new("按文档顺序", "Document order"))}</option>
                    {table
                        .fields
                        .iter()
                        .map(|f| view! {
                            <option value=f.id>
                                {move || i18n.pick(L::new("按", "By "))}
                                {move || i18n.pick(f.label)}
                            </option>
                        })
                        .collect_view()}
                </select>
                <button
                    type="button"
                    class="secondary row-sort-direction"
                    data-testid="row-sort-direction"
                    data-descending=move || descending().to_string()
                    disabled=move || query.with(|q| q.sort.is_none())
                    aria-label=move || {
                        if descending() {
                            i18n.pick(L::new("从大到小（点击改为从小到大）", "Descending (press for ascending)"))
                        } else {
                            i18n.pick(L::new("从小到大（点击改为从大到小）", "Ascending (press for descending)"))
                        }
                    }
                    on:click=move |_| query.update(|q| {
                        if let Some(sort) = &mut q.sort {
                            sort.descending = !sort.descending;
                        }
                    })
                >
                    {move || if descending() { "↓" } else { "↑" }}
                </button>
            </span>
            <Show when=move || query.with(|q| !q.is_empty())>
                <button
                    type="button"
                    class="link"
                    data-testid="row-query-clear"
                    on:click=move |_| query.set(RowQuery::default())
                >
                    {move || i18n.pick(L::new("清除", "Clear"))}
                </button>
            </Show>
        </div>
    }
}

/// A filter that is on or off.
#[component]
fn QueryChip(
    query: RwSignal<RowQuery>,
    testid: &'static str,
    label: L,
    get: fn(&RowQuery) -> bool,
    set: fn(&mut RowQuery, bool),
) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <label class="row-query-chip">
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=move || query.with(get)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    query.update(|q| set(q, on));
                }
            />
            {move || i18n.pick(label)}
        </label>
    }
}
