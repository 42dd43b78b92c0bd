//! Where a Gantt chart puts things: the days it spans, the pixels a day
//! takes at each zoom, the labels of its time scale. Pure arithmetic on
//! epoch days (`Day::epoch_days`), so it is tested off the browser.

use concord_model::{Day, Locale, Localized as L, views::GanttRow};

/// How much time a screen's width shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Zoom {
    Day,
    Week,
    Month,
}

impl Zoom {
    pub const ALL: [Zoom; 3] = [Zoom::Day, Zoom::Week, Zoom::Month];

    /// Wide enough for a day's number at day zoom; a week's date at week
    /// zoom; a month's name at month zoom.
    pub fn px_per_day(self) -> f64 {
        match self {
            Zoom::Day => 32.0,
            Zoom::Week => 12.0,
            Zoom::Month => 4.0,
        }
    }

    pub fn label(self) -> L {
        match self {
            Zoom::Day => L::new("日", "Day"),
            Zoom::Week => L::new("周", "Week"),
            Zoom::Month => L::new("月", "Month"),
        }
    }

    pub fn testid(self) -> &'static str {
        match self {
            Zoom::Day => "gantt-zoom-day",
            Zoom::Week => "gantt-zoom-week",
            Zoom::Month => "gantt-zoom-month",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Zoom::Day => "day",
            Zoom::Week => "week",
            Zoom::Month => "month",
        }
    }
}

/// Days shown before the earliest date.
const MARGIN_DAYS: i64 = 3;
/// Days shown after the latest one: room for the marks beside a late bar.
const TRAILING_DAYS: i64 = 10;
/// At most this many days are drawn (three years): a typo such as 2062 for
/// 2026 must not make a chart wider than any screen can scroll.
pub const MAX_DAYS: i64 = 3 * 366;

/// The days a chart spans: `days` days from `from` (epoch days).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: i64,
    pub days: i64,
}

/// A bar's planned days and where its slip takes it, in epoch days; an end
/// is the last day of work, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BarDays {
    pub start: i64,
    pub end: i64,
    /// The end expected from its slip (`end` when on time).
    pub expected_end: i64,
    /// Where the pushed work would begin (`start` when not pushed).
    pub pushed_start: i64,
}

impl BarDays {
    /// A bar without a start is drawn as its due day alone; one that ends
    /// before it starts (a typo) from its end to its start, so it shows.
    /// `None` without a due date: nothing to draw.
    pub fn of(bar: &GanttRow) -> Option<Self> {
        let day = |t: Option<&str>| t.and_then(|t| Day::parse(t).ok()).map(Day::epoch_days);
        let due = day(bar.due.as_deref())?;
        let start = day(bar.start.as_deref()).unwrap_or(due);
        let (start, end) = (start.min(due), start.max(due));
        Some(BarDays {
            start,
            end,
            expected_end: end + bar.slip_days.max(0),
            pushed_start: start + bar.pushed_days.max(0),
        })
    }
}

impl Span {
    /// Every bar's days and today, with a margin; capped at `MAX_DAYS`
    /// around today when the dates lie further apart.
    pub fn of(bars: &[Option<BarDays>], today: i64) -> Span {
        let (mut lo, mut hi) = (today, today);
        for b in bars.iter().flatten() {
            lo = lo.min(b.start);
            hi = hi.max(b.expected_end);
        }
        let (mut from, mut to) = (lo - MARGIN_DAYS, hi + TRAILING_DAYS);
        if to - from + 1 > MAX_DAYS {
            // Keep today in view, a year of the past before it at most.
            from = from.max(today - 366);
            to = to.min(from + MAX_DAYS - 1);
        }
        Span {
            from,
            days: to - from + 1,
        }
    }

    /// The x of the start of `day`, in days from the left edge, within the span.
    pub fn at(&self, day: i64) -> i64 {
        (day - self.from).clamp(0, self.days)
    }

    pub fn width_px(&self, zoom: Zoom) -> f64 {
        self.days as f64 * zoom.px_per_day()
    }
}

/// One label of the time scale: `len` days from `at` (days from the left).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tick {
    pub at: i64,
    pub len: i64,
    pub label: String,
    pub weekend: bool,
}

/// The scale's two lines: above, months (years at month zoom); below,
/// days, weeks from Monday, or months.
pub fn ticks(span: Span, zoom: Zoom, locale: Locale) -> (Vec<Tick>, Vec<Tick>) {
    let mut upper: Vec<Tick> = Vec::new();
    let mut lower: Vec<Tick> = Vec::new();
    let zh = locale == Locale::ZhCn;
    for offset in 0..span.days {
        let Some(day) = Day::from_epoch_days(span.from + offset) else {
            continue;
        };
        let first = offset == 0;
        let (upper_starts, upper_label) = match zoom {
            Zoom::Month => (
                first || (day.month() == 1 && day.day_of_month() == 1),
                if zh {
                    format!("{}年", day.year())
                } else {
                    day.year().to_string()
                },
            ),
            _ => (
                first || day.day_of_month() == 1,
                if zh {
                    format!("{}年{}月", day.year(), day.month())
                } else {
                    format!("{} {}", month_name(day.month()), day.year())
                },
            ),
        };
        push(&mut upper, upper_starts, offset, upper_label, false);
        let (lower_starts, lower_label) = match zoom {
            Zoom::Day => (true, day.day_of_month().to_string()),
            Zoom::Week => (
                first || day.weekday() == concord_model::Weekday::Monday,
                format!("{}/{}", day.month(), day.day_of_month()),
            ),
            Zoom::Month => (
                first || day.day_of_month() == 1,
                if zh {
                    format!("{}月", day.month())
                } else {
                    month_name(day.month()).to_owned()
                },
            ),
        };
        let weekend = zoom == Zoom::Day && day.weekday().is_weekend();
        push(&mut lower, lower_starts, offset, lower_label, weekend);
    }
    (upper, lower)
}

/// Starts a tick at `offset`, or widens the current one by a day.
fn push(ticks: &mut Vec<Tick>, starts: bool, offset: i64, label: String, weekend: bool) {
    match ticks.last_mut() {
        Some(last) if !starts => last.len += 1,
        _ => ticks.push(Tick {
            at: offset,
            len: 1,
            label,
            weekend,
        }),
    }
}

/// Whether `label` fits a tick `width` px wide at the scale's 12 px font
/// (a Chinese character about 12 px, a digit or letter about 7).
pub fn label_fits(label: &str, width: f64) -> bool {
    let needed: f64 = label
        .chars()
        .map(|c| if c.is_ascii() { 7.0 } else { 12.0 })
        .sum();
    needed + 6.0 <= width
}

fn month_name(month: u8) -> &'static str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    NAMES
        .get(usize::from(month.saturating_sub(1)))
        .copied()
        .unwrap_or("")
}

/// An arrow's path from the end of one bar (`from_x`, row `from_row`) to
/// the start of another (`to_x`, row `to_row`), in pixels, rows `row_px`
/// high: out to the right, down, and in from the left. When the dependent
/// starts before its dependency ends, the arrow turns back between the rows.
pub fn arrow_path(from_x: f64, from_row: usize, to_x: f64, to_row: usize, row_px: f64) -> String {
    const STUB: f64 = 8.0;
    let y1 = (from_row as f64 + 0.5) * row_px;
    let y2 = (to_row as f64 + 0.5) * row_px;
    let out = from_x + STUB;
    if to_x - STUB >= out {
        format!("M{from_x:.1} {y1:.1}H{out:.1}V{y2:.1}H{to_x:.1}")
    } else {
        // Between the rows: half a row from the dependency, towards the dependent.
        let between = if to_row >= from_row {
            y1 + row_px / 2.0
        } else {
            y1 - row_px / 2.0
        };
        let back = to_x - STUB;
        format!("M{from_x:.1} {y1:.1}H{out:.1}V{between:.1}H{back:.1}V{y2:.1}H{to_x:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> i64 {
        Day::parse(text).map(Day::epoch_days).unwrap_or(i64::MIN)
    }

    fn bar(start: Option<&str>, due: Option<&str>, slip: i64, pushed: i64) -> GanttRow {
        GanttRow {
            row: concord_model::RowId("r".into()),
            number: None,
            title: "t".into(),
            start: start.map(str::to_owned),
            due: due.map(str::to_owned),
            progress: 0,
            depends_on: Vec::new(),
            unknown_dependencies: Vec::new(),
            slip_days: slip,
            own_slip_days: slip - pushed,
            pushed_days: pushed,
            pushed_by: None,
        }
    }

    #[test]
    fn bars_take_their_days_and_their_slip() {
        let b = BarDays::of(&bar(Some("2026-11-02"), Some("2026-11-05"), 3, 2));
        assert_eq!(
            b,
            Some(BarDays {
                start: day("2026-11-02"),
                end: day("2026-11-05"),
                expected_end: day("2026-11-08"),
                pushed_start: day("2026-11-04"),
            })
        );
        // No start: the due day alone. No due: nothing. Reversed: still drawn.
        let one = BarDays::of(&bar(None, Some("2026-11-05"), 0, 0));
        assert_eq!(
            one.map(|b| (b.start, b.end)),
            Some((day("2026-11-05"), day("2026-11-05")))
        );
        assert_eq!(BarDays::of(&bar(Some("2026-11-05"), None, 0, 0)), None);
        let reversed = BarDays::of(&bar(Some("2026-11-09"), Some("2026-11-05"), 0, 0));
        assert_eq!(reversed.map(|b| b.end - b.start), Some(4));
        assert_eq!(
            BarDays::of(&bar(Some("junk"), Some("2026-13-40"), 0, 0)),
            None
        );
    }

    #[test]
    fn the_span_holds_every_bar_and_today_and_is_capped() {
        let today = day("2026-11-20");
        let bars = [
            BarDays::of(&bar(Some("2026-11-02"), Some("2026-11-05"), 0, 0)),
            None,
            BarDays::of(&bar(Some("2026-11-10"), Some("2026-11-25"), 4, 0)),
        ];
        let span = Span::of(&bars, today);
        assert_eq!(span.from, day("2026-11-02") - MARGIN_DAYS);
        assert_eq!(span.from + span.days - 1, day("2026-11-29") + TRAILING_DAYS);
        assert_eq!(Span::of(&[], today).days, MARGIN_DAYS + TRAILING_DAYS + 1);
        // A typo far in the future keeps the chart at three years.
        let far = [BarDays::of(&bar(
            Some("2026-11-02"),
            Some("9999-12-31"),
            0,
            0,
        ))];
        let capped = Span::of(&far, today);
        assert_eq!(capped.days, MAX_DAYS);
        assert!(capped.from <= today && today < capped.from + capped.days);
        assert_eq!(capped.at(day("9999-12-31")), capped.days);
        assert_eq!(capped.at(i64::MIN / 2), 0);
    }

    #[test]
    fn the_scale_reads_in_both_languages() {
        let span = Span {
            from: day("2026-11-29"),
            days: 10,
        };
        let (months, days) = ticks(span, Zoom::Day, Locale::ZhCn);
        assert_eq!(
            months
                .iter()
                .map(|t| (t.label.as_str(), t.len))
                .collect::<Vec<_>>(),
            [("2026年11月", 2), ("2026年12月", 8)]
        );
        assert_eq!(days.len(), 10);
        assert_eq!(days[0].label, "29");
        // 29 November 2026 is a Sunday.
        assert!(days[0].weekend && !days[1].weekend);
        let (_, weeks) = ticks(span, Zoom::Week, Locale::En);
        assert_eq!(
            weeks.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(),
            ["11/29", "11/30", "12/7"]
        );
        let (years, months) = ticks(span, Zoom::Month, Locale::En);
        assert_eq!(years.len(), 1);
        assert_eq!(
            months.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(),
            ["Nov", "Dec"]
        );
    }

    #[test]
    fn arrows_go_around_when_the_dependent_starts_early() {
        assert_eq!(
            arrow_path(100.0, 0, 140.0, 2, 40.0),
            "M100.0 20.0H108.0V100.0H140.0"
        );
        assert_eq!(
            arrow_path(100.0, 0, 90.0, 1, 40.0),
            "M100.0 20.0H108.0V40.0H82.0V60.0H90.0"
        );
    }
}
