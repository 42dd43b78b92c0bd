//! The one control that names people and departments, wherever a value of
//! kind person, people, department or departments is set: a form field, a
//! row's cell, a new row's cell, a row's hand-over. Typing suggests from the
//! directory the relay gives this person (`Names`), by name or id, with
//! departments to tell namesakes apart; arrows, Enter and Escape work as in
//! any list box, and a tap picks. Names are shown, ids stored; a name the
//! directory does not hold stores nothing and says so.

use std::sync::atomic::{AtomicU32, Ordering};

use concord_api::People as PeopleDirectory;
use concord_model::{FieldKind, Localized as L, Value};
use leptos::{ev, prelude::*};

use super::{
    Freshness, Names,
    directory_pick::{Candidate, PickKind, Unpicked, resolve, resolve_list, suggestions},
};
use crate::i18n::I18n;

/// How many suggestions show at once: enough to choose from on a phone.
const SHOWN: usize = 8;

/// Each instance's list box needs its own element id.
static NEXT_LIST: AtomicU32 = AtomicU32::new(0);

/// The ids a value names, in order.
fn ids_in(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Person(id) | Value::Department(id)) => vec![id.clone()],
        Some(Value::People(ids) | Value::Departments(ids)) => ids.clone(),
        _ => Vec::new(),
    }
}

/// The value of `kind` naming `ids` (a single kind takes the first).
fn value_of(kind: FieldKind, mut ids: Vec<String>) -> Option<Value> {
    Some(match kind {
        FieldKind::People => Value::People(ids),
        FieldKind::Departments => Value::Departments(ids),
        FieldKind::Person if !ids.is_empty() => Value::Person(ids.swap_remove(0)),
        FieldKind::Department if !ids.is_empty() => Value::Department(ids.swap_remove(0)),
        _ => return None,
    })
}

/// A picker for a field of `kind` (person, people, department or
/// departments) showing `value`; each choice made calls `on_value` with the
/// whole new value. The input carries `testid`, and `input_id` / `field_id`
/// / `label` where the caller's labels and tests find it.
#[component]
pub fn DirectoryField(
    kind: FieldKind,
    #[prop(into)] value: Signal<Option<Value>>,
    on_value: Callback<Value>,
    #[prop(into)] disabled: Signal<bool>,
    /// The input's class: how the form or the row draws its inputs.
    class: &'static str,
    testid: &'static str,
    #[prop(optional)] input_id: Option<String>,
    #[prop(optional)] field_id: Option<&'static str>,
    #[prop(optional, into)] label: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let names = Names::expect();
    // Nobody found may mean someone new: the directory is asked again.
    let freshness = Freshness::expect();
    let directory = names.directory();
    let book = names.book();
    let (pick, many) = PickKind::of(kind).unwrap_or((PickKind::Person, false));
    let list_id = format!("pick-{}", NEXT_LIST.fetch_add(1, Ordering::Relaxed));
    // What is being typed; None while the input shows the value itself.
    let query = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let problem = RwSignal::new(None::<Unpicked>);

    let name_of = move |id: &str| {
        book.with(|b| match pick {
            PickKind::Person => b.person(id),
            PickKind::Department => b.department(id),
        })
    };
    let shown = move || match (many, query.get()) {
        (_, Some(typed)) => typed,
        (true, None) => String::new(),
        (false, None) => ids_in(value.get().as_ref())
            .first()
            .map(|id| name_of(id))
            .unwrap_or_default(),
    };
    let options = Memo::new(move |_| {
        if !open.get() || disabled.get() {
            return Vec::new();
        }
        let typed = query.get().unwrap_or_default();
        directory.with(|dir| suggestions(dir, pick, &typed, SHOWN))
    });
    // An input removed while focused reports its blur after this field is
    // gone (a document turned read-only under the caret): then nothing.
    let alive = move || open.try_get_untracked().is_some();
    let close = move || {
        open.set(false);
        active.set(None);
    };
    // Adds (a list) or sets (one) the chosen ids; the typing is done.
    let choose = move |chosen: Vec<String>| {
        problem.set(None);
        query.set(None);
        close();
        let ids = if many {
            let mut now = ids_in(value.try_get_untracked().flatten().as_ref());
            for id in chosen {
                if !now.contains(&id) {
                    now.push(id);
                }
            }
            now
        } else {
            chosen
        };
        if let Some(new) = value_of(kind, ids) {
            on_value.run(new);
        }
    };
    let remove = move |gone: String| {
        if !alive() {
            return;
        }
        let mut now = ids_in(value.try_get_untracked().flatten().as_ref());
        now.retain(|id| *id != gone);
        if let Some(new) = value_of(kind, now) {
            on_value.run(new);
        }
    };
    // The ids typed text names: a list may name several at once.
    let read_typed = move |dir: &PeopleDirectory, typed: &str| match many {
        true => resolve_list(dir, pick, typed),
        false => resolve(dir, pick, typed).map(|id| vec![id]),
    };
    // What was typed, if it names someone; else it stays, with the reason.
    let commit_typed = move || {
        let Some(Some(typed)) = query.try_get_untracked() else {
            return;
        };
        if typed.trim().is_empty() {
            // A single person or department cannot be emptied: show it again.
            query.set(None);
            problem.set(None);
            return;
        }
        let named = directory.with_untracked(|dir| read_typed(dir, &typed));
        match named {
            Ok(ids) => choose(ids),
            Err(why) => {
                problem.set(Some(why));
                freshness.ask();
            }
        }
    };
    // Typed but not yet confirmed when the editor goes (its sheet closed):
    // kept if it names someone, as a browser's late `change` would have.
    on_cleanup(move || {
        let (Some(Some(typed)), Some(current)) =
            (query.try_get_untracked(), value.try_get_untracked())
        else {
            return;
        };
        let Some(Ok(named)) = directory.try_with_untracked(|dir| read_typed(dir, &typed)) else {
            return;
        };
        let mut ids = if many {
            ids_in(current.as_ref())
        } else {
            Vec::new()
        };
        for id in named {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        if let Some(new) = value_of(kind, ids).filter(|new| Some(new) != current.as_ref()) {
            on_value.try_run(new);
        }
    });
    let keydown = move |ev: ev::KeyboardEvent| {
        if !alive() {
            return;
        }
        let count = options.with_untracked(Vec::len);
        let step = |down: bool| {
            open.set(true);
            let count = options.with_untracked(Vec::len);
            if count == 0 {
                return;
            }
            active.update(|a| {
                *a = Some(match (*a, down) {
                    (None, true) => 0,
                    (None, false) => count - 1,
                    (Some(i), true) => (i + 1) % count,
                    (Some(i), false) => (i + count - 1) % count,
                })
            });
        };
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                step(true);
            }
            "ArrowUp" => {
                ev.prevent_default();
                step(false);
            }
            "Enter" => {
                let picked = active
                    .get_untracked()
                    .filter(|i| *i < count)
                    .and_then(|i| options.with_untracked(|o| o.get(i).map(|c| c.id.clone())));
                if let Some(id) = picked {
                    ev.prevent_default();
                    choose(vec![id]);
                } else if query.get_untracked().is_some() {
                    // Enter confirms the typing; it does not submit a form.
                    ev.prevent_default();
                    commit_typed();
                }
            }
            "Escape" if open.get_untracked() || query.get_untracked().is_some() => {
                // Closes the suggestions only, not the sheet around them.
                ev.prevent_default();
                ev.stop_propagation();
                query.set(None);
                problem.set(None);
                close();
            }
            _ => {}
        }
    };
    let placeholder = move || {
        i18n.pick(match (pick, many) {
            (PickKind::Person, true) => {
                L::new("添加人员（输入姓名）", "Add a person (type a name)")
            }
            (PickKind::Person, false) => L::new("输入姓名查找", "Type a name to find them"),
            (PickKind::Department, true) => L::new("添加部门", "Add a department"),
            (PickKind::Department, false) => L::new("输入部门名称", "Type a department"),
        })
    };
    let option_id = {
        let list_id = list_id.clone();
        move |i: usize| format!("{list_id}-{i}")
    };
    let active_id = {
        let option_id = option_id.clone();
        move || active.get().map(&option_id)
    };
    let option_view = {
        let option_id = option_id.clone();
        move |(i, c): (usize, Candidate)| {
            let id = c.id.clone();
            view! {
                <li
                    role="option"
                    id=option_id(i)
                    class="pick-option"
                    class:active=move || active.get() == Some(i)
                    aria-selected=move || (active.get() == Some(i)).to_string()
                    data-testid="pick-option"
                    data-id=c.id.clone()
                    // Keeps the focus in the input, so its blur does not
                    // commit the half-typed text before this pick.
                    on:mousedown=|ev| ev.prevent_default()
                    on:click=move |_| {
                        if alive() {
                            choose(vec![id.clone()]);
                        }
                    }
                >
                    <span class="pick-name">{c.name}</span>
                    <span class="pick-detail">{c.detail}</span>
                </li>
            }
        }
    };
    let chips = move || {
        ids_in(value.get().as_ref())
            .into_iter()
            .map(|id| {
                let gone = id.clone();
                let named = id.clone();
                let said = id.clone();
                view! {
                    <li class="chip on" data-testid="list-item" data-item=id.clone()>
                        <span title=id.clone()>{move || name_of(&named)}</span>
                        <button
                            type="button"
                            class="chip-remove"
                            aria-label=move || format!("{} {}", i18n.pick(L::new("移除", "Remove")), name_of(&said))
                            disabled=move || disabled.get()
                            on:click=move |_| remove(gone.clone())
                        >
                            "×"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="pick" class:list-input=many>
            {many.then(|| view! { <ul class="chips">{chips}</ul> })}
            <div class="pick-box">
                <input
                    class=class
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    aria-autocomplete="list"
                    aria-controls=list_id.clone()
                    aria-expanded=move || (!options.with(Vec::is_empty)).to_string()
                    aria-activedescendant=active_id
                    aria-label=move || label.map(|l| l.get())
                    aria-invalid=move || problem.get().is_some().to_string()
                    id=input_id
                    data-testid=testid
                    data-field-id=field_id
                    placeholder=placeholder
                    prop:value=shown
                    disabled=move || disabled.get()
                    on:focus=move |_| {
                        let _ = open.try_set(true);
                    }
                    on:input=move |ev| {
                        if !alive() {
                            return;
                        }
                        let typed = event_target_value(&ev);
                        let none_found = !typed.trim().is_empty()
                            && directory.with_untracked(|dir| suggestions(dir, pick, &typed, 1).is_empty());
                        if none_found {
                            freshness.ask();
                        }
                        query.set(Some(typed));
                        problem.set(None);
                        active.set(None);
                        open.set(true);
                    }
                    on:keydown=keydown
                    on:blur=move |_| {
                        if alive() {
                            close();
                            commit_typed();
                        }
                    }
                />
                <ul
                    class="pick-list"
                    role="listbox"
                    id=list_id
                    data-testid="pick-options"
                    hidden=move || options.with(Vec::is_empty)
                >
                    {move || options.get().into_iter().enumerate().map(option_view.clone()).collect_view()}
                </ul>
            </div>
            {move || {
                problem
                    .get()
                    .map(|why| {
                        view! {
                            <p class="field-problem" role="alert" data-testid="pick-problem">
                                {i18n.pick(why.text())}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
