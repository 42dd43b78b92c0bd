use concord_api::{TeamSubtemplate, TeamSubtemplates, paths};
use concord_model::{Locale, Localized as L, SharedWith, Template, find_template, library};
use leptos::prelude::*;

use crate::{
    components::{Names, home::CreateDocument},
    i18n::{I18n, Msg},
    kept::{Kept, follow},
};

/// The team sub-templates the relay last listed, kept for offline.
const SUBTEMPLATES_KEPT: Kept = Kept::new("concord.subtemplates");

/// A sub-template just shared here, listed before the relay is asked again.
pub(crate) fn remember_subtemplate(person: &str, shared: TeamSubtemplate) {
    let mut kept: TeamSubtemplates = SUBTEMPLATES_KEPT.read(person).unwrap_or_default();
    kept.subtemplates
        .retain(|s| s.template.id != shared.template.id);
    kept.subtemplates.insert(0, shared);
    SUBTEMPLATES_KEPT.write(person, &kept);
}

/// The home screen's library: every template `concord-model` defines.
#[component]
pub fn TemplateLibrary() -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <section class="library" data-testid="template-library" aria-labelledby="library-title">
            <h1 id="library-title">{move || i18n.t(Msg::LibraryTitle)}</h1>
            <p class="lead">{move || i18n.t(Msg::LibraryLead)}</p>
            <TeamSubtemplateList />
            <h2 class="library-heading">{move || i18n.pick(L::new("内置模板", "Built-in templates"))}</h2>
            <ul class="template-grid">
                {library()
                    .iter()
                    .map(|template| view! { <TemplateCard template /> })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// "Team sub-templates": those colleagues shared with this person's
/// department or the workspace; nothing while there are none.
#[component]
fn TeamSubtemplateList() -> impl IntoView {
    let i18n = I18n::expect();
    let listed = follow::<TeamSubtemplates>(SUBTEMPLATES_KEPT, paths::SUBTEMPLATES);
    let usable = Memo::new(move |_| {
        listed
            .get()
            .map(|l| l.subtemplates)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|s| Some((find_template(&s.template.base)?, s)))
            .collect::<Vec<_>>()
    });
    view! {
        <Show when=move || !usable.with(Vec::is_empty)>
            <section class="team-subtemplates" data-testid="team-subtemplates">
                <h2 class="library-heading">{move || i18n.pick(L::new("团队子模板", "Team sub-templates"))}</h2>
                <ul class="template-grid">
                    <For
                        each=move || usable.get()
                        key=|(_, s)| s.template.id.clone()
                        children=move |(base, shared)| view! { <SubtemplateCard base shared /> }
                    />
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn SubtemplateCard(base: &'static Template, shared: TeamSubtemplate) -> impl IntoView {
    let i18n = I18n::expect();
    let names = Names::expect();
    let name = shared.template.name.clone();
    let made_by = shared.made_by.to_string();
    let for_whom = shared.shared_with.clone();
    let extra = shared.template.extra_fields.len();
    let field_count = base.all_fields().count() + extra;
    let table_count = base.tables.len();
    view! {
        <li class="template-card subtemplate-card" data-testid="subtemplate-card"
            data-subtemplate-id=shared.template.id.clone()>
            <h3 class="template-name" data-testid="template-name" dir="auto">
                {move || name.shown(i18n.locale()).to_owned()}
            </h3>
            <p class="template-alt-name">
                {move || match i18n.locale() {
                    Locale::ZhCn => format!("基于「{}」· 增加 {extra} 个字段", base.name.zh_cn),
                    Locale::En => format!("Based on “{}” · {extra} added field{}", base.name.en, if extra == 1 { "" } else { "s" }),
                }}
            </p>
            <p class="template-summary" data-testid="subtemplate-made-by">
                {move || {
                    let who = names.person(&made_by);
                    let whom = match &for_whom {
                        SharedWith::Workspace => i18n.pick(L::new("整个工作区", "the whole workspace")).to_owned(),
                        SharedWith::Department(d) => names.book().with(|b| b.department(d.as_str())),
                    };
                    match i18n.locale() {
                        Locale::ZhCn => format!("{who} 创建 · 供{whom}使用"),
                        Locale::En => format!("Made by {who} · for {whom}"),
                    }
                }}
            </p>
            <p class="template-meta">
                {move || shape_summary(i18n.locale(), field_count, table_count)}
            </p>
            <CreateDocument template=base derived=shared.template.clone() />
        </li>
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
