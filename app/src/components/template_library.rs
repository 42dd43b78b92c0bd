use concord_model::{Locale, Template, library};
use leptos::prelude::*;

use crate::{
    components::home::CreateDocument,
    i18n::{I18n, Msg},
};

/// The home screen's library: every template `concord-model` defines.
#[component]
pub fn TemplateLibrary() -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <section class="library" data-testid="template-library" aria-labelledby="library-title">
            <h1 id="library-title">{move || i18n.t(Msg::LibraryTitle)}</h1>
            <p class="lead">{move || i18n.t(Msg::LibraryLead)}</p>
            <ul class="template-grid">
                {library()
                    .iter()
                    .map(|template| view! { <TemplateCard template /> })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn TemplateCard(template: &'static Template) -> impl IntoView {
    let i18n = I18n::expect();
    // The other language's name too: staff and partners often read different ones.
    let other = move || match i18n.locale() {
        Locale::ZhCn => Locale::En,
        Locale::En => Locale::ZhCn,
    };
    let field_count = template.all_fields().count();
    let table_count = template.tables.len();
    view! {
        <li class="template-card" data-testid="template-card" data-template-id=template.id.0>
            <h2 class="template-name" data-testid="template-name">
                {move || i18n.pick(template.name)}
            </h2>
            <p class="template-alt-name" lang=move || other().tag()>
                {move || template.name.get(other())}
            </p>
            <p class="template-summary">{move || i18n.pick(template.summary)}</p>
            <p class="template-meta">
                {move || shape_summary(i18n.locale(), field_count, table_count)}
            </p>
            <CreateDocument template />
        </li>
    }
}

/// "12 fields · 1 table", in the reader's language; a form without tables
/// shows only its field count.
pub(crate) fn shape_summary(locale: Locale, fields: usize, tables: usize) -> String {
    let count = |n: usize, zh: &str, one: &str, many: &str| match locale {
        Locale::ZhCn => format!("{n} {zh}"),
        Locale::En => format!("{n} {}", if n == 1 { one } else { many }),
    };
    let fields = count(fields, "个字段", "field", "fields");
    match tables {
        0 => fields,
        n => format!("{fields} · {}", count(n, "个表格", "table", "tables")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_summary_counts_in_each_language() {
        assert_eq!(shape_summary(Locale::ZhCn, 14, 1), "14 个字段 · 1 个表格");
        assert_eq!(shape_summary(Locale::En, 14, 1), "14 fields · 1 table");
        assert_eq!(shape_summary(Locale::En, 1, 2), "1 field · 2 tables");
        assert_eq!(shape_summary(Locale::ZhCn, 6, 0), "6 个字段");
        assert_eq!(shape_summary(Locale::En, 6, 0), "6 fields");
    }
}
