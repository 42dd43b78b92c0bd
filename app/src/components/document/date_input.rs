//! A date or date-time input that reads as the workspace writes dates
//! (`2026-12-20`, `2026-12-20 09:30` on this browser's clocks) in either
//! language. The browser's own date input draws in the browser's language,
//! not the page's: `12/20/2026` in an English browser, also to a reader who
//! chose Chinese. So the date is typed as text (any form the model's
//! `parse_value` reads: 2026/12/20, 2026年12月20日) and the browser's
//! calendar is offered from a button.

use concord_model::{FieldKind, Localized as L, Value};
use leptos::{html, prelude::*};
use wasm_bindgen::JsCast as _;

use super::cell_text::cell_text;
use crate::{browser_zone::BrowserZone, i18n::I18n};

/// `kind` is `Date` or `DateTime`. `on_text` gets what was typed or picked,
/// for the caller to read with `parse_value`; `input` is the typed input,
/// for callers that write what is left typed when the input goes.
#[component]
pub fn DateInput(
    kind: FieldKind,
    #[prop(into)] value: Signal<Option<Value>>,
    #[prop(into)] disabled: Signal<bool>,
    on_text: Callback<String>,
    #[prop(optional)] input: Option<NodeRef<html::Input>>,
    class: &'static str,
    testid: &'static str,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional)] field_id: Option<&'static str>,
    #[prop(optional, into)] label: Option<Signal<String>>,
    #[prop(optional, into)] title: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let input = input.unwrap_or_default();
    let picker: NodeRef<html::Input> = NodeRef::new();
    let with_time = kind == FieldKind::DateTime;
    let shown = move || {
        value
            .get()
            .map(|v| cell_text(&kind, &v, i18n.locale()))
            .unwrap_or_default()
    };
    // What the browser's calendar starts from: its own `YYYY-MM-DD[THH:MM]`.
    let picked = move || {
        value
            .get()
            .map(|v| concord_model::input_text(&v, &BrowserZone))
            .unwrap_or_default()
    };
    let placeholder = move || {
        i18n.pick(if with_time {
            L::new("年-月-日 时:分", "YYYY-MM-DD HH:MM")
        } else {
            L::new("年-月-日", "YYYY-MM-DD")
        })
    };
    let open_calendar = move |_| {
        let Some(el) = picker.get_untracked() else {
            return;
        };
        // `showPicker` (Chromium 99, Safari 16, Firefox 101); where it is
        // missing the typed input still takes any date.
        let show = js_sys::Reflect::get(&el, &"showPicker".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(show) = show {
            let _ = show.call0(&el);
        }
    };
    view! {
        <span class="date-input">
            <input
                node_ref=input
                class=class
                // No numeric keypad: a phone's has no `-` or `:`.
                type="text"
                autocomplete="off"
                id=id
                data-testid=testid
                data-field-id=field_id
                aria-label=move || label.map(|l| l.get())
                title=move || title.and_then(|t| t.get())
                placeholder=placeholder
                prop:value=shown
                disabled=move || disabled.get()
                on:change=move |ev| on_text.run(event_target_value(&ev))
            />
            <button
                type="button"
                class="date-pick"
                data-testid="date-pick"
                aria-label=move || i18n.pick(L::new("从日历选择", "Pick from a calendar"))
                title=move || i18n.pick(L::new("从日历选择", "Pick from a calendar"))
                disabled=move || disabled.get()
                on:click=open_calendar
            >
                <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
                    <rect x="3" y="4.5" width="14" height="12.5" rx="2" fill="none" stroke="currentColor" stroke-width="1.6" />
                    <path d="M3 8.5h14M7 2.5v4M13 2.5v4" stroke="currentColor" stroke-width="1.6" fill="none" />
                </svg>
            </button>
            <input
                node_ref=picker
                class="date-pick-native"
                type=if with_time { "datetime-local" } else { "date" }
                tabindex="-1"
                aria-hidden="true"
                prop:value=picked
                disabled=move || disabled.get()
                on:change=move |ev| on_text.run(event_target_value(&ev))
            />
        </span>
    }
}
