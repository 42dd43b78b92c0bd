//! The small form that adds a row once a document has left its first state:
//! the row must arrive with its required cells, in the same change.

use std::collections::BTreeMap;

use concord_model::{FieldDef, Localized as L, RowId, TableDef, Value};
use leptos::prelude::*;

use super::{DocContext, row_cell_input::ValueInput};
use crate::{i18n::I18n, repo::CryptoRng};

/// Adds a row placed after `after` (or first), its owner and `cells` in one
/// change; returns the new row's id. Where the table has an owner cell, the
/// person in it is the row's owner (one concept): whoever adds the row
/// names them, or is named themselves. A document owner's row also gives
/// everyone it names to act an editor's role (`grant_named_to_act`), so an
/// owner named in a plan or a tracker can read and do their part.
pub fn create_row(
    ctx: DocContext,
    table: &'static str,
    after: Option<RowId>,
    cells: Vec<(&'static str, Value)>,
) -> Option<RowId> {
    let me = ctx.me().id;
    let grants = ctx
        .permissions_untracked()
        .is_some_and(|p| p.may_change_acl().is_ok());
    let cells = cells
        .into_iter()
        .map(|(field, value)| (field.to_owned(), value))
        .collect();
    ctx.change(|doc| {
        let row = doc.add_filled_row(table, after.as_ref(), cells, &me, &mut CryptoRng)?;
        if grants {
            doc.grant_named_to_act()?;
        }
        Ok(row)
    })
    .ok()
}

/// Adding a row after `after` (or first). In the document's first state a
/// row may be saved half written: it is added at once and opened in `open`.
/// Later its required cells must come with it, so `form` asks for them first.
pub fn begin_new_row(
    ctx: DocContext,
    table: &'static str,
    after: Option<RowId>,
    open: RwSignal<Option<RowId>>,
    form: RwSignal<Option<Option<RowId>>>,
) {
    let cells_first = ctx
        .permissions_untracked()
        .is_none_or(|p| p.new_rows_need_required_cells());
    if !cells_first {
        if let Some(row) = create_row(ctx, table, after, Vec::new()) {
            open.set(Some(row));
        }
    } else {
        open.set(None);
        form.set(Some(after));
    }
}

/// The required cells of a new row; `on_done` gets the created row, or
/// `None` when the person cancels.
#[component]
pub fn RowNewForm(
    table: &'static TableDef,
    after: Option<RowId>,
    on_done: Callback<Option<RowId>>,
) -> impl IntoView {
    let ctx = DocContext::expect();
    let i18n = I18n::expect();
    let drafts = RwSignal::new(BTreeMap::<&'static str, Value>::new());
    let missing = RwSignal::new(false);
    let required: Vec<&'static FieldDef> = table.fields.iter().filter(|f| f.required).collect();
    let after = StoredValue::new(after);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let cells: Vec<(&'static str, Value)> = drafts.get_untracked().into_iter().collect();
        let all_filled = table
            .fields
            .iter()
            .filter(|f| f.required)
            .all(|f| cells.iter().any(|(id, v)| *id == f.id && !v.is_blank()));
        missing.set(!all_filled);
        if !all_filled {
            return;
        }
        if let Some(row) = create_row(ctx, table.id, after.get_value(), cells) {
            on_done.run(Some(row));
        }
    };
    view! {
        <form class="new-row-form" data-testid="new-row-form" on:submit=save>
            <h3 class="new-row-title">
                {move || i18n.pick(L::new("新增一行", "New row"))} " · " {move || i18n.pick(table.label)}
            </h3>
            {required
                .into_iter()
                .map(|def| {
                    let value = Signal::derive(move || drafts.with(|d| d.get(def.id).cloned()));
                    let no_refusal = Signal::<Option<String>>::stored(None);
                    let on_value = Callback::new(move |v: Value| {
                        drafts.update(|d| {
                            d.insert(def.id, v);
                        });
                    });
                    view! {
                        <div class="row-cell">
                            <span class="row-cell-label">{move || i18n.pick(def.label)} " *"</span>
                            <ValueInput def value refusal=no_refusal on_value />
                        </div>
                    }
                })
                .collect_view()}
            <p class="new-row-missing" role="alert" hidden=move || !missing.get()>
                {move || i18n.pick(L::new("请填写所有必填项（*）。", "Fill in every required cell (*)."))}
            </p>
            <div class="new-row-actions">
                <button type="button" class="button" on:click=move |_| on_done.run(None)>
                    {move || i18n.pick(L::new("取消", "Cancel"))}
                </button>
                <button type="submit" class="button button-primary" data-testid="new-row-save">
                    {move || i18n.pick(L::new("添加", "Add"))}
                </button>
            </div>
        </form>
    }
}
