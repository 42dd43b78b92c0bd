//! Bars over time, drawn with plain elements (no chart library to
//! download on a phone): one bar per period, as tall as its tasks beside
//! the group's busiest period, stacked done (bottom), overdue, then still
//! open.

use concord_model::{
    Day, Locale, Localized as L,
    views::{PeriodKind, Rates},
};
use leptos::prelude::*;

use crate::i18n::I18n;

/// At most this many periods are labelled under the bars; the others keep
/// their label in their tooltip.
const LABELS: usize = 8;

/// One bar: its first and last day and its counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub first: Day,
    pub last: Day,
    pub rates: Rates,
}

/// The short label under a bar.
fn short_label(kind: PeriodKind, first: Day, locale: Locale) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match (kind, locale) {
        (PeriodKind::Day | PeriodKind::Week, _) => {
            format!("{}/{}", first.month(), first.day_of_month())
        }
        (PeriodKind::Month, Locale::ZhCn) => format!("{}月", first.month()),
        (PeriodKind::Month, Locale::En) => MONTHS
            .get(usize::from(first.month()) - 1)
            .copied()
            .unwrap_or_default()
            .to_owned(),
        (PeriodKind::Year, _) => first.year().to_string(),
    }
}

/// What a bar says when pointed at or read aloud.
fn bar_title(bar: &Bar, locale: Locale) -> String {
    let days = if bar.first == bar.last {
        bar.first.to_string()
    } else {
        format!("{} – {}", bar.first, bar.last)
    };
    let r = bar.rates;
    match locale {
        Locale::ZhCn => format!(
            "{days}：共 {}，完成 {}，逾期 {}",
            r.total, r.done, r.overdue
        ),
        Locale::En => format!(
            "{days}: {} in all, {} done, {} overdue",
            r.total, r.done, r.overdue
        ),
    }
}

#[component]
pub fn BarChart(kind: PeriodKind, bars: Vec<Bar>) -> impl IntoView {
    let i18n = I18n::expect();
    let highest = bars.iter().map(|b| b.rates.total).max().unwrap_or(0).max(1);
    let count = bars.len();
    let every = count.div_ceil(LABELS).max(1);
    let summary = move || i18n.pick(L::new("各时段任务柱状图", "Tasks per period, as bars"));
    view! {
        <div class="bar-chart" role="img" aria-label=summary data-testid="bar-chart"
            data-bars=count>
            {bars
                .into_iter()
                .enumerate()
                .map(|(i, bar)| {
                    let r = bar.rates;
                    let open = r.total - r.done - r.overdue;
                    let height = r.total * 100 / highest;
                    let label = (i % every == 0)
                        .then_some(move || short_label(kind, bar.first, i18n.locale()));
                    view! {
                        <div class="bar-col" title=move || bar_title(&bar, i18n.locale())
                            data-testid="bar" data-total=r.total data-done=r.done data-overdue=r.overdue>
                            <div class="bar-track">
                                <div class="bar" style=format!("height: {height}%")>
                                    <span class="seg seg-open" style=format!("flex-grow: {open}")></span>
                                    <span class="seg seg-overdue" style=format!("flex-grow: {}", r.overdue)></span>
                                    <span class="seg seg-done" style=format!("flex-grow: {}", r.done)></span>
                                </div>
                            </div>
                            <span class="bar-label">{label}</span>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// The colours' key, once per screen.
#[component]
pub fn ChartKey() -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <p class="chart-key">
            <span class="key key-done">{move || i18n.pick(L::new("已完成", "Done"))}</span>
            <span class="key key-overdue">{move || i18n.pick(L::new("逾期", "Overdue"))}</span>
            <span class="key key-open">{move || i18n.pick(L::new("未到期", "Open, not yet due"))}</span>
        </p>
    }
}
