//! One row of the dashboard: a person's, a department's or a template's
//! completion and overdue rates, with their counts and bars over time.

use concord_model::{
    Locale, Localized as L,
    views::{PeriodKind, Rates},
};
use leptos::prelude::*;

use super::bar_chart::{Bar, BarChart};
use crate::i18n::I18n;

/// A share as a whole percent; "–" with no tasks.
fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "–".to_owned(), |r| format!("{}%", (r * 100.0).round()))
}

#[component]
pub fn GroupCard(
    name: String,
    /// What the e2e test and a reader's tools find it by.
    group_id: String,
    total: Rates,
    kind: PeriodKind,
    bars: Vec<Bar>,
    #[prop(optional)] overall: bool,
) -> impl IntoView {
    let i18n = I18n::expect();
    let counts = move |part: usize| match i18n.locale() {
        Locale::ZhCn => format!("{part} / {} 项", total.total),
        Locale::En => format!("{part} of {}", total.total),
    };
    view! {
        <li class="dash-group" class:dash-overall=overall data-testid="dash-group" data-key=group_id
            data-total=total.total data-done=total.done data-overdue=total.overdue>
            <h3 class="dash-name">{name}</h3>
            <div class="dash-rates">
                <p class="dash-rate rate-done">
                    <span class="rate-label">{move || i18n.pick(L::new("完成率", "Completion"))}</span>
                    <span class="rate-value" data-testid="completion-rate">{percent(total.completion_rate())}</span>
                    <span class="rate-count" data-testid="completion-count">{move || counts(total.done)}</span>
                </p>
                <p class="dash-rate rate-overdue">
                    <span class="rate-label">{move || i18n.pick(L::new("逾期率", "Overdue"))}</span>
                    <span class="rate-value" data-testid="overdue-rate">{percent(total.overdue_rate())}</span>
                    <span class="rate-count" data-testid="overdue-count">{move || counts(total.overdue)}</span>
                </p>
            </div>
            <BarChart kind bars />
        </li>
    }
}
