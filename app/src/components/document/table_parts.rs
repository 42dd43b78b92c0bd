//! Every table of the document's template, one after the other.

use leptos::prelude::*;

use super::{DocContext, table_part::TablePart};

#[component]
pub fn TableParts() -> impl IntoView {
    let ctx = DocContext::expect();
    // A document's template never changes, so its tables are read once.
    let tables = ctx
        .read_untracked(|doc| doc.template().tables)
        .unwrap_or_default();
    (!tables.is_empty()).then(|| {
        view! {
            <div class="table-parts" data-testid="table-parts">
                {tables.iter().map(|table| view! { <TablePart table /> }).collect_view()}
            </div>
        }
    })
}
