//! One row opened: every cell as an editor, and what may be done to the
//! row (move, insert below, hand over, delete). Full screen on a phone, a
//! side panel on a desktop.

use concord_model::{
    CommentTarget, ConcordDoc, DocResult, FieldKind, HistoryScope, Localized as L, PersonId,
    Refusal, RowId, TableDef, Transition, Value, Who,
};
use leptos::prelude::*;

use super::{
    Comments, DocContext, FieldEditor, FieldPlace, HistoryFocus, LastChangedButton,
    row_new_form::begin_new_row, table_rows::TableRows, task_steps_panel::TaskStepsPanel,
};
use crate::{
    components::{ConfirmButton, DirectoryField, Names},
    i18n::I18n,
    repo::CryptoRng,
};

const DELETE: L = L::new("删除", "Delete");
/// The one person a row answers to (唯一负责人).
const ROW_OWNER: L = L::new("本行负责人", "Responsible for this row");

/// Hands a row to `person`: where the table names its responsible person in
/// a cell (`Workflow::owner_cell`), that cell is the row's owner (one
/// concept); elsewhere the row's own owner.
pub fn hand_over(
    doc: &mut ConcordDoc,
    table: &str,
    row: &RowId,
    person: &PersonId,
) -> DocResult<()> {
    match doc.template().workflow.owner_cell(table) {
        Some(cell) => doc.set_cell(table, row, cell, Value::Person(person.to_string())),
        None => doc.set_row_owner(table, row, Some(person)),
    }
}

/// Why an action is refused, in the reader's language; `None` when allowed.
pub fn refusal_text(answer: Option<Result<(), Refusal>>, i18n: I18n) -> Option<String> {
    match answer {
        None => Some(
            i18n.pick(L::new("文档无法读取", "The document cannot be read"))
                .to_owned(),
        ),
        Some(Ok(())) => None,
        Some(Err(refusal)) => Some(refusal.message(i18n.locale())),
    }
}

/// Takes the focus off whatever is being typed into, so its `change` (what
/// writes a one-line input) fires now, while its editor is still there:
/// closing the sheet first would drop the editor under the typing.
fn commit_typing() {
    use wasm_bindgen::JsCast;
    if let Some(active) = document()
        .active_element()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        active.blur().ok();
    }
}

#[component]
pub fn RowSheet(
    table: &'static TableDef,
    row: RowId,
    rows: Memo<TableRows>,
    /// The open row; the sheet closes by clearing it.
    open: RwSignal<Option<RowId>>,
    /// The new-row form, opened by "insert below" after the first state.
    form: RwSignal<Option<Option<RowId>>>,
) -> impl IntoView {
    let ctx = DocContext::expect();
    let i18n = I18n::expect();
    let names = Names::expect();
    let id = StoredValue::new(row);
    let index = Memo::new(move |_| rows.with(|r| r.index_of(&id.read_value())));
    let count = Memo::new(move |_| rows.with(TableRows::len));
    let owner = Memo::new(move |_| {
        let i = index.get()?;
        rows.with(|r| r.rows.get(i).and_then(|row| row.owner.clone()))
    });
    let order_refusal = Signal::derive(move || {
        refusal_text(ctx.permissions().map(|p| p.may_order_rows(table.id)), i18n)
    });
    let delete_refusal = Signal::derive(move || {
        let answer = ctx
            .permissions()
            .map(|p| p.may_delete_row(table.id, owner.get().as_ref()));
        refusal_text(answer, i18n)
    });
    let handover_refusal = Signal::derive(move || {
        let row = id.get_value();
        let answer = ctx
            .permissions()
            .map(|p| p.may_hand_over_row(table.id, &row.0));
        refusal_text(answer, i18n)
    });
    // The row owner's own steps (the task tracker's "owner confirms"), and
    // who confirmed the row in this round.
    let row_steps = Memo::new(move |_| {
        let who = owner.get();
        let perms = ctx.permissions();
        ctx.read_keys(|doc| {
            let status = doc.meta().ok()?.status;
            let steps: Vec<Transition> = doc
                .template()
                .workflow
                .from(&status)
                .filter(|t| t.who == Who::RowOwner)
                .filter(|t| {
                    perms
                        .as_ref()
                        .is_some_and(|p| p.may_take(t.id, None, who.as_ref()).is_ok())
                })
                .copied()
                .collect();
            Some(steps)
        })
        .flatten()
        .unwrap_or_default()
    });
    let confirmed_by = Memo::new(move |_| {
        ctx.read_keys(|doc| {
            doc.row_confirmed_by(table.id, &id.read_value())
                .ok()
                .flatten()
        })
        .flatten()
    });
    let confirm = move |step: Transition| {
        let me = ctx.me().id;
        let now = js_sys::Date::now() as i64;
        let _ = ctx.change(|doc| {
            doc.confirm_row(
                &me,
                step.id,
                table.id,
                &id.read_value(),
                now,
                &mut CryptoRng,
            )
        });
    };
    let close = move || open.set(None);
    let move_to = move |up: bool| {
        let Some(i) = index.get_untracked() else {
            return;
        };
        // Up: after the row two above (or first); down: after the next one.
        let after = rows.with_untracked(|r| match up {
            true if i == 0 => None,
            true => Some(i.checked_sub(2).map(|a| r.rows[a].id.clone())),
            false => r.rows.get(i + 1).map(|next| Some(next.id.clone())),
        });
        if let Some(after) = after {
            let _ = ctx.change(|doc| doc.move_row(table.id, &id.read_value(), after.as_ref()));
        }
    };
    let delete = Callback::new(move |()| {
        if ctx
            .change(|doc| doc.delete_row(table.id, &id.read_value()))
            .is_ok()
        {
            close();
        }
    });
    // The person picked to take the row over, until "hand over" is pressed.
    let new_owner = RwSignal::new(None::<Value>);
    let bad_owner = RwSignal::new(false);
    let hand_over = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked = match new_owner.get_untracked() {
            Some(Value::Person(p)) => p.parse::<PersonId>().ok(),
            _ => None,
        };
        match picked {
            Some(person) => {
                bad_owner.set(false);
                if ctx
                    .change(|doc| hand_over(doc, table.id, &id.read_value(), &person))
                    .is_ok()
                {
                    new_owner.set(None);
                }
            }
            None => bad_owner.set(true),
        }
    };
    let title = move || {
        let number = index
            .get()
            .map(|i| format!(" · #{}", i + 1))
            .unwrap_or_default();
        format!("{}{number}", i18n.pick(table.label))
    };
    let gone = move || index.get().is_none();
    let template_id = ctx
        .read_untracked(|doc| doc.template().id.0)
        .unwrap_or_default();
    let has_steps =
        concord_model::views::task_shapes(template_id).any(|s| s.table == table.id && s.steps);
    view! {
        <div class="row-sheet-backdrop" on:click=move |_| close()></div>
        <aside
            class="row-sheet"
            role="dialog"
            aria-modal="true"
            aria-label=title
            data-testid="row-sheet"
            data-row-id=id.get_value().0
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    commit_typing();
                    close();
                }
            }
        >
            <header class="row-sheet-header">
                <h3 class="row-sheet-title">{title}</h3>
                <button
                    type="button"
                    class="link"
                    data-testid="row-history"
                    on:click=move |_| {
                        commit_typing();
                        close();
                        HistoryFocus::open(HistoryScope::Row {
                            table: table.id.to_owned(),
                            row: id.get_value(),
                        });
                    }
                >
                    {move || i18n.pick(L::new("历史", "History"))}
                </button>
                <button
                    type="button"
                    class="button row-sheet-close"
                    data-testid="row-sheet-close"
                    aria-label=move || i18n.pick(L::new("关闭", "Close"))
                    on:click=move |_| close()
                >
                    "✕"
                </button>
            </header>
            <p class="row-sheet-gone" role="status" hidden=move || !gone()>
                {move || i18n.pick(L::new("这一行已被删除。", "This row has been deleted."))}
            </p>
            <div class="row-sheet-body" hidden=gone>
                <div class="row-actions">
                    <button
                        type="button"
                        class="button"
                        data-testid="row-move-up"
                        disabled=move || order_refusal.get().is_some() || index.get() == Some(0)
                        title=move || order_refusal.get()
                        on:click=move |_| move_to(true)
                    >
                        "↑ "
                        {move || i18n.pick(L::new("上移", "Move up"))}
                    </button>
                    <button
                        type="button"
                        class="button"
                        data-testid="row-move-down"
                        disabled=move || {
                            order_refusal.get().is_some()
                                || index.get().is_none_or(|i| i + 1 >= count.get())
                        }
                        title=move || order_refusal.get()
                        on:click=move |_| move_to(false)
                    >
                        "↓ "
                        {move || i18n.pick(L::new("下移", "Move down"))}
                    </button>
                    <button
                        type="button"
                        class="button"
                        data-testid="row-add-below"
                        disabled=move || order_refusal.get().is_some()
                        title=move || order_refusal.get()
                        on:click=move |_| begin_new_row(ctx, table.id, Some(id.get_value()), open, form)
                    >
                        "+ "
                        {move || i18n.pick(L::new("在下方插入", "Insert below"))}
                    </button>
                    <ConfirmButton
                        label=Signal::derive(move || i18n.pick(DELETE).to_owned())
                        question=Signal::derive(move || {
                            i18n.pick(L::new(
                                "删除这一行？它的内容和评论都会删除。",
                                "Delete this row? Its cells and comments go with it.",
                            ))
                            .to_owned()
                        })
                        confirm=Signal::derive(move || i18n.pick(DELETE).to_owned())
                        testid="row-delete"
                        disabled=Signal::derive(move || delete_refusal.get().is_some())
                        title=delete_refusal
                        on_confirm=delete
                    />
                </div>
                <form class="row-owner" on:submit=hand_over>
                    <span class="row-owner-label">
                        {move || i18n.pick(ROW_OWNER)} ": "
                        <strong data-testid="row-owner" data-person=move || owner.get().map(|p| p.to_string())>
                            {move || owner.get().map(|p| names.person(p.as_str())).unwrap_or_else(|| "—".into())}
                        </strong>
                    </span>
                    <DirectoryField
                        kind=FieldKind::Person
                        value=new_owner
                        on_value=Callback::new(move |person| {
                            bad_owner.set(false);
                            new_owner.set(Some(person));
                        })
                        disabled=Signal::derive(move || handover_refusal.get().is_some())
                        class="cell-input"
                        testid="row-owner-input"
                        label=Signal::derive(move || i18n.pick(L::new("新负责人", "New owner")).to_owned())
                    />
                    <button
                        type="submit"
                        class="button"
                        data-testid="row-owner-save"
                        disabled=move || handover_refusal.get().is_some()
                        title=move || handover_refusal.get()
                    >
                        {move || i18n.pick(L::new("转交", "Hand over"))}
                    </button>
                    <span class="row-owner-bad" role="alert" hidden=move || !bad_owner.get()>
                        {move || i18n.pick(L::new("请先从目录中选择一人。", "Choose a person from the directory first."))}
                    </span>
                </form>
                {move || {
                    confirmed_by
                        .get()
                        .map(|by| {
                            view! {
                                <p class="row-confirmed" data-testid="row-confirmed" data-person=by.to_string()>
                                    "✓ " {names.person(by.as_str())} " "
                                    {move || i18n.pick(L::new("已确认", "confirmed"))}
                                </p>
                            }
                        })
                }}
                <Show when=move || confirmed_by.get().is_none()>
                    <div class="row-steps">
                        {move || {
                            row_steps
                                .get()
                                .into_iter()
                                .map(|step| {
                                    view! {
                                        <button
                                            type="button"
                                            class="button transition"
                                            data-testid="row-step"
                                            data-transition=step.id
                                            on:click=move |_| confirm(step)
                                        >
                                            {move || i18n.pick(step.label)}
                                        </button>
                                    }
                                })
                                .collect_view()
                        }}
                    </div>
                </Show>
                {has_steps.then(|| view! { <TaskStepsPanel table=table.id row=id.get_value() /> })}
                <div class="row-cells">
                    {table
                        .fields
                        .iter()
                        .filter(|def| !concord_model::is_task_step_cell(template_id, table.id, def.id))
                        .map(|def| {
                            let place = FieldPlace::Cell {
                                table: table.id.to_owned(),
                                row: id.get_value(),
                                field: def.id.to_owned(),
                            };
                            let label_for = place.dom_id();
                            let cell = HistoryScope::Cell {
                                table: table.id.to_owned(),
                                row: id.get_value(),
                                field: def.id.to_owned(),
                            };
                            let leave = Callback::new(move |()| {
                                commit_typing();
                                close();
                            });
                            view! {
                                <div class="row-cell" data-testid="field" data-field-id=def.id>
                                    <div class="field-head">
                                        <label class="row-cell-label" for=label_for>
                                            {move || i18n.pick(def.label)}
                                            {def.required.then_some(" *")}
                                        </label>
                                        <LastChangedButton scope=cell before_open=leave />
                                    </div>
                                    <FieldEditor place spec=def />
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
                <Comments target=Some(CommentTarget::Row {
                    table: table.id.to_owned(),
                    row: id.get_value(),
                }) />
            </div>
        </aside>
    }
}
