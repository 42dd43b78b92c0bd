//! What a Gantt chart says about a bar, in either language: its lateness,
//! the push from a late dependency, dependency numbers no task carries.

use concord_model::{Locale, views::GanttRow};

/// The bar's name: its number, where the table numbers tasks, and title.
pub fn name(bar: &GanttRow, locale: Locale) -> String {
    let title = if bar.title.trim().is_empty() {
        match locale {
            Locale::ZhCn => "（未命名）",
            Locale::En => "(untitled)",
        }
    } else {
        bar.title.as_str()
    };
    match &bar.number {
        Some(n) => format!("{n} {title}"),
        None => title.to_owned(),
    }
}

/// The short mark beside a late bar: "逾期 3 天" / "3 d late".
pub fn slipped(days: i64, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!("逾期 {days} 天"),
        Locale::En => format!("{days} d late"),
    }
}

/// The short mark beside a pushed bar: "推迟 4 天" / "pushed 4 d".
pub fn pushed(days: i64, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!("推迟 {days} 天"),
        Locale::En => format!("pushed {days} d"),
    }
}

/// The bar's tooltip: its dates, progress and every mark in full words.
pub fn title(bar: &GanttRow, pushed_by: Option<&str>, locale: Locale) -> String {
    let zh = locale == Locale::ZhCn;
    let mut lines = vec![name(bar, locale)];
    let dash = |d: &Option<String>| d.clone().unwrap_or_else(|| "—".to_owned());
    lines.push(if zh {
        format!(
            "{} 至 {}，进度 {}%",
            dash(&bar.start),
            dash(&bar.due),
            bar.progress
        )
    } else {
        format!(
            "{} to {}, {}% done",
            dash(&bar.start),
            dash(&bar.due),
            bar.progress
        )
    });
    if bar.own_slip_days > 0 {
        let n = bar.own_slip_days;
        lines.push(if zh {
            format!("已过结束日期 {n} 天，尚未完成")
        } else {
            format!("{n} days past its end date, not done")
        });
    }
    if bar.pushed_days > 0 {
        let n = bar.pushed_days;
        let by = pushed_by.unwrap_or("");
        lines.push(if zh {
            format!("前置任务 {by} 延误，预计推迟 {n} 天")
        } else {
            format!("Pushed {n} days by late task {by}")
        });
    }
    for unknown in &bar.unknown_dependencies {
        lines.push(unknown_dependency(unknown, locale));
    }
    lines.join("\n")
}

pub fn unknown_dependency(number: &str, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!("前置任务编号 {number} 不存在"),
        Locale::En => format!("No task is numbered {number}"),
    }
}
