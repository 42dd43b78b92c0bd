//! Which days the dashboard counts: this week, this month, this quarter,
//! or from one day to another.

use concord_model::{
    Day, FieldKind, Localized as L, Offset, ParseContext, Value, parse_value,
    views::DashboardWindow,
};
use leptos::prelude::*;

use crate::{
    components::{Calendar, document::DateInput},
    i18n::I18n,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowChoice {
    Week,
    Month,
    Quarter,
    Custom,
}

impl WindowChoice {
    const ALL: [Self; 4] = [Self::Week, Self::Month, Self::Quarter, Self::Custom];

    fn label(self) -> L {
        match self {
            Self::Week => L::new("本周", "This week"),
            Self::Month => L::new("本月", "This month"),
            Self::Quarter => L::new("本季度", "This quarter"),
            Self::Custom => L::new("自定义", "Custom"),
        }
    }

    fn testid(self) -> &'static str {
        match self {
            Self::Week => "window-week",
            Self::Month => "window-month",
            Self::Quarter => "window-quarter",
            Self::Custom => "window-custom",
        }
    }
}

/// The window chosen, and what to say about a custom one that reads as none.
#[derive(Clone, Copy)]
pub struct ChosenWindow {
    pub window: Memo<Option<DashboardWindow>>,
    pub choice: RwSignal<WindowChoice>,
}

impl ChosenWindow {
    pub fn new() -> Self {
        let calendar = Calendar::expect();
        let choice = RwSignal::new(WindowChoice::Month);
        let custom = Custom::new();
        provide_context(custom);
        let window = Memo::new(move |_| {
            let today = calendar.today()?.day();
            match choice.get() {
                WindowChoice::Week => DashboardWindow::this_week(today),
                WindowChoice::Month => DashboardWindow::this_month(today),
                WindowChoice::Quarter => DashboardWindow::this_quarter(today),
                WindowChoice::Custom => {
                    DashboardWindow::between(custom.from.get()?, custom.to.get()?, today)
                }
            }
        });
        Self { window, choice }
    }
}

/// The days typed for a custom window.
#[derive(Clone, Copy)]
struct Custom {
    from: RwSignal<Option<Day>>,
    to: RwSignal<Option<Day>>,
}

impl Custom {
    fn new() -> Self {
        Self {
            from: RwSignal::new(None),
            to: RwSignal::new(None),
        }
    }
}

/// A day typed in any form the model reads (2026/12/20, 2026年12月20日).
fn read_day(text: &str) -> Option<Day> {
    match parse_value(&FieldKind::Date, text, &ParseContext::new(&Offset::UTC)) {
        Ok(Some(Value::Date(d))) => Day::parse(&d).ok(),
        _ => None,
    }
}

#[component]
pub fn WindowPicker(chosen: ChosenWindow) -> impl IntoView {
    let i18n = I18n::expect();
    let custom: Custom = expect_context();
    let choice = chosen.choice;
    let day_value = |day: RwSignal<Option<Day>>| {
        Signal::derive(move || day.get().map(|d| Value::Date(d.to_string())))
    };
    let typed =
        |day: RwSignal<Option<Day>>| Callback::new(move |text: String| day.set(read_day(&text)));
    let unreadable = move || {
        choice.get() == WindowChoice::Custom
            && custom.from.get().is_some()
            && custom.to.get().is_some()
            && chosen.window.get().is_none()
    };
    view! {
        <div class="dash-windows" role="group"
            aria-label=move || i18n.pick(L::new("时间段", "Time window"))>
            {WindowChoice::ALL
                .into_iter()
                .map(|c| view! {
                    <button type="button" class="dash-chip" data-testid=c.testid()
                        aria-pressed=move || (choice.get() == c).to_string()
                        on:click=move |_| choice.set(c)>
                        {move || i18n.pick(c.label())}
                    </button>
                })
                .collect_view()}
        </div>
        <Show when=move || choice.get() == WindowChoice::Custom>
            <div class="dash-custom">
                <label>
                    <span>{move || i18n.pick(L::new("从", "From"))}</span>
                    <DateInput kind=FieldKind::Date value=day_value(custom.from) disabled=false
                        on_text=typed(custom.from) class="dash-day" testid="window-from"
                        label=Signal::derive(move || i18n.pick(L::new("开始日期", "First day")).to_owned()) />
                </label>
                <label>
                    <span>{move || i18n.pick(L::new("到", "To"))}</span>
                    <DateInput kind=FieldKind::Date value=day_value(custom.to) disabled=false
                        on_text=typed(custom.to) class="dash-day" testid="window-to"
                        label=Signal::derive(move || i18n.pick(L::new("结束日期", "Last day")).to_owned()) />
                </label>
            </div>
            <Show when=unreadable>
                <p class="hint dash-problem" data-testid="window-backwards">
                    {move || i18n.pick(L::new("结束日期早于开始日期。", "The last day is before the first."))}
                </p>
            </Show>
        </Show>
    }
}
