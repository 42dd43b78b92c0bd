//! A weekly report's departments: who has reported, who is filling in, who
//! has not started, against the report's Friday 17:00 (SPEC).

use concord_model::{
    Localized as L,
    views::{DeptReport, department_reports},
};
use leptos::prelude::*;

use super::DocContext;
use crate::{
    components::{Calendar, Names},
    i18n::I18n,
};

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
            </section>
        </Show>
    }
}
