//! The editor of attachment references (people and departments are
//! picked from the directory: `DirectoryField`).

use concord_model::{Localized as L, ParseContext, Value};
use leptos::prelude::*;

use super::{Editor, input_text::parse_input};
use crate::browser_zone::BrowserZone;
use crate::i18n::I18n;

/// Attachment names or links, as chips to remove and an input to add more.
#[component]
pub fn ListEditor(ed: Editor) -> impl IntoView {
    let i18n = I18n::expect();
    let kind = ed.kind();
    let items = move || match ed.value.get() {
        Some(Value::Attachments(v)) => v,
        _ => Vec::new(),
    };
    let write = move |items: Vec<String>| ed.write(Value::Attachments(items));
    let add = move |typed: String| -> bool {
        let new = match parse_input(&kind, &typed, &ParseContext::new(&BrowserZone)) {
            Ok(Value::Attachments(v)) => v,
            Ok(_) => Vec::new(),
            Err(problem) => {
                ed.problem.set(Some(problem));
                return false;
            }
        };
        let mut now = items_untracked(ed);
        for item in new {
            if !now.contains(&item) {
                now.push(item);
            }
        }
        write(now);
        true
    };
    let remove = move |item: String| {
        let mut now = items_untracked(ed);
        now.retain(|i| *i != item);
        write(now);
    };
    let placeholder = move || {
        i18n.pick(L::new(
            "添加附件名称或链接",
            "Add an attachment name or link",
        ))
    };
    let draft = RwSignal::new(String::new());
    view! {
        <div class="list-input">
            <ul class="chips">
                {move || {
                    items()
                        .into_iter()
                        .map(|item| {
                            let gone = item.clone();
                            let (data, label) = (item.clone(), item.clone());
                            view! {
                                <li class="chip on" data-testid="list-item" data-item=data>
                                    <span>{label}</span>
                                    <button
                                        type="button"
                                        class="chip-remove"
                                        aria-label=move || {
                                            format!("{} {}", i18n.pick(L::new("移除", "Remove")), item)
                                        }
                                        disabled=move || ed.read_only()
                                        on:click=move |_| remove(gone.clone())
                                    >
                                        "×"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <input
                class="field-input"
                type="text"
                id=ed.input_id()
                data-testid="field-input"
                placeholder=placeholder
                prop:value=move || draft.get()
                disabled=move || ed.read_only()
                on:change=move |ev| {
                    let typed = event_target_value(&ev);
                    if typed.trim().is_empty() {
                        return;
                    }
                    if add(typed.clone()) {
                        draft.set(String::new());
                    } else {
                        draft.set(typed);
                    }
                }
            />
        </div>
    }
}

fn items_untracked(ed: Editor) -> Vec<String> {
    // Gone (its input reported a change after the sheet closed): nothing.
    match ed.value.try_get_untracked().flatten() {
        Some(Value::Attachments(v)) => v,
        _ => Vec::new(),
    }
}
