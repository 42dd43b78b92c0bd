//! Editors typed into: one-line inputs, long text and money.

use automerge::ChangeHash;
use concord_model::{Value, input_text};
use leptos::{html, prelude::*};

use super::{
    super::date_input::DateInput,
    Editor,
    input_text::{chars_to_utf16, splice_between, utf16_to_chars},
};
use crate::browser_zone::BrowserZone;

/// A one-line input: text, number, person, department, link.
#[component]
pub fn LineEditor(
    ed: Editor,
    #[prop(optional)] list: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let shown = move || {
        ed.value
            .get()
            .as_ref()
            .map(|value| input_text(value, &BrowserZone))
            .unwrap_or_default()
    };
    let input: NodeRef<html::Input> = NodeRef::new();
    ed.commit_on_cleanup(input, String::new);
    view! {
        <input
            node_ref=input
            class="field-input"
            type="text"
            id=ed.input_id()
            data-testid="field-input"
            list=list
            inputmode=inputmode
            prop:value=shown
            disabled=move || ed.read_only()
            aria-invalid=move || ed.problem.get().is_some().to_string()
            on:change=move |ev| ed.write_typed(&event_target_value(&ev), "")
        />
    }
}

/// A date, or a date-time on this browser's clocks, as the workspace
/// writes them in either language (see `DateInput`).
#[component]
pub fn DateEditor(ed: Editor) -> impl IntoView {
    let input: NodeRef<html::Input> = NodeRef::new();
    ed.commit_on_cleanup(input, String::new);
    view! {
        <DateInput
            kind=ed.kind()
            value=Signal::derive(move || ed.value.get())
            disabled=Signal::derive(move || ed.read_only())
            on_text=Callback::new(move |text: String| ed.write_typed(&text, ""))
            input
            class="field-input"
            testid="field-input"
            id=ed.input_id()
        />
    }
}

/// An amount in minor units shown as a decimal, with its currency.
#[component]
pub fn MoneyEditor(ed: Editor) -> impl IntoView {
    let currency = RwSignal::new(String::from("CNY"));
    Effect::new(move || {
        if let Some(Value::Money { currency: c, .. }) = ed.value.get() {
            currency.set(c);
        }
    });
    let amount = move || match ed.value.get() {
        Some(value @ Value::Money { .. }) => input_text(&value, &BrowserZone),
        _ => String::new(),
    };
    let change_currency = move |code: String| {
        currency.set(code.clone());
        if let Some(Value::Money { minor, .. }) = ed.value.get_untracked() {
            ed.write(Value::Money {
                minor,
                currency: code,
            });
        }
    };
    let input: NodeRef<html::Input> = NodeRef::new();
    ed.commit_on_cleanup(input, move || {
        currency.try_get_untracked().unwrap_or_default()
    });
    view! {
        <div class="money-input">
            <input
                node_ref=input
                class="field-input"
                type="text"
                inputmode="decimal"
                id=ed.input_id()
                data-testid="field-input"
                prop:value=amount
                disabled=move || ed.read_only()
                on:change=move |ev| {
                    let currency = currency.try_get_untracked().unwrap_or_default();
                    ed.write_typed(&event_target_value(&ev), &currency)
                }
            />
            <select
                class="currency"
                aria-label="currency"
                disabled=move || ed.read_only()
                prop:value=move || currency.get()
                on:change=move |ev| change_currency(event_target_value(&ev))
            >
                {move || {
                    let current = currency.get();
                    let mut codes: Vec<String> = ["CNY", "USD", "EUR", "HKD", "JPY"]
                        .iter()
                        .map(|c| (*c).to_owned())
                        .collect();
                    if !codes.contains(&current) {
                        codes.push(current);
                    }
                    codes
                        .into_iter()
                        .map(|c| view! { <option value=c.clone()>{c.clone()}</option> })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

/// Long text, edited by character: each input becomes the smallest splice
/// of the document's Text, so two people typing in one field both keep
/// their words; others' edits arrive without moving the caret off its text.
#[component]
pub fn LongTextEditor(ed: Editor) -> impl IntoView {
    let area: NodeRef<html::Textarea> = NodeRef::new();
    let doc_text = move || match ed.value.get() {
        Some(Value::Text(t)) => t,
        _ => String::new(),
    };
    // Only the effect below (and the person) writes the textarea's value,
    // so an arriving edit can keep the caret where it was.
    let shown = StoredValue::new(Agreed::default());
    Effect::new(move || {
        let text = doc_text();
        let at = ed.value_heads();
        let Some(el) = area.get() else { return };
        let current = el.value();
        if current == text {
            shown.set_value(Agreed { text, at });
            return;
        }
        let focused = document().active_element().is_some_and(|active| {
            let area: &web_sys::Element = el.as_ref();
            &active == area
        });
        let caret = focused.then(|| {
            let start = el.selection_start().ok().flatten().unwrap_or(0) as usize;
            let end = el.selection_end().ok().flatten().unwrap_or(0) as usize;
            (
                utf16_to_chars(&current, start),
                utf16_to_chars(&current, end),
            )
        });
        el.set_value(&text);
        if let (Some((start, end)), Some(remote)) = (caret, splice_between(&current, &text)) {
            let start = chars_to_utf16(&text, remote.moved_caret(start)) as u32;
            let end = chars_to_utf16(&text, remote.moved_caret(end)) as u32;
            let _ = el.set_selection_range(start, end);
        }
        shown.set_value(Agreed { text, at });
    });
    let on_input = move |_| {
        let Some(el) = area.get_untracked() else {
            return;
        };
        let typed = el.value();
        let Some(splice) = shown.with_value(|before| splice_between(&before.text, &typed)) else {
            return;
        };
        let place = ed.place.get_value();
        // Someone else's words may have reached the document since the
        // textarea last showed it (readers hear of them a moment later):
        // the typed splice then goes where its text now stands there. Only
        // then is the document's text read: unmoved heads, unchanged text.
        let heads = ed.ctx.heads_untracked();
        let alone = heads.is_some() && shown.with_value(|before| before.at == heads);
        let splice = if alone {
            splice
        } else {
            let now = match ed.ctx.read_untracked(|doc| place.read(doc)).flatten() {
                Some(Value::Text(t)) => t,
                _ => String::new(),
            };
            match shown.with_value(|before| splice_between(&before.text, &now)) {
                Some(theirs) => splice.after(&theirs),
                None => splice,
            }
        };
        let has_text = ed
            .value
            .with_untracked(|value| matches!(value, Some(Value::Text(_))));
        let result = ed.ctx.change(|doc| {
            if has_text {
                place.splice(doc, splice.pos, splice.del, &splice.insert)
            } else {
                place.write(doc, Value::Text(typed.clone()))
            }
        });
        match result {
            Ok(()) => {
                // Alone, the document's text is now what was typed.
                let after = ed.ctx.heads_untracked().filter(|_| alone);
                if let Some(after) = &after {
                    ed.wrote(after.clone(), Value::Text(typed.clone()));
                }
                shown.set_value(Agreed {
                    text: typed,
                    at: after,
                });
            }
            // Nothing was kept: show the document's text again.
            Err(_) => {
                let text = doc_text_untracked(ed);
                el.set_value(&text);
                shown.set_value(Agreed {
                    text,
                    at: ed.value_heads(),
                });
            }
        }
    };
    view! {
        <textarea
            class="field-input long-text"
            id=ed.input_id()
            data-testid="field-input"
            rows="4"
            node_ref=area
            disabled=move || ed.read_only()
            on:input=on_input
        ></textarea>
    }
}

/// What a long text's textarea held when it last agreed with the document,
/// and the document's heads then (`None`: not known).
#[derive(Default)]
struct Agreed {
    text: String,
    at: Option<Vec<ChangeHash>>,
}

fn doc_text_untracked(ed: Editor) -> String {
    match ed.value.get_untracked() {
        Some(Value::Text(t)) => t,
        _ => String::new(),
    }
}
