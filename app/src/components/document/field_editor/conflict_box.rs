//! Concurrent values of one field or cell, each with who set it, for
//! someone to choose one.

use concord_model::{FieldKind, Localized as L, Value, input_text};
use leptos::prelude::*;

use super::{Editor, show_ms};
use crate::{browser_zone::BrowserZone, i18n::I18n};

#[component]
pub fn ConflictBox(ed: Editor) -> impl IntoView {
    let i18n = I18n::expect();
    let names = crate::components::Names::expect();
    let conflicts = ed.ctx.conflicts();
    let path = ed.place.with_value(|p| p.conflict_path());
    let mine = Memo::new(move |_| {
        conflicts.with(|all| {
            all.iter()
                .find(|c| c.path == path)
                .map(|c| c.values.clone())
        })
    });
    let entries = move || {
        let values = mine.get()?;
        let path = ed.place.with_value(|p| p.conflict_path());
        let authors = ed
            .ctx
            .read_untracked(|doc| doc.conflict_authors(&path).unwrap_or_default())
            .unwrap_or_default();
        Some(
            values
                .into_iter()
                .map(|(value, actor)| {
                    let who = authors
                        .get(&actor)
                        .map(|person| names.person(person.as_str()))
                        .unwrap_or_else(|| format!("#{}", actor.get(..8).unwrap_or(&actor)));
                    (value, who)
                })
                .collect::<Vec<_>>(),
        )
    };
    let choose = move |value: Value| {
        let path = ed.place.with_value(|p| p.conflict_path());
        let _ = ed.ctx.change(move |doc| doc.resolve(&path, value));
    };
    move || {
        let entries = entries()?;
        Some(view! {
            <div class="conflict" role="group" data-testid="conflict">
                <p class="conflict-lead">
                    {move || i18n.pick(L::new(
                        "多人同时修改了此处，请选择保留哪个值：",
                        "Several people changed this at once. Choose the value to keep:",
                    ))}
                </p>
                <ul>
                    {entries
                        .into_iter()
                        .map(|(value, who)| {
                            let shown = describe(ed, &value, i18n);
                            let data = input_text(&value, &BrowserZone);
                            view! {
                                <li class="conflict-value" data-testid="conflict-value" data-value=data>
                                    <span class="conflict-text">{shown}</span>
                                    <span class="conflict-who">{who}</span>
                                    <button
                                        type="button"
                                        data-testid="conflict-choose"
                                        disabled=move || ed.read_only()
                                        on:click=move |_| choose(value.clone())
                                    >
                                        {move || i18n.pick(L::new("选这个", "Choose this"))}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        })
    }
}

/// A value as a person reads it: option labels, local times, money with currency.
fn describe(ed: Editor, value: &Value, i18n: I18n) -> String {
    let locale = i18n.locale();
    match (ed.kind(), value) {
        (FieldKind::SingleChoice(_), Value::Choice(c)) => {
            ed.spec.with_value(|s| s.option_label(c, locale))
        }
        (FieldKind::MultipleChoice(_), Value::Choices(cs)) => ed.spec.with_value(|s| {
            cs.iter()
                .map(|c| s.option_label(c, locale))
                .collect::<Vec<_>>()
                .join(", ")
        }),
        (_, Value::DateTime(ms)) => show_ms(*ms),
        (_, Value::Money { currency, .. }) => {
            format!("{} {currency}", input_text(value, &BrowserZone))
        }
        (_, Value::Checkbox(b)) => i18n
            .pick(if *b {
                L::new("是", "Yes")
            } else {
                L::new("否", "No")
            })
            .to_owned(),
        (_, Value::Rating(r)) => "★".repeat(usize::from(*r)),
        _ => input_text(value, &BrowserZone),
    }
}
