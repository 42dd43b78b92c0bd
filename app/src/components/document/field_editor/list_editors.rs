//! Editors of lists: people, departments and attachment references.

use concord_model::{FieldKind, Localized as L, ParseContext, Value};
use leptos::prelude::*;

use super::{Editor, input_text::parse_input};
use crate::browser_zone::BrowserZone;
use crate::components::document::known_names;
use crate::i18n::I18n;

/// The items of a list value, as chips to remove and an input to add more
/// (with the document's known people or departments to pick from).
#[component]
pub fn ListEditor(ed: Editor) -> impl IntoView {
    let i18n = I18n::expect();
    let kind = ed.kind();
    let items = move || match ed.value.get() {
        Some(Value::People(v) | Value::Departments(v) | Value::Attachments(v)) => v,
        _ => Vec::new(),
    };
    let write = move |items: Vec<String>| {
        ed.write(match kind {
            FieldKind::People => Value::People(items),
            FieldKind::Departments => Value::Departments(items),
            _ => Value::Attachments(items),
        })
    };
    let add = move |typed: String| -> bool {
        let new = match parse_input(&kind, &typed, &ParseContext::new(&BrowserZone)) {
            Ok(Value::People(v) | Value::Departments(v) | Value::Attachments(v)) => v,
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
    let list = match kind {
        FieldKind::People => Some(known_names::PEOPLE),
        FieldKind::Departments => Some(known_names::DEPARTMENTS),
        _ => None,
    };
    let placeholder = move || {
        i18n.pick(match kind {
            FieldKind::People => L::new("添加人员（名字）", "Add a person (name)"),
            FieldKind::Departments => L::new("添加部门", "Add a department"),
            _ => L::new("添加附件名称或链接", "Add an attachment name or link"),
        })
    };
    let draft = RwSignal::new(String::new());
    // People and departments by name; attachments as they were typed.
    let book = crate::components::Names::expect().book();
    let shown = move |item: &str| match kind {
        FieldKind::People => book.with(|b| b.person(item)),
        FieldKind::Departments => book.with(|b| b.department(item)),
        _ => item.to_owned(),
    };
    view! {
        <div class="list-input">
            <ul class="chips">
                {move || {
                    items()
                        .into_iter()
                        .map(|item| {
                            let gone = item.clone();
                            let (data, title, label) = (item.clone(), item.clone(), item.clone());
                            view! {
                                <li class="chip on" data-testid="list-item" data-item=data>
                                    <span title=title>{move || shown(&label)}</span>
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
                list=list
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
        Some(Value::People(v) | Value::Departments(v) | Value::Attachments(v)) => v,
        _ => Vec::new(),
    }
}
