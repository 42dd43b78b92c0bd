//! Editors picked from: single and multiple choice, checkbox, rating.

use concord_model::Value;
use leptos::prelude::*;

use super::Editor;
use crate::i18n::I18n;

/// One option of the field's, as a native select (a phone's own picker).
#[component]
pub fn SingleChoiceEditor(ed: Editor) -> impl IntoView {
    let i18n = I18n::expect();
    let chosen = move || match ed.value.get() {
        Some(Value::Choice(c)) => c,
        _ => String::new(),
    };
    let options = move || {
        let locale = i18n.locale();
        ed.spec.with_value(|s| {
            s.options
                .iter()
                .map(|o| (o.id.clone(), o.label.shown(locale).to_owned()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <select
            class="field-input"
            id=ed.input_id()
            data-testid="field-input"
            disabled=move || ed.read_only()
            prop:value=chosen
            on:change=move |ev| {
                let id = event_target_value(&ev);
                if !id.is_empty() {
                    ed.write(Value::Choice(id));
                }
            }
        >
            <option value="" disabled=true selected=move || chosen().is_empty()>
                "—"
            </option>
            {move || {
                let current = chosen();
                options()
                    .into_iter()
                    .map(|(id, label)| {
                        let selected = id == current;
                        view! {
                            <option value=id selected=selected>
                                {label}
                            </option>
                        }
                    })
                    .collect_view()
            }}
        </select>
    }
}

/// Several options, as chips that toggle.
#[component]
pub fn MultipleChoiceEditor(ed: Editor) -> impl IntoView {
    let i18n = I18n::expect();
    let chosen = move || match ed.value.get() {
        Some(Value::Choices(c)) => c,
        _ => Vec::new(),
    };
    let toggle = move |id: String| {
        let mut now = match ed.value.get_untracked() {
            Some(Value::Choices(c)) => c,
            _ => Vec::new(),
        };
        match now.iter().position(|c| *c == id) {
            Some(i) => {
                now.remove(i);
            }
            None => now.push(id),
        }
        ed.write(Value::Choices(now));
    };
    view! {
        <div class="chips" role="group" id=ed.input_id()>
            {move || {
                let locale = i18n.locale();
                let current = chosen();
                ed.spec
                    .with_value(|s| s.options.clone())
                    .into_iter()
                    .enumerate()
                    .map(|(i, o)| {
                        let on = current.contains(&o.id);
                        let id = o.id.clone();
                        view! {
                            <label class="chip" class:on=on>
                                <input
                                    type="checkbox"
                                    data-testid=(i == 0).then_some("field-input")
                                    data-option=o.id.clone()
                                    checked=on
                                    disabled=move || ed.read_only()
                                    on:change=move |_| toggle(id.clone())
                                />
                                {o.label.shown(locale).to_owned()}
                            </label>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

#[component]
pub fn CheckboxEditor(ed: Editor) -> impl IntoView {
    let checked = move || matches!(ed.value.get(), Some(Value::Checkbox(true)));
    view! {
        <input
            class="field-checkbox"
            type="checkbox"
            id=ed.input_id()
            data-testid="field-input"
            prop:checked=checked
            disabled=move || ed.read_only()
            on:change=move |ev| ed.write(Value::Checkbox(event_target_checked(&ev)))
        />
    }
}

/// Stars from 1 to `max`; tapping one sets the score.
#[component]
pub fn RatingEditor(ed: Editor, max: u8) -> impl IntoView {
    let score = move || match ed.value.get() {
        Some(Value::Rating(r)) => r,
        _ => 0,
    };
    view! {
        <div class="rating" role="group" id=ed.input_id()>
            {(1..=max)
                .map(|n| {
                    view! {
                        <button
                            type="button"
                            class="star"
                            class:on=move || n <= score()
                            data-testid=(n == 1).then_some("field-input")
                            data-score=n.to_string()
                            aria-label=n.to_string()
                            aria-pressed=move || (n == score()).to_string()
                            disabled=move || ed.read_only()
                            on:click=move |_| ed.write(Value::Rating(n))
                        >
                            {move || if n <= score() { "★" } else { "☆" }}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
