//! The new-row form's controls: one per field kind, holding a value before
//! the row exists (a stored row's cells use the document-bound `FieldEditor`).

use concord_model::{FieldDef, FieldKind, Localized as L, Value};
use leptos::prelude::*;

use super::{
    cell_text::cell_text,
    date_input::DateInput,
    row_cell_value::{input_text, parse_input},
};
use crate::{components::DirectoryField, i18n::I18n};

/// The control for a field's kind, showing `value`; calls `on_value` with
/// each new value. Disabled, saying why, while `refusal` holds a reason.
#[component]
pub fn ValueInput(
    def: &'static FieldDef,
    #[prop(into)] value: Signal<Option<Value>>,
    #[prop(into)] refusal: Signal<Option<String>>,
    on_value: Callback<Value>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let disabled = move || refusal.get().is_some();
    let title = move || refusal.get();
    let label = move || i18n.pick(def.label);
    // A typed text that is no value of the kind puts the stored one back.
    let accepted =
        move |text: &str| match parse_input(&def.kind, text, value.get_untracked().as_ref()) {
            Ok(Some(v)) => {
                on_value.run(v);
                true
            }
            Ok(None) | Err(_) => false,
        };
    let typed = move |ev: leptos::ev::Event| {
        if !accepted(&event_target_value(&ev)) {
            let shown = input_text(value.get_untracked().as_ref());
            if let Some(input) = ev.target() {
                let _ = js_sys::Reflect::set(&input, &"value".into(), &shown.into());
            }
        }
    };
    let shown = move || input_text(value.get().as_ref());
    match def.kind {
        FieldKind::LongText => view! {
            <textarea
                class="cell-input cell-textarea"
                data-testid="cell-input"
                data-field-id=def.id
                aria-label=label
                rows="4"
                prop:value=shown
                disabled=disabled
                title=title
                on:change=typed
            ></textarea>
        }
        .into_any(),
        FieldKind::SingleChoice(options) => view! {
            <select
                class="cell-input"
                data-testid="cell-input"
                data-field-id=def.id
                aria-label=label
                disabled=disabled
                title=title
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    if !id.is_empty() {
                        on_value.run(Value::Choice(id));
                    }
                }
            >
                <option value="" disabled=true selected=move || value.get().is_none()>
                    {move || i18n.pick(L::new("请选择", "Choose"))}
                </option>
                {options
                    .iter()
                    .map(|o| {
                        let selected = move || {
                            matches!(value.get(), Some(Value::Choice(c)) if c == o.id)
                        };
                        view! {
                            <option value=o.id selected=selected>{move || i18n.pick(o.label)}</option>
                        }
                    })
                    .collect_view()}
            </select>
        }
        .into_any(),
        FieldKind::MultipleChoice(options) => view! {
            <fieldset
                class="cell-input cell-choices"
                data-testid="cell-input"
                data-field-id=def.id
                disabled=disabled
                title=title
            >
                <legend class="visually-hidden">{label}</legend>
                {options
                    .iter()
                    .map(|o| {
                        let chosen = move || match value.get() {
                            Some(Value::Choices(c)) => c,
                            _ => Vec::new(),
                        };
                        view! {
                            <label class="cell-choice">
                                <input
                                    type="checkbox"
                                    value=o.id
                                    prop:checked=move || chosen().iter().any(|c| c == o.id)
                                    on:change=move |ev| {
                                        let mut now = chosen();
                                        now.retain(|c| c != o.id);
                                        if event_target_checked(&ev) {
                                            now.push(o.id.to_owned());
                                        }
                                        on_value.run(Value::Choices(now));
                                    }
                                />
                                <span>{move || i18n.pick(o.label)}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
        }
        .into_any(),
        FieldKind::Checkbox => view! {
            <input
                type="checkbox"
                class="cell-input cell-checkbox"
                data-testid="cell-input"
                data-field-id=def.id
                aria-label=label
                prop:checked=move || matches!(value.get(), Some(Value::Checkbox(true)))
                disabled=disabled
                title=title
                on:change=move |ev| on_value.run(Value::Checkbox(event_target_checked(&ev)))
            />
        }
        .into_any(),
        FieldKind::Rating { max } => view! {
            <div
                class="cell-input cell-rating"
                role="group"
                aria-label=label
                data-testid="cell-input"
                data-field-id=def.id
                title=title
            >
                {(1..=max)
                    .map(|n| {
                        let on = move || matches!(value.get(), Some(Value::Rating(r)) if r >= n);
                        view! {
                            <button
                                type="button"
                                class="cell-star"
                                class:on=on
                                aria-pressed=move || on().to_string()
                                aria-label=n.to_string()
                                disabled=disabled
                                on:click=move |_| on_value.run(Value::Rating(n))
                            >
                                "★"
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        }
        .into_any(),
        FieldKind::Date | FieldKind::DateTime => {
            let date: NodeRef<leptos::html::Input> = NodeRef::new();
            let typed_date = move |text: String| {
                if !accepted(&text)
                    && let Some(el) = date.get_untracked()
                {
                    let shown = value.get_untracked().map(|v| cell_text(&def.kind, &v, i18n.locale_untracked()));
                    el.set_value(&shown.unwrap_or_default());
                }
            };
            view! {
                <DateInput
                    kind=def.kind
                    value
                    disabled=Signal::derive(disabled)
                    on_text=Callback::new(typed_date)
                    input=date
                    class="cell-input"
                    testid="cell-input"
                    field_id=def.id
                    label=Signal::derive(move || label().to_owned())
                    title=Signal::derive(title)
                />
            }
            .into_any()
        }
        FieldKind::Person | FieldKind::People | FieldKind::Department | FieldKind::Departments => {
            view! {
                <DirectoryField
                    kind=def.kind
                    value
                    on_value
                    disabled=Signal::derive(disabled)
                    class="cell-input"
                    testid="cell-input"
                    field_id=def.id
                    label=Signal::derive(move || label().to_owned())
                />
            }
            .into_any()
        }
        // Files are attached in the row's sheet once the row exists; here they are counted.
        FieldKind::Attachment => view! {
            <p class="cell-input cell-readonly" data-testid="cell-input" data-field-id=def.id>
                {move || {
                    value.get().map(|v| cell_text(&def.kind, &v, i18n.locale())).unwrap_or_default()
                }}
            </p>
        }
        .into_any(),
        kind => {
            let (input_type, mode) = match kind {
                FieldKind::Number => ("number", "decimal"),
                FieldKind::Money => ("text", "decimal"),
                _ => ("text", "text"),
            };
            view! {
                <input
                    type=input_type
                    inputmode=mode
                    step=(kind == FieldKind::Number).then_some("any")
                    class="cell-input"
                    data-testid="cell-input"
                    data-field-id=def.id
                    aria-label=label
                    prop:value=shown
                    disabled=disabled
                    title=title
                    on:change=typed
                />
            }
            .into_any()
        }
    }
}
