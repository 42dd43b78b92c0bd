//! The people and departments a document knows of, offered when someone
//! picks a person or department (anyone may still be typed in).

use std::collections::BTreeSet;

use concord_model::{ConcordDoc, Person, Value};
use leptos::prelude::*;

use super::DocContext;

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

/// Every form value and cell value of the document.
fn values(doc: &ConcordDoc) -> Vec<Value> {
    let mut out: Vec<Value> = doc
        .template()
        .fields
        .iter()
        .filter_map(|f| doc.field(f.id).ok().flatten())
        .collect();
    for table in doc.template().tables {
        for row in doc.rows(table.id).unwrap_or_default() {
            out.extend(row.cells.into_values());
        }
    }
    out
}

/// The `<datalist>`s person and department inputs point at.
#[component]
pub fn KnownNames(ctx: DocContext) -> impl IntoView {
    let me = ctx.me();
    let me_too = me.clone();
    let people = Memo::new(move |_| ctx.read(|doc| known_people(doc, &me)).unwrap_or_default());
    let departments = Memo::new(move |_| {
        ctx.read(|doc| known_departments(doc, &me_too))
            .unwrap_or_default()
    });
    let options = |names: Vec<String>| {
        names
            .into_iter()
            .map(|n| view! { <option value=n></option> })
            .collect_view()
    };
    view! {
        <datalist id="known-people">{move || options(people.get())}</datalist>
        <datalist id="known-departments">{move || options(departments.get())}</datalist>
    }
}
