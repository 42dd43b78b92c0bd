//! A table's tasks as a Gantt chart: a bar per row from its start to its
//! end, filled as far as its status says, arrows from each dependency's
//! end to its dependent's start, a line at today, and marks on tasks that
//! are late themselves (red) or pushed by a late dependency (orange).
//! Like the row list, only the lines in view are in the DOM, so a table of
//! thousands of rows scrolls smoothly; the names stay at the left while the
//! days scroll sideways on a phone.

use std::sync::Arc;

use concord_model::{
    Localized as L, RowId, TableDef,
    views::{GanttRow, gantt_rows},
};
use leptos::{ev, prelude::*};

use super::{
    DocContext,
    gantt_plan::{Line, Plan},
    gantt_scale::{Zoom, arrow_path, label_fits, ticks},
    gantt_text,
    scroll_window::{self, ScrollWindow},
    table_rows::TableRows,
};
use crate::i18n::I18n;

/// A line's height, a thumb's width; bars sit in its middle.
const ROW_PX: f64 = 44.0;
/// The two lines of the time scale above the chart (gantt.css agrees).
const HEAD_PX: f64 = 48.0;

/// What the table part around the chart may share: the rows its person's
/// sort and filter show (the chart follows them) and the row sheet to open
/// on a tap. Without it the chart shows every row in table order and a tap
/// follows the row's link (`/d/<doc>?row=<row>`).
#[derive(Clone, Copy)]
pub struct GanttHost {
    pub rows: Memo<TableRows>,
    pub open: RwSignal<Option<RowId>>,
}

#[component]
pub fn GanttChart(table: &'static TableDef) -> impl IntoView {
    let ctx = DocContext::expect();
    let i18n = I18n::expect();
    let host = use_context::<GanttHost>();
    let today = crate::browser_zone::today();
    let today_text = today.map(|d| d.to_string()).unwrap_or_default();
    // Every row's cells are read when any changes: dates, statuses and
    // dependencies anywhere move bars elsewhere.
    let bars: Memo<Arc<Vec<GanttRow>>> = Memo::new(move |_| {
        ctx.read_row_places(|_| ());
        Arc::new(
            ctx.read_row_cells(|doc| gantt_rows(doc, table.id, &today_text))
                .unwrap_or_default(),
        )
    });
    let plan: Memo<Arc<Plan>> = Memo::new(move |prev: Option<&Arc<Plan>>| {
        let generation = prev.map_or(0, |p| p.generation + 1);
        let bars = bars.get();
        // Without a clock, the first bar's start stands in for today.
        let today = today
            .map(concord_model::Day::epoch_days)
            .unwrap_or_else(|| {
                bars.iter()
                    .find_map(|b| super::gantt_scale::BarDays::of(b).map(|d| d.start))
                    .unwrap_or_default()
            });
        let mut plan = match host {
            Some(host) => host.rows.with(|r| {
                let order: Vec<RowId> = r.rows.iter().map(|k| k.id.clone()).collect();
                Plan::new(&bars, Some(&order), today)
            }),
            None => Plan::new(&bars, None, today),
        };
        plan.generation = generation;
        Arc::new(plan)
    });
    let count = Memo::new(move |_| plan.with(|p| p.lines.len()));
    let zoom = RwSignal::new(Zoom::Week);
    let px = Memo::new(move |_| zoom.get().px_per_day());
    let width = Memo::new(move |_| plan.with(|p| p.span.width_px(zoom.get())));

    let scroller = ScrollWindow::new();
    // Only a change of width brings today back: a phone's address bar
    // hiding changes the height, and must not move the days.
    let window_width = RwSignal::new(0);
    let resize = window_event_listener(ev::resize, move |_| {
        scroller.measure();
        window_width.set(scroll_window::window_width() as i32);
    });
    on_cleanup(move || resize.remove());
    // On opening and at each zoom, today is brought into view, a third
    // from the left: what is late lies before it, what comes after it.
    Effect::new(move |_| {
        let px = px.get();
        count.track();
        window_width.track();
        let Some(el) = scroller.node.get() else {
            return;
        };
        let x = plan.with_untracked(|p| p.span.at(p.today) as f64 * px);
        request_animation_frame(move || {
            // The names column covers the scroller's left edge.
            let names = el
                .query_selector(".gantt-corner")
                .ok()
                .flatten()
                .map_or(0.0, |corner| f64::from(corner.client_width()));
            let days_seen = f64::from(el.client_width()) - names;
            el.set_scroll_left((x - days_seen / 3.0).max(0.0) as i32);
            scroller.measure();
        });
    });
    let window = scroller.rows(HEAD_PX, || ROW_PX, count);
    // The lines in view, with their place: rebuilt on scroll, cheap.
    let shown = move || {
        let range = window.get();
        plan.with(|p| {
            p.lines
                .get(range.clone())
                .unwrap_or_default()
                .iter()
                .enumerate()
                .map(|(i, line)| (p.generation, range.start + i, line.clone()))
                .collect::<Vec<_>>()
        })
    };
    let doc_id = ctx.id;
    let open_row = move |row: &RowId, e: ev::MouseEvent| {
        if let Some(host) = host {
            e.prevent_default();
            host.open.set(Some(row.clone()));
        }
    };
    let href = move |row: &RowId| format!("/d/{doc_id}?row={}", row.0);
    let number_of = move |row: &RowId| {
        plan.with_untracked(|p| {
            p.lines
                .iter()
                .find(|l| &l.bar.row == row)
                .map(|l| gantt_text::name(&l.bar, i18n.locale_untracked()))
        })
    };

    let zoom_buttons = Zoom::ALL
        .into_iter()
        .map(|z| {
            view! {
                <button
                    type="button"
                    class="gantt-zoom-button"
                    data-testid=z.testid()
                    aria-pressed=move || (zoom.get() == z).to_string()
                    on:click=move |_| zoom.set(z)
                >
                    {move || i18n.pick(z.label())}
                </button>
            }
        })
        .collect_view();
    let scale = move || {
        let (upper, lower) = plan.with(|p| ticks(p.span, zoom.get(), i18n.locale()));
        let px = px.get();
        let tick = move |t: super::gantt_scale::Tick, class: &'static str| {
            let width = t.len as f64 * px;
            // A clipped label ("11/2" of 11/20) misleads: a narrow tick has none.
            let label = label_fits(&t.label, width).then_some(t.label);
            view! {
                <span
                    class=if t.weekend { format!("{class} is-weekend") } else { class.to_owned() }
                    style:left=format!("{}px", t.at as f64 * px)
                    style:width=format!("{width}px")
                >
                    {label}
                </span>
            }
        };
        view! {
            <div class="gantt-scale-line">
                {upper.into_iter().map(|t| tick(t, "gantt-tick gantt-tick-upper")).collect_view()}
            </div>
            <div class="gantt-scale-line">
                {lower.into_iter().map(|t| tick(t, "gantt-tick")).collect_view()}
            </div>
        }
    };
    let today_left = move || plan.with(|p| (p.span.at(p.today) as f64 + 0.5) * px.get());
    let arrows = move || {
        let range = window.get();
        let px = px.get();
        plan.with(|p| {
            p.arrows_in(&range)
                .filter_map(|a| {
                    let from = p.lines.get(a.from)?.days?;
                    let to = p.lines.get(a.to)?.days?;
                    let x1 = p.span.at(from.end + 1) as f64 * px;
                    let x2 = p.span.at(to.start) as f64 * px;
                    Some(view! {
                        <path
                            class=if a.late { "gantt-arrow is-late" } else { "gantt-arrow" }
                            data-testid="gantt-arrow"
                            data-from=p.lines.get(a.from).map(|l| l.bar.row.0.clone())
                            data-to=p.lines.get(a.to).map(|l| l.bar.row.0.clone())
                            d=arrow_path(x1, a.from, x2, a.to, ROW_PX)
                            marker-end=if a.late {
                                format!("url(#gantt-head-late-{})", table.id)
                            } else {
                                format!("url(#gantt-head-{})", table.id)
                            }
                        />
                    })
                })
                .collect_view()
        })
    };
    let body_height = move || format!("{}px", count.get() as f64 * ROW_PX);
    // Day lines at day zoom, week lines (from Monday) at week zoom; none
    // at month zoom, where they would be a grey wash.
    let grid_step = move || match zoom.get() {
        Zoom::Day => Some(px.get()),
        Zoom::Week => Some(7.0 * px.get()),
        Zoom::Month => None,
    };
    let grid_size = move || match grid_step() {
        Some(step) => format!("{step}px 100%"),
        None => "0 0".to_owned(),
    };
    let grid_offset = move || {
        // 1970-01-01 was a Thursday: Monday is 4 days after an epoch multiple of 7.
        let from = plan.with(|p| p.span.from);
        let monday = (4 - from).rem_euclid(7);
        match zoom.get() {
            Zoom::Week => format!("{}px", monday as f64 * px.get()),
            _ => "0px".to_owned(),
        }
    };

    view! {
        <div
            class="gantt"
            data-testid="gantt"
            data-zoom=move || zoom.get().name()
            data-lines=move || count.get()
        >
            <div class="gantt-toolbar">
                <div
                    class="gantt-zoom"
                    role="group"
                    aria-label=move || i18n.pick(L::new("时间刻度", "Time scale"))
                >
                    {zoom_buttons}
                </div>
                <ul class="gantt-legend">
                    <li><span class="gantt-key gantt-key-slipped"></span>
                        {move || i18n.pick(L::new("逾期", "Late"))}</li>
                    <li><span class="gantt-key gantt-key-pushed"></span>
                        {move || i18n.pick(L::new("受前置任务推迟", "Pushed by a late dependency"))}</li>
                    <li><span class="gantt-key gantt-key-today"></span>
                        {move || i18n.pick(L::new("今天", "Today"))}</li>
                </ul>
            </div>
            <p class="gantt-empty" hidden=move || count.get() > 0>
                {move || i18n.pick(L::new("没有可显示的任务。", "No tasks to show."))}
            </p>
            <div
                class="gantt-scroller"
                data-testid="gantt-scroller"
                node_ref=scroller.node
                on:scroll=move |_| scroller.measure()
                hidden=move || count.get() == 0
            >
                <div
                    class="gantt-canvas"
                    style:width=move || format!("calc(var(--gantt-name-w) + {}px)", width.get())
                >
                    <div class="gantt-head">
                        <div class="gantt-corner">{move || i18n.pick(L::new("任务", "Task"))}</div>
                        <div class="gantt-scale" style:width=move || format!("{}px", width.get())>
                            {scale}
                            <span
                                class="gantt-today-flag"
                                style:left=move || format!("{}px", today_left())
                            >
                                {move || i18n.pick(L::new("今天", "Today"))}
                            </span>
                        </div>
                    </div>
                    <div class="gantt-body" style:height=body_height>
                        <div class="gantt-names" style:height=body_height>
                            <For
                                each=shown
                                key=|(generation, i, line)| (*generation, *i, line.bar.row.clone())
                                children=move |(_, i, line)| {
                                    view! { <GanttName index=i line href open_row /> }
                                }
                            />
                        </div>
                        <div
                            class="gantt-plot"
                            style:width=move || format!("{}px", width.get())
                            style:background-size=grid_size
                            style:background-position-x=grid_offset
                        >
                            <div
                                class="gantt-today"
                                data-testid="gantt-today"
                                style:left=move || format!("{}px", today_left())
                            ></div>
                            <svg
                                class="gantt-arrows"
                                width=move || width.get()
                                height=move || count.get() as f64 * ROW_PX
                                aria-hidden="true"
                            >
                                <defs>
                                    {[("gantt-head", ""), ("gantt-head-late", " is-late")]
                                        .map(|(id, late)| {
                                            view! {
                                                <marker
                                                    id=format!("{id}-{}", table.id)
                                                    class=format!("gantt-head-marker{late}")
                                                    viewBox="0 0 6 6"
                                                    refX="6"
                                                    refY="3"
                                                    markerWidth="6"
                                                    markerHeight="6"
                                                    orient="auto"
                                                >
                                                    <path d="M0 0L6 3L0 6z" />
                                                </marker>
                                            }
                                        })}
                                </defs>
                                {arrows}
                            </svg>
                            <For
                                each=shown
                                key=move |(generation, i, line)| {
                                    (*generation, *i, line.bar.row.clone(), zoom.get())
                                }
                                children=move |(_, i, line)| {
                                    let by = line.bar.pushed_by.as_ref().and_then(number_of);
                                    view! { <GanttBar index=i line plan px=px.get_untracked() pushed_by=by href open_row /> }
                                }
                            />
                        </div>
                    </div>
                </div>
            </div>
        </div>
    }
}

/// A line's name at the left, kept in view while the days scroll.
#[component]
fn GanttName(
    index: usize,
    line: Line,
    href: impl Fn(&RowId) -> String + Copy + 'static,
    open_row: impl Fn(&RowId, ev::MouseEvent) + Copy + 'static,
) -> impl IntoView {
    let i18n = I18n::expect();
    let bar = line.bar;
    let row = bar.row.clone();
    let text = {
        let bar = bar.clone();
        move || gantt_text::name(&bar, i18n.locale())
    };
    let hover = text.clone();
    let unknown = (!bar.unknown_dependencies.is_empty()).then(|| {
        let listed = bar.unknown_dependencies.clone();
        view! {
            <span
                class="gantt-unknown"
                data-testid="gantt-unknown-dep"
                title=move || {
                    listed
                        .iter()
                        .map(|n| gantt_text::unknown_dependency(n, i18n.locale()))
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            >
                "?"
            </span>
        }
    });
    view! {
        <a
            class="gantt-name"
            class:is-slipped={bar.own_slip_days > 0}
            class:is-pushed={bar.pushed_days > 0}
            class:is-done={bar.progress == 100}
            data-testid="gantt-name"
            data-row=row.0.clone()
            href=href(&row)
            style:top=format!("{}px", index as f64 * ROW_PX)
            title=hover
            on:click=move |e| open_row(&row, e)
        >
            <span class="gantt-name-text">{text}</span>
            {unknown}
        </a>
    }
}

/// A line's bar, its progress, and its marks: the days it is late past
/// its end (red) and where a late dependency pushes it (orange outline).
#[component]
fn GanttBar(
    index: usize,
    line: Line,
    plan: Memo<Arc<Plan>>,
    px: f64,
    pushed_by: Option<String>,
    href: impl Fn(&RowId) -> String + Copy + 'static,
    open_row: impl Fn(&RowId, ev::MouseEvent) + Copy + 'static,
) -> impl IntoView {
    let i18n = I18n::expect();
    let Some(days) = line.days else {
        return view! {
            <span class="gantt-no-dates" style:top=format!("{}px", index as f64 * ROW_PX)>
                {move || i18n.pick(L::new("无日期", "No dates"))}
            </span>
        }
        .into_any();
    };
    let span = plan.with_untracked(|p| p.span);
    let x = |day: i64| span.at(day) as f64 * px;
    let top = index as f64 * ROW_PX;
    let bar = line.bar;
    let row = bar.row.clone();
    let left = x(days.start);
    let bar_width = (x(days.end + 1) - left).max(4.0);
    let slip = (bar.own_slip_days > 0).then(|| {
        let from = x(days.end + 1);
        let to = x(days.end + 1 + bar.own_slip_days);
        view! {
            <span
                class="gantt-slip"
                data-testid="gantt-slip"
                style:top=format!("{top}px")
                style:left=format!("{from}px")
                style:width=format!("{}px", (to - from).max(2.0))
            ></span>
        }
    });
    let ghost = (bar.pushed_days > 0).then(|| {
        let from = x(days.pushed_start);
        let to = x(days.end + 1 + bar.pushed_days);
        view! {
            <span
                class="gantt-pushed-ghost"
                data-testid="gantt-pushed"
                style:top=format!("{top}px")
                style:left=format!("{from}px")
                style:width=format!("{}px", (to - from).max(4.0))
            ></span>
        }
    });
    let marks_left = x(days.expected_end + 1).max(x(days.end + 1 + bar.pushed_days)) + 6.0;
    let (own, pushed) = (bar.own_slip_days, bar.pushed_days);
    let title = {
        let bar = bar.clone();
        move || gantt_text::title(&bar, pushed_by.as_deref(), i18n.locale())
    };
    let hover = title.clone();
    view! {
        {ghost}
        {slip}
        <a
            class="gantt-bar"
            class:is-slipped={own > 0}
            class:is-pushed={pushed > 0}
            class:is-done={bar.progress == 100}
            data-testid="gantt-bar"
            data-index=index
            data-row=row.0.clone()
            data-number=bar.number.clone()
            data-progress=bar.progress
            data-slip-days=bar.slip_days
            data-own-slip-days=own
            data-pushed=(pushed > 0).to_string()
            data-pushed-days=pushed
            href=href(&row)
            style:top=format!("{top}px")
            style:left=format!("{left}px")
            style:width=format!("{bar_width}px")
            title=hover
            aria-label=title
            on:click=move |e| open_row(&row, e)
        >
            <span class="gantt-progress" style:width=format!("{}%", bar.progress)></span>
        </a>
        <span class="gantt-marks" style:top=format!("{top}px") style:left=format!("{marks_left}px")>
            {(own > 0).then(|| view! {
                <span class="gantt-mark is-slipped" data-testid="gantt-mark-slipped">
                    {move || gantt_text::slipped(own, i18n.locale())}
                </span>
            })}
            {(pushed > 0).then(|| view! {
                <span class="gantt-mark is-pushed" data-testid="gantt-mark-pushed">
                    {move || gantt_text::pushed(pushed, i18n.locale())}
                </span>
            })}
        </span>
    }
    .into_any()
}
