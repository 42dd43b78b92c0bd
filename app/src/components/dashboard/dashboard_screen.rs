//! The dashboard screen: the window, the grouping, the overall rates, then
//! one card per person, department or template.

use std::collections::BTreeMap;

use concord_model::{
    Localized as L, find_template,
    views::{Dashboard, GroupKey, Grouping, PeriodKind, TypedTask},
};
use leptos::prelude::*;

use super::{
    bar_chart::{Bar, ChartKey},
    group_card::GroupCard,
    readable_tasks::{Held, follow_readable_tasks},
    relay_count::{RelayCount, follow_relay_count},
    window_picker::{ChosenWindow, WindowPicker},
};
use crate::{
    components::{Calendar, Names},
    i18n::I18n,
    repo::{Repo, RepoSlot},
};

#[component]
pub fn DashboardScreen() -> impl IntoView {
    let i18n = I18n::expect();
    let slot = RepoSlot::expect();
    view! {
        <section class="dashboard" data-testid="dashboard" aria-labelledby="dashboard-title">
            <h1 id="dashboard-title">{move || i18n.pick(L::new("仪表盘", "Dashboard"))}</h1>
            {move || slot.repo().map(|repo| view! { <DashboardBody repo /> })}
        </section>
    }
}

fn grouping_label(g: Grouping) -> L {
    match g {
        Grouping::Person => L::new("按人员", "By person"),
        Grouping::Department => L::new("按部门", "By department"),
        Grouping::Template => L::new("按模板类型", "By template"),
    }
}

fn grouping_testid(g: Grouping) -> &'static str {
    match g {
        Grouping::Person => "group-person",
        Grouping::Department => "group-department",
        Grouping::Template => "group-template",
    }
}

fn period_word(kind: PeriodKind) -> L {
    match kind {
        PeriodKind::Day => L::new("按日", "by day"),
        PeriodKind::Week => L::new("按周", "by week"),
        PeriodKind::Month => L::new("按月", "by month"),
        PeriodKind::Year => L::new("按年", "by year"),
    }
}

/// A card's shown name and the id it is found by.
fn group_name(key: &GroupKey, grouping: Grouping, names: &Names, i18n: I18n) -> (String, String) {
    match key {
        GroupKey::Person(p) => (names.person(p.as_str()), p.to_string()),
        GroupKey::Department(d) => (
            names.book().with(|b| b.department(d.as_str())),
            d.to_string(),
        ),
        GroupKey::Template(t) => (
            find_template(t).map_or_else(|| t.clone(), |t| i18n.pick(t.name).to_owned()),
            t.clone(),
        ),
        GroupKey::Nobody => {
            let name = match grouping {
                Grouping::Department => L::new("未知部门", "No department"),
                _ => L::new("未指派", "Unassigned"),
            };
            (i18n.pick(name).to_owned(), String::new())
        }
    }
}

#[component]
fn DashboardBody(repo: Repo) -> impl IntoView {
    let i18n = I18n::expect();
    let names = Names::expect();
    let calendar = Calendar::expect();
    let chosen = ChosenWindow::new();
    let grouping = RwSignal::new(Grouping::Person);
    let online = repo.online();
    let count = follow_relay_count(chosen.window, grouping, online);
    // Offline with nothing kept: counted here from what this browser holds,
    // read only then (opening every held document is no cost to pay while
    // the relay answers).
    let owner = Owner::current();
    let stored = StoredValue::new_local(repo);
    let held = RwSignal::new(None::<ReadSignal<Held>>);
    Effect::new(move || {
        let unanswered = count.with(|c| matches!(c, RelayCount::Unanswered(_)));
        if unanswered && held.get_untracked().is_none() {
            let repo = stored.get_value();
            let read = match &owner {
                Some(owner) => owner.with(|| follow_readable_tasks(&repo)),
                None => follow_readable_tasks(&repo),
            };
            held.set(Some(read));
        }
    });
    // Each person's first department, for tasks whose row names none.
    let departments = Memo::new(move |_| {
        names.directory().with(|d| {
            d.people
                .iter()
                .filter_map(|p| p.departments.first().map(|dep| (p.id.clone(), dep.clone())))
                .collect::<BTreeMap<_, _>>()
        })
    });
    let board = Memo::new(move |_| {
        let window = chosen.window.get()?;
        let grouping = grouping.get();
        let counted = count.with(|c| match c {
            RelayCount::Unanswered(_) => None,
            c => Some(c.answer().map(|a| a.dashboard.clone())),
        });
        if let Some(relay) = counted {
            return relay;
        }
        let board = held.get()?.with(|h| {
            let typed = h.docs.iter().flat_map(|d| {
                d.tasks.iter().map(|task| TypedTask {
                    template: &d.template,
                    task,
                })
            });
            departments.with(|deps| Dashboard::of(typed, window, grouping, deps))
        });
        Some(board)
    });
    let loading = move || {
        if count.with(|c| matches!(c, RelayCount::Waiting)) {
            return Some(
                i18n.pick(L::new(
                    "正在统计你可查看的文档…",
                    "Counting the documents you may read…",
                ))
                .to_owned(),
            );
        }
        let (read, listed) = held
            .get()?
            .with(|h| (h.pending > 0).then_some((h.listed - h.pending, h.listed)))?;
        Some(match i18n.locale() {
            concord_model::Locale::ZhCn => format!("正在读取此设备上的文档：{read} / {listed}"),
            concord_model::Locale::En => {
                format!("Reading the documents on this device: {read} of {listed}")
            }
        })
    };
    // Where the figures come from when they are not the relay's fresh count.
    let source = move || {
        let locale = i18n.locale();
        count.with(|c| match c {
            RelayCount::Kept(answer) => {
                let at = crate::browser_zone::show_ms(answer.as_of_ms);
                Some((
                    "kept",
                    match (locale, online.get()) {
                        (concord_model::Locale::ZhCn, true) => {
                            format!("显示的是 {at} 的统计（保存在此设备上），正在更新…")
                        }
                        (concord_model::Locale::ZhCn, false) => {
                            format!("离线：显示的是 {at} 的统计（保存在此设备上）。")
                        }
                        (concord_model::Locale::En, true) => {
                            format!("Showing the count of {at}, kept on this device; updating…")
                        }
                        (concord_model::Locale::En, false) => {
                            format!("Offline: showing the count of {at}, kept on this device.")
                        }
                    },
                ))
            }
            RelayCount::Unanswered(problem) => {
                let n = held.get().map_or(0, |h| h.with(|h| h.docs.len()));
                let why = match problem {
                    None => i18n.pick(L::new("离线", "Offline")).to_owned(),
                    Some(e) => e.describe(locale),
                };
                Some((
                    "device",
                    match locale {
                        concord_model::Locale::ZhCn => {
                            format!("{why}：只统计了此设备上的 {n} 个文档。")
                        }
                        concord_model::Locale::En if n == 1 => {
                            format!("{why}: only the 1 document on this device is counted.")
                        }
                        concord_model::Locale::En => {
                            format!("{why}: only the {n} documents on this device are counted.")
                        }
                    },
                ))
            }
            RelayCount::Waiting | RelayCount::Fresh(_) => None,
        })
    };
    let span = move || {
        let w = chosen.window.get()?;
        let kind = board.with(|b| b.as_ref().map(|b| b.kind))?;
        Some(format!(
            "{} – {} · {}",
            w.from,
            w.to,
            i18n.pick(period_word(kind))
        ))
    };
    let cards = move || {
        let board = board.get()?;
        let grouping = grouping.get();
        let bars = |per_period: &[concord_model::views::Rates]| -> Vec<Bar> {
            board
                .periods
                .iter()
                .zip(per_period)
                .map(|(p, r)| Bar {
                    first: p.first,
                    last: p.last,
                    rates: *r,
                })
                .collect()
        };
        let mut groups: Vec<_> = board
            .groups
            .iter()
            .map(|g| {
                let (name, id) = group_name(&g.key, grouping, &names, i18n);
                (name, id, g)
            })
            .collect();
        // By name as read, those with no one or no department last.
        groups.sort_by(|a, b| {
            (a.2.key == GroupKey::Nobody, &a.0).cmp(&(b.2.key == GroupKey::Nobody, &b.0))
        });
        let kind = board.kind;
        let overall = view! {
            <GroupCard name=i18n.pick(L::new("全部", "All")).to_owned() group_id="all".to_owned()
                total=board.all.total kind bars=bars(&board.all.per_period) overall=true />
        };
        let rest = groups
            .into_iter()
            .map(|(name, group_id, g)| {
                view! {
                    <GroupCard name group_id total=g.total kind bars=bars(&g.per_period) />
                }
            })
            .collect_view();
        Some(view! { <ul class="dash-groups">{overall}{rest}</ul> })
    };
    let empty = move || board.with(|b| b.as_ref().is_some_and(|b| b.all.total.total == 0));
    view! {
        <WindowPicker chosen />
        <p class="hint dash-span" data-testid="dash-span">{span}</p>
        <div class="dash-tabs" role="tablist">
            {[Grouping::Person, Grouping::Department, Grouping::Template]
                .into_iter()
                .map(|g| view! {
                    <button type="button" role="tab" class="dash-tab" data-testid=grouping_testid(g)
                        aria-selected=move || (grouping.get() == g).to_string()
                        on:click=move |_| grouping.set(g)>
                        {move || i18n.pick(grouping_label(g))}
                    </button>
                })
                .collect_view()}
        </div>
        {move || loading().map(|text| view! {
            <p class="hint" data-testid="dash-loading">{text}</p>
        })}
        {move || source().map(|(kind, text)| view! {
            <p class="hint" data-testid="dash-source" data-kind=kind>{text}</p>
        })}
        <Show when=move || calendar.today().is_none()>
            <p class="hint">{move || i18n.pick(L::new("正在读取工作日历…", "Reading the work calendar…"))}</p>
        </Show>
        <Show when=empty>
            <div class="dash-empty" data-testid="dash-empty">
                <p><strong>{move || i18n.pick(L::new("这段时间没有到期的任务。", "No tasks are due in this window."))}</strong></p>
                <p class="hint">{move || i18n.pick(L::new(
                    "仪表盘统计你可查看的所有文档中的任务，按截止日期计入时间段；没有截止日期的任务不计入。可换一个时间段，或在任务表中为任务填写截止日期。",
                    "The dashboard counts the tasks of every document you may read, each in the period its due date falls in; tasks with no due date are not counted. Choose another window, or give tasks a due date in their table.",
                ))}</p>
            </div>
        </Show>
        <Show when=move || !empty()>
            <ChartKey />
            {cards}
        </Show>
    }
}
