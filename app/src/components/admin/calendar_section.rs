use concord_api::{DayMark, MarkDay, WorkCalendar, ZoneChange, paths};
use concord_model::{Day, FieldKind, Localized as L, ParseContext, Value, parse_value};
use leptos::prelude::*;

use super::AdminData;
use crate::{
    api::{self, CallError},
    components::{Calendar, document::DateInput},
    i18n::I18n,
};

/// 工作日历 / Working calendar: the workspace's holidays and make-up
/// working days (调休), and its time zone. The relay keeps it and counts
/// every due date on it.
#[component]
pub fn CalendarSection() -> impl IntoView {
    let i18n = I18n::expect();
    let data = AdminData::expect();
    let calendar = Calendar::expect();
    let day_text = RwSignal::new(String::new());
    let day = RwSignal::new(None::<Value>);
    let kind = RwSignal::new(DayMark::Holiday);
    let zone = RwSignal::new(String::new());
    // Each answer is the whole calendar: shown here and used for due days.
    let shown = move |answer: WorkCalendar| calendar.set(answer);
    let failed = move |e: CallError| data.problem.set(Some(e));
    let read_day = Callback::new(move |text: String| {
        let ctx = ParseContext::new(&concord_model::Offset::UTC);
        day.set(parse_value(&FieldKind::Date, &text, &ctx).ok().flatten());
        day_text.set(text);
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // What the model could not read as a day goes as typed: the relay
        // answers `bad-day`, said at the top.
        let text = match day.get_untracked() {
            Some(Value::Date(d)) => d,
            _ => day_text.get_untracked(),
        };
        let body = MarkDay {
            day: text,
            kind: kind.get_untracked(),
        };
        data.run_here(
            async move { api::post::<WorkCalendar>(paths::ADMIN_CALENDAR_DAYS, &body).await },
            move |answer| {
                shown(answer);
                day.set(None);
                day_text.set(String::new());
            },
            failed,
        );
    };
    let remove = move |d: Day| {
        let path = format!("{}/{d}", paths::ADMIN_CALENDAR_DAYS);
        data.run_here(
            async move { api::delete_for::<WorkCalendar>(&path).await },
            shown,
            failed,
        );
    };
    let set_zone = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = ZoneChange {
            zone: zone.get_untracked().trim().to_owned(),
        };
        data.run_here(
            async move { api::put::<WorkCalendar>(paths::ADMIN_CALENDAR_ZONE, &body).await },
            move |answer| {
                shown(answer);
                zone.set(String::new());
            },
            failed,
        );
    };
    // Every marked day, in order, with its kind.
    let marked = move || {
        calendar
            .given()
            .map(|c| {
                let mut days: Vec<(Day, DayMark)> = c
                    .holidays
                    .iter()
                    .map(|&d| (d, DayMark::Holiday))
                    .chain(c.make_up_days.iter().map(|&d| (d, DayMark::MakeUpDay)))
                    .collect();
                days.sort();
                days
            })
            .unwrap_or_default()
    };
    view! {
        <section class="admin-section" data-testid="admin-calendar">
            <h2>{move || i18n.pick(L::new("工作日历", "Working calendar"))}</h2>
            <p class="admin-note">
                {move || i18n.pick(L::new(
                    "周一至周五为工作日。节假日不计为工作日；调休日（补班的周末）计为工作日。截止日期按此计算。",
                    "Monday to Friday are working days. Holidays are not; make-up days (weekends worked, 调休) are. Due dates are counted on this calendar.",
                ))}
            </p>
            <p class="admin-line" data-testid="calendar-zone">
                <span>{move || i18n.pick(L::new("时区", "Time zone"))}</span>
                <strong>{move || calendar.given().map(|c| c.zone).unwrap_or_default()}</strong>
                <span class="admin-id">
                    {move || calendar.given().map(|c| {
                        let today = c.today;
                        match i18n.locale() {
                            concord_model::Locale::ZhCn => format!("今天 {today}"),
                            concord_model::Locale::En => format!("today {today}"),
                        }
                    })}
                </span>
            </p>
            <ul class="admin-list">
                <For each=marked key=|(d, k)| (*d, *k) let:((d, k))>
                    <li class="admin-line calendar-day" data-testid="calendar-day" data-day=d.to_string()
                        data-kind=move || if k == DayMark::Holiday { "holiday" } else { "make-up-day" }>
                        <strong>{d.to_string()}</strong>
                        <span class="admin-id">{move || i18n.pick(weekday(d))}</span>
                        <span class="calendar-kind" class:holiday=k == DayMark::Holiday>{move || i18n.pick(match k {
                            DayMark::Holiday => L::new("节假日", "Holiday"),
                            DayMark::MakeUpDay => L::new("调休上班", "Make-up working day"),
                        })}</span>
                        <button type="button" class="link" data-testid="calendar-day-remove"
                            on:click=move |_| remove(d)>
                            {move || i18n.pick(L::new("移除", "Remove"))}
                        </button>
                    </li>
                </For>
            </ul>
            <form class="admin-form" on:submit=add>
                <DateInput
                    kind=FieldKind::Date
                    value=Signal::derive(move || day.get())
                    disabled=Signal::derive(|| false)
                    on_text=read_day
                    class="calendar-day-input"
                    testid="calendar-day-input"
                    label=Signal::derive(move || i18n.pick(L::new("日期", "Date")).to_owned())
                />
                <select data-testid="calendar-day-kind"
                    aria-label=move || i18n.pick(L::new("类型", "Kind"))
                    on:change=move |ev| kind.set(if event_target_value(&ev) == "make-up-day" {
                        DayMark::MakeUpDay
                    } else {
                        DayMark::Holiday
                    })>
                    <option value="holiday" selected=move || kind.get() == DayMark::Holiday>
                        {move || i18n.pick(L::new("节假日", "Holiday"))}
                    </option>
                    <option value="make-up-day" selected=move || kind.get() == DayMark::MakeUpDay>
                        {move || i18n.pick(L::new("调休上班", "Make-up working day"))}
                    </option>
                </select>
                <button type="submit" data-testid="calendar-day-add">
                    {move || i18n.pick(L::new("添加", "Add"))}
                </button>
            </form>
            <form class="admin-form" on:submit=set_zone>
                <input type="text" required autocapitalize="off" spellcheck="false" data-testid="calendar-zone-input"
                    placeholder="Asia/Shanghai"
                    aria-label=move || i18n.pick(L::new("时区名称", "Time zone name"))
                    prop:value=zone on:input=move |ev| zone.set(event_target_value(&ev)) />
                <button type="submit" data-testid="calendar-zone-set">
                    {move || i18n.pick(L::new("设置时区", "Set time zone"))}
                </button>
            </form>
        </section>
    }
}

fn weekday(day: Day) -> L {
    use concord_model::Weekday as W;
    match day.weekday() {
        W::Monday => L::new("周一", "Monday"),
        W::Tuesday => L::new("周二", "Tuesday"),
        W::Wednesday => L::new("周三", "Wednesday"),
        W::Thursday => L::new("周四", "Thursday"),
        W::Friday => L::new("周五", "Friday"),
        W::Saturday => L::new("周六", "Saturday"),
        W::Sunday => L::new("周日", "Sunday"),
    }
}
