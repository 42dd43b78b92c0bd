//! 留痕可追溯: who changed what and when, newest first, for the whole
//! document, one field or one row. Opened from the document's header, a
//! field's label or a row's sheet; it follows the document live. The
//! changes are read once into a `HistoryIndex` kept while the screen is
//! open, so later edits cost only themselves: read ahead while the screen
//! is idle (`HistoryReader`), and on a tap no further than its first page
//! needs, newest first, the rest after it is painted.

use concord_model::{
    ConcordDoc, HISTORY_PAGE, HISTORY_PAGE_BUDGET, HistoryEdit, HistoryEntry, HistoryIndex,
    HistoryPlace, HistoryScope, Locale, Localized as L, Value,
};
use leptos::prelude::*;

use super::{DocContext, EditorSpec, history_reading::HistoryReader, show_ms};
use crate::{components::Names, i18n::I18n};

/// Which history the document screen shows (`None`: none). Shared through
/// context so a field's label or a row's sheet can open it.
#[derive(Clone, Copy)]
pub struct HistoryFocus(
    pub RwSignal<Option<HistoryScope>>,
    /// Every change read once while the document screen is open, whichever
    /// history is shown (`HistoryIndex`); later changes cost only themselves.
    pub(super) StoredValue<HistoryIndex, LocalStorage>,
    /// Notified when older changes were read into the index ahead.
    pub(super) Trigger,
);

impl HistoryFocus {
    pub fn provide() -> Self {
        let focus = Self(
            RwSignal::new(None),
            StoredValue::new_local(HistoryIndex::default()),
            Trigger::new(),
        );
        provide_context(focus);
        focus
    }

    /// Opens the history of `scope` and brings it into view.
    pub fn open(scope: HistoryScope) {
        if let Some(focus) = use_context::<HistoryFocus>() {
            focus.0.set(Some(scope));
            request_animation_frame(|| {
                if let Some(panel) = document()
                    .query_selector("[data-testid=history]")
                    .ok()
                    .flatten()
                {
                    panel.scroll_into_view();
                }
            });
        }
    }
}

/// A small button beside a field's label or on a row's sheet.
#[component]
pub fn HistoryButton(scope: HistoryScope) -> impl IntoView {
    let i18n = I18n::expect();
    let scope = StoredValue::new(scope);
    view! {
        <button
            type="button"
            class="history-button link"
            data-testid="history-open"
            title=move || i18n.pick(L::new("谁改了什么：修改历史", "Who changed what: history"))
            on:click=move |_| HistoryFocus::open(scope.get_value())
        >
            {move || i18n.pick(L::new("历史", "History"))}
        </button>
    }
}

/// How long a document stands still before "who changed it last" is read again.
const LAST_CHANGED_STILL: std::time::Duration = std::time::Duration::from_millis(300);

/// Beside a field's or a cell's label: who last changed it and when,
/// opening its history (`before_open`: what to close first, a row's sheet).
#[component]
pub fn LastChangedButton(
    scope: HistoryScope,
    #[prop(optional)] before_open: Option<Callback<()>>,
) -> impl IntoView {
    let ctx = DocContext::expect();
    let i18n = I18n::expect();
    let names = Names::expect();
    let scope = StoredValue::new(scope);
    let read = move || {
        ctx.inspect_untracked(|doc| {
            scope.with_value(|s| match s {
                HistoryScope::Field(field) => doc.field_written(field),
                HistoryScope::Cell { table, row, field } => doc.cell_written(table, row, field),
                HistoryScope::Row { table, row } => doc.row_written(table, row),
                HistoryScope::Document | HistoryScope::Status => None,
            })
        })
        .flatten()
    };
    // Who wrote a text last is found among all its characters: read once
    // the document has stood still a moment, not at every keystroke.
    let last = RwSignal::new(read());
    ctx.when_still(LAST_CHANGED_STILL, move || {
        let fresh = read();
        if last.try_get_untracked().is_some_and(|shown| shown != fresh) {
            last.set(fresh);
        }
    });
    let said = move || {
        last.get().map(|(by, at)| {
            let who = by.map_or_else(
                || i18n.pick(L::new("未署名", "Unsigned")).to_owned(),
                |p| names.person(p.as_str()),
            );
            format!("{who} · {}", short_when(at))
        })
    };
    view! {
        <button
            type="button"
            class="history-button field-last link"
            data-testid="history-open"
            data-last-by=move || last.get().and_then(|(by, _)| by).map(|p| p.to_string())
            aria-label=move || {
                let history = i18n.pick(L::new("修改历史", "History"));
                match said() {
                    Some(last) => format!("{history}（{last}）"),
                    None => history.to_owned(),
                }
            }
            on:click=move |_| {
                if let Some(first) = before_open {
                    first.run(());
                }
                HistoryFocus::open(scope.get_value());
            }
        >
            {move || said().unwrap_or_else(|| i18n.pick(L::new("历史", "History")).to_owned())}
        </button>
    }
}

/// When, as briefly as a label beside a field can say it: the time if it
/// was today, else the day (without the year if it was this year).
fn short_when(ms: i64) -> String {
    let shown = show_ms(ms);
    let today = crate::browser_zone::today().map(|d| d.to_string());
    match (shown.split_once(' '), today) {
        (Some((day, time)), Some(today)) if day == today => time.to_owned(),
        (Some((day, _)), Some(today)) if day.get(..5) == today.get(..5) => {
            day.get(5..).unwrap_or(day).to_owned()
        }
        (Some((day, _)), _) => day.to_owned(),
        (None, _) => shown,
    }
}

#[component]
pub fn HistoryPanel(ctx: DocContext) -> impl IntoView {
    let focus = expect_context::<HistoryFocus>();
    // Mounted with the document screen: from now on, its history is read
    // ahead whenever the browser is idle.
    HistoryReader::start(ctx, focus);
    move || {
        focus
            .0
            .get()
            .map(|scope| view! { <HistoryList ctx scope /> })
    }
}

#[component]
fn HistoryList(ctx: DocContext, scope: HistoryScope) -> impl IntoView {
    let i18n = I18n::expect();
    let names = Names::expect();
    let focus = expect_context::<HistoryFocus>();
    let index = focus.1;
    let take = RwSignal::new(HISTORY_PAGE);
    let scope = StoredValue::new(scope);
    let page = Memo::new(move |_| {
        let take = take.get();
        focus.2.track();
        ctx.inspect(|doc| {
            index
                .try_update_value(|index| {
                    scope.with_value(|s| doc.history_so_far(index, s, 0, take, HISTORY_PAGE_BUDGET))
                })
                .unwrap_or_default()
        })
        .unwrap_or_default()
    });
    // Apart: older changes read behind the page change its count, and the
    // entries are not built again for that.
    let entries = Memo::new(move |_| page.with(|p| p.entries.clone()));
    let complete = move || page.with(|p| p.complete);
    let title = move || {
        let place = scope.with_value(|s| match s {
            HistoryScope::Document => None,
            HistoryScope::Status => Some(HistoryPlace::Status),
            HistoryScope::Field(field) => Some(HistoryPlace::Field(field.clone())),
            HistoryScope::Row { table, row } => Some(HistoryPlace::Row {
                table: table.clone(),
                row: row.clone(),
            }),
            HistoryScope::Cell { table, row, field } => Some(HistoryPlace::Cell {
                table: table.clone(),
                row: row.clone(),
                field: field.clone(),
            }),
        });
        let locale = i18n.locale();
        match place {
            None => i18n.pick(L::new("修改历史", "History")).to_owned(),
            Some(place) => {
                let named = ctx
                    .read_untracked(|doc| place_label(doc, &place, locale))
                    .unwrap_or_default();
                format!("{}{named}", i18n.pick(L::new("修改历史：", "History: ")))
            }
        }
    };
    let whole = move || scope.with_value(|s| *s != HistoryScope::Document);
    view! {
        <section class="history" data-testid="history" aria-live="polite">
            <header class="history-header">
                <h2 class="history-title" data-testid="history-title">{title}</h2>
                <Show when=whole>
                    <button
                        type="button"
                        class="link"
                        data-testid="history-whole"
                        on:click=move |_| focus.0.set(Some(HistoryScope::Document))
                    >
                        {move || i18n.pick(L::new("整个文档", "Whole document"))}
                    </button>
                </Show>
                <button
                    type="button"
                    class="link"
                    data-testid="history-close"
                    on:click=move |_| focus.0.set(None)
                >
                    {move || i18n.pick(L::new("关闭", "Close"))}
                </button>
            </header>
            // `data-total` only once every change was read: until then the
            // count is of the newest changes read so far.
            <p
                class="history-count"
                data-testid="history-count"
                data-total=move || page.with(|p| p.complete.then_some(p.total))
            >
                {move || {
                    let total = page.with(|p| p.total);
                    match (i18n.locale(), complete()) {
                        (Locale::ZhCn, true) => format!("共 {total} 次修改"),
                        (Locale::ZhCn, false) => format!("已读到 {total} 次修改，正在读更早的…"),
                        (Locale::En, true) if total == 1 => "1 change".to_owned(),
                        (Locale::En, true) => format!("{total} changes"),
                        (Locale::En, false) => format!("{total} changes so far, reading older ones…"),
                    }
                }}
            </p>
            <ol class="history-list">
                {move || {
                    entries
                        .get()
                        .into_iter()
                        .map(|entry| view! { <Entry ctx entry names /> })
                        .collect_view()
                }}
            </ol>
            // Older entries there are, or may be (not all read, the page full).
            <Show when=move || {
                page.with(|p| p.total > p.entries.len() || (!p.complete && p.entries.len() >= take.get()))
            }>
                <button
                    type="button"
                    class="history-older"
                    data-testid="history-older"
                    on:click=move |_| take.update(|t| *t += HISTORY_PAGE)
                >
                    {move || i18n.pick(L::new("更早的修改", "Older changes"))}
                </button>
            </Show>
        </section>
    }
}

#[component]
fn Entry(ctx: DocContext, entry: HistoryEntry, names: Names) -> impl IntoView {
    let i18n = I18n::expect();
    let by = entry.by.as_ref().map(|p| p.to_string());
    let who = by.clone();
    let edits = entry.edits;
    view! {
        <li class="history-entry" data-testid="history-entry" data-by=by.clone().unwrap_or_default()>
            <p class="history-who">
                <strong data-testid="history-by">
                    {move || match &who {
                        Some(id) => names.person(id),
                        None => i18n.pick(L::new("未署名", "Unsigned")).to_owned(),
                    }}
                </strong>
                " "
                <time class="history-at">{show_ms(entry.at)}</time>
            </p>
            <ul class="history-edits">
                {edits
                    .into_iter()
                    .map(|(place, edit)| view! { <Edit ctx place edit names /> })
                    .collect_view()}
            </ul>
        </li>
    }
}

#[component]
fn Edit(ctx: DocContext, place: HistoryPlace, edit: HistoryEdit, names: Names) -> impl IntoView {
    let i18n = I18n::expect();
    let place = StoredValue::new(place);
    let edit = StoredValue::new(edit);
    let label = move || {
        let locale = i18n.locale();
        ctx.read_untracked(|doc| place.with_value(|p| place_label(doc, p, locale)))
            .unwrap_or_default()
    };
    let what = move || {
        let locale = i18n.locale();
        let said = |l: L| l.get(locale).to_owned();
        match edit.get_value() {
            HistoryEdit::Created => view! { <span>{said(L::new("创建了文档", "created the document"))}</span> }.into_any(),
            HistoryEdit::RowAdded => view! { <span>{said(L::new("添加了这一行", "added the row"))}</span> }.into_any(),
            HistoryEdit::RowRemoved => view! { <span>{said(L::new("删除了这一行", "removed the row"))}</span> }.into_any(),
            HistoryEdit::RowMoved => view! { <span>{said(L::new("移动了这一行", "moved the row"))}</span> }.into_any(),
            HistoryEdit::Changed => view! { <span>{said(L::new("有修改", "changed"))}</span> }.into_any(),
            HistoryEdit::Text { inserted, deleted } => view! {
                {(!deleted.is_empty()).then(|| view! { <del class="history-cut" data-testid="history-cut">{deleted.clone()}</del> })}
                {(!inserted.is_empty()).then(|| view! { <ins class="history-typed" data-testid="history-typed">{inserted.clone()}</ins> })}
            }
            .into_any(),
            HistoryEdit::Set { before, after } => {
                let show = |value: Option<Value>| {
                    let book = names.book();
                    ctx.read_untracked(|doc| place.with_value(|p| value_text(doc, p, value.as_ref(), &book.get_untracked(), locale)))
                        .unwrap_or_default()
                };
                view! {
                    <span class="history-before" data-testid="history-before">{show(before)}</span>
                    " → "
                    <span class="history-after" data-testid="history-after">{show(after)}</span>
                }
                .into_any()
            }
        }
    };
    view! {
        <li class="history-edit" data-testid="history-edit">
            <span class="history-place">{label}</span>
            " "
            {what}
        </li>
    }
}

/// A place in the template's words: a field's label, a table and a field,
/// a part of the document.
pub(super) fn place_label(doc: &ConcordDoc, place: &HistoryPlace, locale: Locale) -> String {
    let template = doc.template();
    let said = |l: L| l.get(locale).to_owned();
    match place {
        HistoryPlace::Title => said(L::new("标题", "Title")),
        HistoryPlace::Status => said(L::new("状态", "Status")),
        HistoryPlace::Field(field) => field_label(doc, None, field, locale),
        HistoryPlace::Cell { table, field, .. } => {
            let table_label = template
                .table(table)
                .map(|t| said(t.label))
                .unwrap_or_else(|| table.clone());
            format!(
                "{table_label} · {}",
                field_label(doc, Some(table), field, locale)
            )
        }
        HistoryPlace::Row { table, .. } => template
            .table(table)
            .map(|t| said(t.label))
            .unwrap_or_else(|| table.clone()),
        HistoryPlace::Part(part) => match part.as_str() {
            "acl" => said(L::new("成员与权限", "Members and access")),
            "comments" => said(L::new("评论", "Comments")),
            "signoffs" => said(L::new("签字", "Sign-offs")),
            "versions" => said(L::new("版本", "Versions")),
            "reads" => said(L::new("阅读确认", "Read confirmations")),
            "custom_fields" => said(L::new("自定义字段", "Custom fields")),
            "meta" => said(L::new("文档", "Document")),
            "meta.tags" => said(L::new("标签", "Tags")),
            _ => said(L::new("文档信息", "Document details")),
        },
    }
}

/// The label of a form field (`table` None) or a table's field, the
/// template's or the document's own.
fn field_label(doc: &ConcordDoc, table: Option<&str>, field: &str, locale: Locale) -> String {
    spec_of(doc, table, field).map_or_else(|| field.to_owned(), |s| s.label(locale).to_owned())
}

fn spec_of(doc: &ConcordDoc, table: Option<&str>, field: &str) -> Option<EditorSpec> {
    let template = doc.template();
    let defs = match table {
        None => template.fields,
        Some(table) => template.table(table)?.fields,
    };
    if let Some(def) = defs.iter().find(|f| f.id == field) {
        return Some(EditorSpec::from(def));
    }
    let custom = doc.custom_fields().ok()?;
    custom
        .iter()
        .find(|f| f.id == field && f.table.as_deref() == table)
        .map(EditorSpec::from)
}

/// A value as the table shows it; a status as its state's name.
pub(super) fn value_text(
    doc: &ConcordDoc,
    place: &HistoryPlace,
    value: Option<&Value>,
    book: &crate::components::NameBook,
    locale: Locale,
) -> String {
    let Some(value) = value else {
        return L::new("（空）", "(empty)").get(locale).to_owned();
    };
    match (place, value) {
        (HistoryPlace::Status, Value::Text(state)) => doc
            .template()
            .workflow
            .state(state)
            .map(|s| s.label.get(locale).to_owned())
            .unwrap_or_else(|| state.clone()),
        (HistoryPlace::Field(field), _) => match spec_of(doc, None, field) {
            Some(spec) => book.cell_text(&spec.kind, value, locale),
            None => format!("{value:?}"),
        },
        (HistoryPlace::Cell { table, field, .. }, _) => match spec_of(doc, Some(table), field) {
            Some(spec) => book.cell_text(&spec.kind, value, locale),
            None => format!("{value:?}"),
        },
        (_, Value::Text(text)) => text.clone(),
        _ => format!("{value:?}"),
    }
}
