//! Named versions: save the document as it is with a change note (V1.1 or
//! V2.0, as the person chooses), view any version read-only, compare two
//! (or one with now) side by side, and restore one, which is a new change
//! the relay judges like any edit and the history keeps. Versions an
//! approval froze are listed with who approved them.

use concord_model::{
    ConcordDoc, HistoryEdit, HistoryPlace, Localized as L, VERSION_NAME_MAX, Version, VersionId,
    next_version_names,
};
use leptos::prelude::*;

use super::{
    DocContext,
    history_panel::{place_label, value_text},
    show_ms,
};
use crate::{
    components::{ConfirmButton, NameBook, Names},
    i18n::I18n,
    repo::CryptoRng,
};

/// Rows a version's read-only view lists before saying how many more.
const ROWS_SHOWN: usize = 200;

/// Whether the versions panel is open, shared through context so the
/// header's button opens it.
#[derive(Clone, Copy)]
pub struct VersionsOpen(pub RwSignal<bool>);

impl VersionsOpen {
    pub fn provide() -> Self {
        let open = Self(RwSignal::new(false));
        provide_context(open);
        open
    }
}

#[component]
pub fn VersionsButton() -> impl IntoView {
    let i18n = I18n::expect();
    let open = expect_context::<VersionsOpen>();
    view! {
        <button
            type="button"
            class="history-button link"
            data-testid="versions-open"
            on:click=move |_| {
                open.0.set(true);
                request_animation_frame(|| {
                    if let Some(panel) = document().query_selector("[data-testid=versions-panel]").ok().flatten() {
                        panel.scroll_into_view();
                    }
                });
            }
        >
            {move || i18n.pick(L::new("版本", "Versions"))}
        </button>
    }
}

/// What the panel shows below the list.
#[derive(Clone, PartialEq)]
enum Showing {
    Nothing,
    /// One version, read-only.
    View(VersionId),
    /// The first version beside the second (`None`: the document now).
    Compare(VersionId, Option<VersionId>),
}

#[component]
pub fn VersionsPanel(ctx: DocContext) -> impl IntoView {
    let open = expect_context::<VersionsOpen>();
    move || open.0.get().then(|| view! { <Versions ctx /> })
}

#[component]
fn Versions(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let open = expect_context::<VersionsOpen>();
    let versions = Memo::new(move |_| {
        let mut all = ctx
            .read(|doc| doc.approved_versions().unwrap_or_default())
            .unwrap_or_default();
        all.reverse();
        all
    });
    let may_name = Memo::new(move |_| ctx.permissions().map(|p| p.may_name_version()));
    let may_edit = Memo::new(move |_| {
        ctx.permissions()
            .is_some_and(|p| p.may_restore_version().is_ok())
    });
    let showing = RwSignal::new(Showing::Nothing);
    let newest = move || versions.with(|v| v.first().map(|a| a.version.name.clone()));
    let name = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    // The name offered: the next minor version, until the person picks or types.
    Effect::new(move || {
        let (minor, _) = next_version_names(newest().as_deref());
        name.set(minor);
    });
    let save = move || {
        let typed = name.get_untracked();
        let said = note.get_untracked();
        let by = ctx.me().id;
        let now = js_sys::Date::now() as i64;
        let saved = ctx.change(move |doc| {
            doc.add_version(&typed, said.trim(), &by, now, &mut CryptoRng)
                .map(|_| ())
        });
        if saved.is_ok() {
            note.set(String::new());
        }
    };
    let restore = move |id: VersionId| {
        if ctx.change(move |doc| doc.restore_version(&id)).is_ok() {
            showing.set(Showing::Nothing);
        }
    };
    view! {
        <section class="versions-panel" data-testid="versions-panel">
            <header class="history-header">
                <h2 class="history-title">{move || i18n.pick(L::new("版本", "Versions"))}</h2>
                <button
                    type="button"
                    class="link"
                    data-testid="versions-close"
                    on:click=move |_| open.0.set(false)
                >
                    {move || i18n.pick(L::new("关闭", "Close"))}
                </button>
            </header>
            {move || match may_name.get() {
                Some(Ok(())) => view! {
                    <form
                        class="version-form"
                        data-testid="version-form"
                        on:submit=move |ev| {
                            ev.prevent_default();
                            save();
                        }
                    >
                        <div class="version-name-row">
                            <label class="field-label" for="version-name">
                                {move || i18n.pick(L::new("版本号", "Version"))}
                            </label>
                            <input
                                id="version-name"
                                class="field-input version-name"
                                data-testid="version-name"
                                maxlength=VERSION_NAME_MAX.to_string()
                                prop:value=move || name.get()
                                on:input=move |ev| name.set(event_target_value(&ev))
                            />
                            {move || {
                                let (minor, major) = next_version_names(newest().as_deref());
                                let offers = if minor == major { vec![minor] } else { vec![minor, major] };
                                offers
                                    .into_iter()
                                    .map(|offer| {
                                        let chosen = offer.clone();
                                        let data_name = offer.clone();
                                        view! {
                                            <button
                                                type="button"
                                                class="secondary version-offer"
                                                data-testid="version-offer"
                                                data-name=data_name
                                                on:click=move |_| name.set(chosen.clone())
                                            >
                                                {offer}
                                            </button>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </div>
                        <label class="field-label" for="version-note">
                            {move || i18n.pick(L::new("修改说明", "What changed"))}
                        </label>
                        <textarea
                            id="version-note"
                            class="field-input"
                            data-testid="version-note"
                            rows="2"
                            prop:value=move || note.get()
                            on:input=move |ev| note.set(event_target_value(&ev))
                        ></textarea>
                        <button
                            type="submit"
                            data-testid="version-save"
                            disabled=move || name.with(|n| n.trim().is_empty())
                        >
                            {move || i18n.pick(L::new("保存版本", "Save version"))}
                        </button>
                    </form>
                }
                .into_any(),
                Some(Err(why)) => view! {
                    <p class="versions-note" data-testid="versions-refusal">
                        {move || {
                            match &why {
                                concord_model::Refusal::VersionNotFrozen { .. } => i18n
                                    .pick(L::new(
                                        "此模板的版本在审批通过时自动生成。",
                                        "This template's versions are named by its approvals.",
                                    ))
                                    .to_owned(),
                                other => other.message(i18n.locale()),
                            }
                        }}
                    </p>
                }
                .into_any(),
                None => ().into_any(),
            }}
            <ol class="version-list">
                {move || {
                    let listed = versions.get();
                    let newest_id = listed.first().map(|a| a.version.id.clone());
                    listed
                        .into_iter()
                        .map(|approved| {
                            let version = approved.version.clone();
                            let version_name = version.name.clone();
                            let approvers = approved.approvers.clone();
                            let id = version.id.clone();
                            let (view_id, compare_id, restore_id) = (id.clone(), id.clone(), id.clone());
                            let vs_newest = newest_id.clone().filter(|n| *n != id);
                            view! {
                                <li class="named-version" data-testid="named-version" data-name=version_name>
                                    <VersionLine version approvers />
                                    <div class="version-actions">
                                        <button
                                            type="button"
                                            class="secondary"
                                            data-testid="version-view"
                                            on:click=move |_| showing.set(Showing::View(view_id.clone()))
                                        >
                                            {move || i18n.pick(L::new("查看", "View"))}
                                        </button>
                                        <button
                                            type="button"
                                            class="secondary"
                                            data-testid="version-compare"
                                            on:click=move |_| showing.set(Showing::Compare(compare_id.clone(), None))
                                        >
                                            {move || i18n.pick(L::new("与现在对比", "Compare with now"))}
                                        </button>
                                        {vs_newest.map(|newer| {
                                            let older = id.clone();
                                            view! {
                                                <button
                                                    type="button"
                                                    class="secondary"
                                                    data-testid="version-compare-newest"
                                                    on:click=move |_| showing.set(Showing::Compare(older.clone(), Some(newer.clone())))
                                                >
                                                    {move || i18n.pick(L::new("与最新版本对比", "Compare with the newest"))}
                                                </button>
                                            }
                                        })}
                                        <Show when=move || may_edit.get()>
                                            {
                                                let restore_id = restore_id.clone();
                                                view! {
                                                    <ConfirmButton
                                                        label=Signal::derive(move || i18n.pick(L::new("恢复", "Restore")).to_owned())
                                                        question=Signal::derive(move || i18n.pick(L::new(
                                                            "把标题、字段和表格恢复为这个版本？这是一次新的修改，历史会保留。",
                                                            "Bring the title, fields and tables back to this version? It is a new change, kept in the history.",
                                                        )).to_owned())
                                                        confirm=Signal::derive(move || i18n.pick(L::new("恢复", "Restore")).to_owned())
                                                        testid="version-restore"
                                                        on_confirm=Callback::new(move |()| restore(restore_id.clone()))
                                                    />
                                                }
                                            }
                                        </Show>
                                    </div>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
            <Show when=move || versions.with(Vec::is_empty)>
                <p class="versions-note">
                    {move || i18n.pick(L::new("还没有版本。", "No versions yet."))}
                </p>
            </Show>
            {move || match showing.get() {
                Showing::Nothing => ().into_any(),
                Showing::View(id) => view! { <VersionView ctx id /> }.into_any(),
                Showing::Compare(a, b) => view! { <VersionCompare ctx a b /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn VersionLine(version: Version, approvers: Vec<concord_model::PersonId>) -> impl IntoView {
    let i18n = I18n::expect();
    let names = Names::expect();
    let by = version.by.to_string();
    view! {
        <p class="version-head">
            <strong class="version-name-shown">{version.name.clone()}</strong>
            " "
            <span class="history-at">{move || names.person(&by)} " · " {show_ms(version.at)}</span>
        </p>
        {(!version.note.is_empty()).then(|| view! { <p class="version-note">{version.note.clone()}</p> })}
        {(!approvers.is_empty()).then(|| {
            let approvers = approvers.clone();
            view! {
                <p class="version-approvers">
                    {move || i18n.pick(L::new("审批通过：", "Approved by: "))}
                    {move || approvers.iter().map(|p| names.person(p.as_str())).collect::<Vec<_>>().join(", ")}
                </p>
            }
        })}
    }
}

/// A version read-only: its title, fields and rows as they were.
#[component]
fn VersionView(ctx: DocContext, id: VersionId) -> impl IntoView {
    let i18n = I18n::expect();
    let names = Names::expect();
    let shown = move || {
        let locale = i18n.locale();
        let book = names.book().get();
        ctx.inspect_untracked(|doc| {
            let name = name_of(doc, &id)?;
            let old = doc.at_version(&id).ok()?;
            Some((name, snapshot(&old, &book, locale)))
        })
        .flatten()
    };
    move || match shown() {
        None => view! { <VersionMissing /> }.into_any(),
        Some((name, snap)) => {
            let heading = name.clone();
            view! {
            <section class="version-view" data-testid="version-view-shown" data-name=name.clone()>
                <h3>{heading} " · " {move || i18n.pick(L::new("只读", "read-only"))}</h3>
                <p class="version-title" data-testid="version-title">{snap.title}</p>
                <dl class="version-fields">
                    {snap
                        .fields
                        .into_iter()
                        .map(|(label, text)| view! { <dt>{label}</dt> <dd data-testid="version-field">{text}</dd> })
                        .collect_view()}
                </dl>
                {snap
                    .tables
                    .into_iter()
                    .map(|table| {
                        view! {
                            <div class="version-table">
                                <h4>{table.label} " (" {table.rows.len() + table.more} ")"</h4>
                                <div class="version-table-scroll">
                                    <table>
                                        <thead><tr>{table.columns.into_iter().map(|c| view! { <th>{c}</th> }).collect_view()}</tr></thead>
                                        <tbody>
                                            {table
                                                .rows
                                                .into_iter()
                                                .map(|cells| view! {
                                                    <tr data-testid="version-row">{cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                {(table.more > 0).then(|| view! {
                                    <p class="versions-note">
                                        {move || i18n.pick(L::new("另有行未列出：", "Rows not listed: "))}
                                        {table.more}
                                    </p>
                                })}
                            </div>
                        }
                    })
                    .collect_view()}
            </section>
        }
        .into_any()
        }
    }
}

/// A version whose changes are not all here (named on a device whose
/// edits are still on their way).
#[component]
fn VersionMissing() -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <p class="versions-note" role="alert" data-testid="version-missing">
            {move || i18n.pick(L::new(
                "这个版本的内容还没有全部同步到本设备。",
                "Not all of this version has reached this device yet.",
            ))}
        </p>
    }
}

fn name_of(doc: &ConcordDoc, id: &VersionId) -> Option<String> {
    doc.versions()
        .ok()?
        .into_iter()
        .find(|v| v.id == *id)
        .map(|v| v.name)
}

/// A document's filled-in parts as text, for a read-only view.
struct Snapshot {
    title: String,
    fields: Vec<(String, String)>,
    tables: Vec<TableShown>,
}

struct TableShown {
    label: String,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
    more: usize,
}

fn snapshot(doc: &ConcordDoc, book: &NameBook, locale: concord_model::Locale) -> Snapshot {
    let template = doc.template();
    let fields = template
        .fields
        .iter()
        .map(|f| {
            let place = HistoryPlace::Field(f.id.to_owned());
            let value = doc.field(f.id).ok().flatten();
            (
                f.label.get(locale).to_owned(),
                value_text(doc, &place, value.as_ref(), book, locale),
            )
        })
        .collect();
    let tables = template
        .tables
        .iter()
        .map(|table| {
            let rows = doc.rows(table.id).unwrap_or_default();
            let more = rows.len().saturating_sub(ROWS_SHOWN);
            let columns: Vec<&str> = table.columns.to_vec();
            TableShown {
                label: table.label.get(locale).to_owned(),
                columns: columns
                    .iter()
                    .map(|c| {
                        table
                            .fields
                            .iter()
                            .find(|f| f.id == *c)
                            .map_or_else(|| (*c).to_owned(), |f| f.label.get(locale).to_owned())
                    })
                    .collect(),
                rows: rows
                    .iter()
                    .take(ROWS_SHOWN)
                    .map(|row| {
                        columns
                            .iter()
                            .map(|c| {
                                let place = HistoryPlace::Cell {
                                    table: table.id.to_owned(),
                                    row: row.id.clone(),
                                    field: (*c).to_owned(),
                                };
                                match row.cells.get(*c) {
                                    Some(value) => {
                                        value_text(doc, &place, Some(value), book, locale)
                                    }
                                    None => String::new(),
                                }
                            })
                            .collect()
                    })
                    .collect(),
                more,
            }
        })
        .collect();
    Snapshot {
        title: doc.title().unwrap_or_default(),
        fields,
        tables,
    }
}

/// Two states side by side, only where they differ.
#[component]
fn VersionCompare(ctx: DocContext, a: VersionId, b: Option<VersionId>) -> impl IntoView {
    let i18n = I18n::expect();
    let names = Names::expect();
    let compared = move || {
        let locale = i18n.locale();
        let book = names.book().get();
        ctx.inspect_untracked(|doc| {
            let a_name = name_of(doc, &a)?;
            let b_name = match &b {
                Some(b) => name_of(doc, b)?,
                None => i18n.pick(L::new("现在", "Now")).to_owned(),
            };
            let old = doc.at_version(&a).ok()?;
            let lines = match &b {
                Some(b) => {
                    let new = doc.at_version(b).ok()?;
                    compare_lines(&old, &new, &book, locale)
                }
                None => compare_lines(&old, doc, &book, locale),
            };
            Some((a_name, b_name, lines))
        })
        .flatten()
    };
    move || match compared() {
        None => view! { <VersionMissing /> }.into_any(),
        Some((a_name, b_name, lines)) => {
            let same = lines.is_empty();
            let count = lines.len();
            view! {
                <section class="version-compare" data-testid="version-compare-shown" data-differences=count>
                    <h3>{a_name.clone()} " ↔ " {b_name.clone()}</h3>
                    {same.then(|| view! {
                        <p class="versions-note">{move || i18n.pick(L::new("两者没有不同。", "No differences."))}</p>
                    })}
                    <div class="version-table-scroll">
                        <table class="compare-table">
                            <thead>
                                <tr>
                                    <th>{move || i18n.pick(L::new("位置", "Where"))}</th>
                                    <th>{a_name}</th>
                                    <th>{b_name}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {lines
                                    .into_iter()
                                    .map(|(place, before, after)| view! {
                                        <tr data-testid="difference">
                                            <th scope="row">{place}</th>
                                            <td class="compare-before" data-testid="difference-before">{before}</td>
                                            <td class="compare-after" data-testid="difference-after">{after}</td>
                                        </tr>
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
            }
            .into_any()
        }
    }
}

/// Each difference as (where, then, now) texts.
fn compare_lines(
    old: &ConcordDoc,
    new: &ConcordDoc,
    book: &NameBook,
    locale: concord_model::Locale,
) -> Vec<(String, String, String)> {
    let said = |l: L| l.get(locale).to_owned();
    let row_caption = |doc: &ConcordDoc, table: &str, row: &concord_model::RowId| {
        let first = doc
            .template()
            .table(table)
            .and_then(|t| t.columns.first().copied());
        first
            .and_then(|field| {
                let value = doc.row_cells(table, row).ok()?.remove(field)?;
                let place = HistoryPlace::Cell {
                    table: table.to_owned(),
                    row: row.clone(),
                    field: field.to_owned(),
                };
                Some(value_text(doc, &place, Some(&value), book, locale))
            })
            .unwrap_or_default()
    };
    new.differences_from(old)
        .into_iter()
        .map(|(place, edit)| {
            let label = place_label(new, &place, locale);
            match (&place, edit) {
                (HistoryPlace::Row { table, row }, HistoryEdit::RowAdded) => (
                    label,
                    said(L::new("（无此行）", "(no such row)")),
                    format!(
                        "{} {}",
                        said(L::new("新增行：", "Added row:")),
                        row_caption(new, table, row)
                    ),
                ),
                (HistoryPlace::Row { table, row }, HistoryEdit::RowRemoved) => (
                    label,
                    row_caption(old, table, row),
                    said(L::new("（已删除）", "(removed)")),
                ),
                (_, HistoryEdit::Set { before, after }) => (
                    label,
                    value_text(old, &place, before.as_ref(), book, locale),
                    value_text(new, &place, after.as_ref(), book, locale),
                ),
                (_, _) => (label, String::new(), String::new()),
            }
        })
        .collect()
}
