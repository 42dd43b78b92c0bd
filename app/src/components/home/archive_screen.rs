//! `/archive`: the archive library. Archived documents, apart from the live
//! ones, newest archive first, filtered by template, year archived and the
//! department of their owner; each says until when it is kept. An archived
//! document opens read-only (the model's rule: only its sharing changes).

use concord_model::{Day, Locale, Localized as L, find_template, kept_until};
use leptos::prelude::*;

use super::{
    listed_doc::ListedDoc,
    listing::Listing,
    my_documents::{display_title, local_time},
};
use crate::{
    browser_zone::BrowserZone,
    components::Names,
    i18n::I18n,
    repo::{Repo, RepoSlot},
};

#[component]
pub fn ArchiveScreen() -> impl IntoView {
    let i18n = I18n::expect();
    let slot = RepoSlot::expect();
    view! {
        <section class="archive" data-testid="archive" aria-labelledby="archive-title">
            <p><a href="/" class="back-link">{move || i18n.pick(L::new("← 我的文档", "← My documents"))}</a></p>
            <h1 id="archive-title">{move || i18n.pick(L::new("归档库", "Archive"))}</h1>
            <p class="hint">
                {move || i18n.pick(L::new(
                    "归档的文档只能查看，至少保留 2 年。",
                    "Archived documents are read-only and kept at least 2 years.",
                ))}
            </p>
            {move || slot.repo().map(|repo| view! { <ArchiveList repo /> })}
        </section>
    }
}

/// One archive as the library shows it.
#[derive(Clone, PartialEq)]
struct Archived {
    doc: ListedDoc,
    year: Option<i32>,
    kept_until: Option<String>,
    department: Option<String>,
}

#[component]
fn ArchiveList(repo: Repo) -> impl IntoView {
    let i18n = I18n::expect();
    let names = Names::expect();
    let listing = Listing::follow(&repo);
    let template = RwSignal::new(String::new());
    let year = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let archives = Memo::new(move |_| {
        let directory = names.directory().get();
        let department_of = |owner: &concord_model::PersonId| {
            directory
                .people
                .iter()
                .find(|p| p.id == *owner)
                .and_then(|p| p.departments.first())
                .map(ToString::to_string)
        };
        let mut list: Vec<Archived> = listing.merged.with(|all| {
            all.iter()
                .filter(|d| d.is_archived())
                .map(|d| {
                    let day = d
                        .entered_at
                        .and_then(|ms| Day::of_instant(ms, &BrowserZone));
                    Archived {
                        year: day.map(Day::year),
                        kept_until: day.and_then(kept_until).map(|d| d.to_string()),
                        department: d.owner.as_ref().and_then(department_of),
                        doc: d.clone(),
                    }
                })
                .collect()
        });
        list.sort_by_key(|a| std::cmp::Reverse(a.doc.entered_at));
        list
    });
    let shown = Memo::new(move |_| {
        let (t, y, d) = (template.get(), year.get(), department.get());
        archives.with(|list| {
            list.iter()
                .filter(|a| t.is_empty() || a.doc.template_id == t)
                .filter(|a| y.is_empty() || a.year.map(|v| v.to_string()) == Some(y.clone()))
                .filter(|a| d.is_empty() || a.department.as_deref() == Some(d.as_str()))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let choices = move |pick: fn(&Archived) -> Option<String>| {
        archives.with(|list| {
            let mut seen: Vec<String> = list.iter().filter_map(pick).collect();
            seen.sort();
            seen.dedup();
            seen
        })
    };
    let template_name = move |id: &str| {
        find_template(id).map_or_else(|| id.to_owned(), |t| t.name.get(i18n.locale()).to_owned())
    };
    view! {
        <div class="archive-filters" data-testid="archive-filters">
            <select
                data-testid="archive-template"
                aria-label=move || i18n.pick(L::new("模板", "Template"))
                on:change=move |ev| template.set(event_target_value(&ev))
            >
                <option value="">{move || i18n.pick(L::new("全部模板", "All templates"))}</option>
                {move || choices(|a| Some(a.doc.template_id.clone()))
                    .into_iter()
                    .map(|id| view! { <option value=id.clone()>{template_name(&id)}</option> })
                    .collect_view()}
            </select>
            <select
                data-testid="archive-year"
                aria-label=move || i18n.pick(L::new("归档年份", "Year archived"))
                on:change=move |ev| year.set(event_target_value(&ev))
            >
                <option value="">{move || i18n.pick(L::new("全部年份", "All years"))}</option>
                {move || choices(|a| a.year.map(|y| y.to_string()))
                    .into_iter()
                    .map(|y| view! { <option value=y.clone()>{y.clone()}</option> })
                    .collect_view()}
            </select>
            <select
                data-testid="archive-department"
                aria-label=move || i18n.pick(L::new("部门", "Department"))
                on:change=move |ev| department.set(event_target_value(&ev))
            >
                <option value="">{move || i18n.pick(L::new("全部部门", "All departments"))}</option>
                {move || choices(|a| a.department.clone())
                    .into_iter()
                    .map(|d| {
                        let label = names.book().get().department(&d);
                        view! { <option value=d.clone()>{label}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
        {move || listing.problem.get().map(|e| view! {
            <p class="hint" data-testid="relay-list-problem">{e.describe(i18n.locale())}</p>
        })}
        <Show
            when=move || shown.with(|s| !s.is_empty())
            fallback=move || view! {
                <p class="empty" data-testid="archive-empty">
                    {move || i18n.pick(L::new("没有已归档的文档。", "No archived documents."))}
                </p>
            }
        >
            <ul class="doc-list">
                {move || shown
                    .get()
                    .into_iter()
                    .map(|a| {
                        let id = a.doc.id;
                        let meta = {
                            let a = a.clone();
                            move || describe(&a, i18n.locale(), names)
                        };
                        view! {
                            <li class="doc-row">
                                <a class="doc-link" href=format!("/d/{id}")
                                    data-testid="archive-doc" data-doc-id=id.to_string()>
                                    <span class="doc-title">{display_title(&a.doc.title)}</span>
                                    <span class="doc-meta">{meta}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </Show>
    }
}

/// "Task tracker · archived 2026-12-05 10:31 · kept until 2028-12-05 · R&D".
fn describe(a: &Archived, locale: Locale, names: Names) -> String {
    let template = find_template(&a.doc.template_id)
        .map_or(a.doc.template_id.clone(), |t| t.name.get(locale).to_owned());
    let archived = a.doc.entered_at.map(|ms| {
        format!(
            "{}{}",
            L::new("归档于 ", "archived ").get(locale),
            local_time(ms)
        )
    });
    let kept = a
        .kept_until
        .as_ref()
        .map(|d| format!("{}{d}", L::new("保留至 ", "kept until ").get(locale)));
    let department = a
        .department
        .as_ref()
        .map(|d| names.book().get_untracked().department(d));
    [Some(template), archived, kept, department]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}
