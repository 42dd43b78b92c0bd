//! A weekly report's departments: who has reported, who is filling in, who
//! has not started, against the report's Friday 17:00 (SPEC).

use concord_model::{
    Localized as L, Value,
    views::{DeptReport, department_reports},
};
use leptos::prelude::*;

use super::{DocContext, row_new_form::create_row};
use crate::{
    components::{Calendar, Names},
    i18n::I18n,
};

/// The weekly report's table of departments' rows.
const TABLE: &str = "departments";

#[component]
pub fn DepartmentReports(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let names = Names::expect();
    let directory = names.directory();
    let calendar = Calendar::expect();
    let lines = Memo::new(move |_| {
        let expected: Vec<String> =
            directory.with(|d| d.departments.iter().map(|d| d.id.to_string()).collect());
        ctx.read(|doc| department_reports(doc, &expected).unwrap_or_default())
            .unwrap_or_default()
    });
    // While the report is open its state's due time applies (Friday 17:00).
    let due = Memo::new(move |_| {
        let today = calendar.today()?;
        let waiting = ctx.permissions()?.waiting(&today, &calendar.zone())?;
        Some((waiting.due?, waiting.overdue))
    });
    // My departments with no row yet, where I may add one: a button each
    // adds it, naming me as its reporter.
    let mine_missing = Memo::new(move |_| {
        let me = ctx.me();
        // Adding a row, then writing its department as the row's owner.
        let may_add = ctx.permissions().is_some_and(|p| {
            p.may_order_rows(TABLE).is_ok()
                && p.may_edit_cell(TABLE, "department", Some(&me.id)).is_ok()
        });
        if !may_add {
            return Vec::new();
        }
        lines
            .get()
            .into_iter()
            .filter(|l| l.report == DeptReport::Missing)
            .filter(|l| me.departments.iter().any(|d| d.as_str() == l.department))
            .map(|l| l.department)
            .collect::<Vec<_>>()
    });
    let add = move |department: String| {
        let last = ctx
            .read_untracked(|doc| doc.row_keys(TABLE).ok()?.pop().map(|k| k.id))
            .flatten();
        create_row(
            ctx,
            TABLE,
            last,
            vec![("department", Value::Department(department))],
        );
    };
    view! {
        <Show when=move || !lines.get().is_empty()>
            <section class="department-reports" data-testid="department-reports">
                <h2>{move || i18n.pick(L::new("各部门填报情况", "Reports by department"))}</h2>
                {move || due.get().map(|(at, overdue)| {
                    let when = format!("{} {:02}:{:02}", at.day(), at.hour(), at.minute());
                    let text = if overdue {
                        i18n.pick(L::new("已过截止时间 ", "Past its deadline, ")).to_owned() + &when
                    } else {
                        i18n.pick(L::new("截止 ", "Due ")).to_owned() + &when
                    };
                    view! { <p class="hint" class:late=overdue data-testid="reports-due">{text}</p> }
                })}
                <ul>
                    {move || {
                        let overdue = due.get().is_some_and(|(_, o)| o);
                        let book = names.book().get();
                        lines.get().into_iter().map(|line| {
                            let (state, label, by) = match &line.report {
                                DeptReport::Missing => ("missing", L::new("未填报", "Not started"), None),
                                DeptReport::Started { reporter } => ("started", L::new("填写中", "Filling in"), reporter.clone()),
                                DeptReport::Reported { reporter } => ("reported", L::new("已填报", "Reported"), reporter.clone()),
                            };
                            let late = overdue && state != "reported";
                            view! {
                                <li data-testid="department-report" data-department=line.department.clone()
                                    data-state=state class=state class:late=late>
                                    <strong>{book.department(&line.department)}</strong>
                                    " · "
                                    {i18n.pick(label)}
                                    {by.map(|p| format!(" · {}", book.person(p.as_str())))}
                                </li>
                            }
                        }).collect_view()
                    }}
                </ul>
                {move || {
                    let book = names.book().get();
                    mine_missing.get().into_iter().map(|d| {
                        let name = book.department(&d);
                        let d2 = d.clone();
                        view! {
                            <button type="button" class="button" data-testid="report-my-department"
                                data-department=d on:click=move |_| add(d2.clone())>
                                {move || match i18n.locale() {
                                    concord_model::Locale::ZhCn => format!("填报{name}"),
                                    concord_model::Locale::En => format!("Report for {name}"),
                                }}
                            </button>
                        }
                    }).collect_view()
                }}
            </section>
        </Show>
    }
}
