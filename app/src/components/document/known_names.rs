//! The people and departments a document knows of, offered when someone
//! picks a person or department (anyone may still be typed in).

use std::collections::BTreeSet;

use concord_model::{ConcordDoc, FieldKind, Person, Value};
use leptos::{ev, prelude::*};
use wasm_bindgen::JsCast;

use super::DocContext;
use crate::components::{NameBook, Names};

/// Members, row owners, comment authors, the creator, and me.
pub fn known_people(doc: &ConcordDoc, me: &Person) -> Vec<String> {
    let mut out = BTreeSet::new();
    out.insert(me.id.to_string());
    if let Ok(meta) = doc.meta() {
        out.insert(meta.created_by.to_string());
    }
    for (person, _) in doc.members().unwrap_or_default() {
        out.insert(person.to_string());
    }
    for comment in doc.comments(None).unwrap_or_default() {
        out.insert(comment.author.to_string());
    }
    for value in values(doc) {
        match value {
            Value::Person(p) => {
                out.insert(p);
            }
            Value::People(ps) => out.extend(ps),
            _ => {}
        }
    }
    for table in doc.template().tables {
        for row in doc.rows(table.id).unwrap_or_default() {
            out.extend(row.owner.map(|o| o.to_string()));
        }
    }
    out.into_iter().collect()
}

/// Departments named anywhere in the document, and mine.
pub fn known_departments(doc: &ConcordDoc, me: &Person) -> Vec<String> {
    let mut out: BTreeSet<String> = me.departments.iter().map(ToString::to_string).collect();
    for value in values(doc) {
        match value {
            Value::Department(d) => {
                out.insert(d);
            }
            Value::Departments(ds) => out.extend(ds),
            _ => {}
        }
    }
    out.into_iter().collect()
}

/// Every form value and cell value that names people or departments (long
/// texts are not read: in a long history they cost more than all the rest).
fn values(doc: &ConcordDoc) -> Vec<Value> {
    let mut out: Vec<Value> = doc
        .template()
        .fields
        .iter()
        .filter(|f| names_someone(f.kind))
        .filter_map(|f| doc.field(f.id).ok().flatten())
        .collect();
    for table in doc.template().tables {
        for row in doc.rows(table.id).unwrap_or_default() {
            out.extend(row.cells.into_values());
        }
    }
    out
}

fn names_someone(kind: FieldKind) -> bool {
    matches!(
        kind,
        FieldKind::Person | FieldKind::People | FieldKind::Department | FieldKind::Departments
    )
}

/// The `<datalist>`s person and department inputs point at. They are filled
/// when such an input takes the focus, not on every change: reading every
/// row of a large table on each keystroke elsewhere would slow typing.
#[component]
pub fn KnownNames(ctx: DocContext) -> impl IntoView {
    let me = ctx.me();
    let me_too = me.clone();
    let people_wanted = RwSignal::new(0u64);
    let departments_wanted = RwSignal::new(0u64);
    let listener = window_event_listener(ev::focusin, move |event| {
        let list = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.get_attribute("list"));
        match list.as_deref() {
            Some(PEOPLE) => people_wanted.update(|n| *n += 1),
            Some(DEPARTMENTS) => departments_wanted.update(|n| *n += 1),
            _ => {}
        }
    });
    on_cleanup(move || listener.remove());
    let people = Memo::new(move |_| {
        if people_wanted.get() == 0 {
            return Vec::new();
        }
        ctx.read_untracked(|doc| known_people(doc, &me))
            .unwrap_or_default()
    });
    let departments = Memo::new(move |_| {
        if departments_wanted.get() == 0 {
            return Vec::new();
        }
        ctx.read_untracked(|doc| known_departments(doc, &me_too))
            .unwrap_or_default()
    });
    // Each id is offered with the name a person knows it by.
    let book = Names::expect().book();
    let options = move |ids: Vec<String>, name: fn(&NameBook, &str) -> String| {
        book.with(|book| {
            ids.into_iter()
                .map(|id| {
                    let label = name(book, &id);
                    view! { <option value=id>{label}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <datalist id=PEOPLE>{move || options(people.get(), NameBook::person)}</datalist>
        <datalist id=DEPARTMENTS>{move || options(departments.get(), NameBook::department)}</datalist>
    }
}

/// The ids of the two lists, as person and department inputs name them.
pub const PEOPLE: &str = "known-people";
pub const DEPARTMENTS: &str = "known-departments";
