//! A cell's value as one short line of text, for table rows and cards.

use concord_model::{FieldKind, Locale, Localized as L, Value};

/// Long text is cut here: a row shows a glimpse, the sheet shows it all.
const MAX_CHARS: usize = 80;

/// The value as compact display text in the reader's language and time zone.
pub fn cell_text(kind: &FieldKind, value: &Value, locale: Locale) -> String {
    cell_text_at(kind, value, locale, local_offset_minutes())
}

/// `cell_text` with the time zone given: minutes east of UTC.
pub fn cell_text_at(kind: &FieldKind, value: &Value, locale: Locale, offset_min: i64) -> String {
    let list = |items: &[String]| items.join(separator(locale));
    match value {
        Value::Text(text) => compact(text),
        Value::Number(n) => number(*n),
        Value::Money { minor, currency } => format!("{} {currency}", decimal(*minor)),
        Value::Date(day) => day.clone(),
        Value::DateTime(ms) => date_time(*ms, offset_min),
        Value::Person(p) | Value::Department(p) => p.clone(),
        Value::People(ps) | Value::Departments(ps) => list(ps),
        Value::Choice(id) => choice_label(kind, id, locale),
        Value::Choices(ids) => {
            let labels: Vec<String> = ids
                .iter()
                .map(|id| choice_label(kind, id, locale))
                .collect();
            list(&labels)
        }
        Value::Checkbox(true) => "✓".to_owned(),
        Value::Checkbox(false) => String::new(),
        Value::Attachments(files) if files.is_empty() => String::new(),
        Value::Attachments(files) => match locale {
            Locale::ZhCn => format!("{} 个附件", files.len()),
            Locale::En if files.len() == 1 => "1 attachment".to_owned(),
            Locale::En => format!("{} attachments", files.len()),
        },
        Value::Rating(r) => {
            let max = match kind {
                FieldKind::Rating { max } => *max,
                _ => *r,
            };
            let filled = (*r).min(max) as usize;
            format!(
                "{}{}",
                "★".repeat(filled),
                "☆".repeat(max as usize - filled)
            )
        }
        Value::Link { doc, row: None } => doc.clone(),
        Value::Link {
            doc,
            row: Some(row),
        } => format!("{doc} #{row}"),
    }
}

fn separator(locale: Locale) -> &'static str {
    L::new("、", ", ").get(locale)
}

fn choice_label(kind: &FieldKind, id: &str, locale: Locale) -> String {
    kind.options()
        .iter()
        .find(|o| o.id == id)
        .map_or_else(|| id.to_owned(), |o| o.label.get(locale).to_owned())
}

/// The first characters of text on one line.
fn compact(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= MAX_CHARS {
        return line;
    }
    let mut cut: String = line.chars().take(MAX_CHARS - 1).collect();
    cut.push('…');
    cut
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Minor units (cents, fen) as a decimal with two places and thousands
/// separators: 123456 → "1,234.56".
pub fn decimal(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped}.{:02}", abs % 100)
}

/// `YYYY-MM-DD HH:MM` at `offset_min` minutes east of UTC.
pub fn date_time(ms: i64, offset_min: i64) -> String {
    let minutes = ms.div_euclid(60_000) + offset_min;
    let days = minutes.div_euclid(1440);
    let in_day = minutes.rem_euclid(1440);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", in_day / 60, in_day % 60)
}

/// Milliseconds since the epoch of a local `YYYY-MM-DDTHH:MM` (what an
/// `<input type=datetime-local>` gives) at `offset_min` minutes east of UTC.
pub fn parse_date_time(local: &str, offset_min: i64) -> Option<i64> {
    let (day, time) = local.split_once('T')?;
    let num = |s: &str| s.parse::<i64>().ok();
    let mut ymd = day.split('-');
    let (y, m, d) = (num(ymd.next()?)?, num(ymd.next()?)?, num(ymd.next()?)?);
    // A day that does not exist (30 February) does not survive the round trip.
    if ymd.next().is_some() || civil_from_days(days_from_civil(y, m, d)) != (y, m, d) {
        return None;
    }
    let mut hm = time.split(':');
    let h = num(hm.next()?)?;
    let min = num(hm.next()?)?;
    if !(0..24).contains(&h) || !(0..60).contains(&min) {
        return None;
    }
    let minutes = days_from_civil(y, m, d) * 1440 + h * 60 + min - offset_min;
    Some(minutes * 60_000)
}

/// The `<input type=datetime-local>` value for `ms`.
pub fn date_time_input(ms: i64, offset_min: i64) -> String {
    date_time(ms, offset_min).replacen(' ', "T", 1)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// The browser's time zone now, in minutes east of UTC; UTC off the browser.
pub fn local_offset_minutes() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        // JavaScript counts minutes *west* of UTC.
        -(js_sys::Date::new_0().get_timezone_offset() as i64)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

#[cfg(test)]
mod tests {
    use concord_model::{ChoiceOption, Localized};

    use super::*;

    const STATUS: &[ChoiceOption] = &[
        ChoiceOption {
            id: "open",
            label: Localized::new("未开始", "Open"),
        },
        ChoiceOption {
            id: "done",
            label: Localized::new("已完成", "Done"),
        },
    ];

    fn en(kind: FieldKind, value: Value) -> String {
        cell_text_at(&kind, &value, Locale::En, 0)
    }

    #[test]
    fn money_is_a_decimal_with_its_currency() {
        let money = |minor| Value::Money {
            minor,
            currency: "CNY".into(),
        };
        assert_eq!(en(FieldKind::Money, money(123_456_789)), "1,234,567.89 CNY");
        assert_eq!(en(FieldKind::Money, money(5)), "0.05 CNY");
        assert_eq!(en(FieldKind::Money, money(-100_000)), "-1,000.00 CNY");
        assert_eq!(decimal(i64::MIN), "-92,233,720,368,547,758.08");
    }

    #[test]
    fn choices_show_their_labels_in_the_readers_language() {
        let single = FieldKind::SingleChoice(STATUS);
        let choice = Value::Choice("done".into());
        assert_eq!(cell_text_at(&single, &choice, Locale::ZhCn, 0), "已完成");
        assert_eq!(en(single, choice), "Done");
        let multi = FieldKind::MultipleChoice(STATUS);
        let both = Value::Choices(vec!["open".into(), "done".into()]);
        assert_eq!(
            cell_text_at(&multi, &both, Locale::ZhCn, 0),
            "未开始、已完成"
        );
        assert_eq!(en(multi, both), "Open, Done");
        // An option removed from the template still shows something.
        assert_eq!(en(single, Value::Choice("gone".into())), "gone");
    }

    #[test]
    fn people_are_joined_and_checkboxes_and_ratings_are_marks() {
        let people = Value::People(vec!["alice".into(), "bob".into()]);
        assert_eq!(en(FieldKind::People, people.clone()), "alice, bob");
        assert_eq!(
            cell_text_at(&FieldKind::People, &people, Locale::ZhCn, 0),
            "alice、bob"
        );
        assert_eq!(en(FieldKind::Checkbox, Value::Checkbox(true)), "✓");
        assert_eq!(en(FieldKind::Checkbox, Value::Checkbox(false)), "");
        assert_eq!(en(FieldKind::Rating { max: 5 }, Value::Rating(3)), "★★★☆☆");
    }

    #[test]
    fn dates_and_times_read_as_calendar_days_in_the_local_zone() {
        assert_eq!(
            en(FieldKind::Date, Value::Date("2026-02-28".into())),
            "2026-02-28"
        );
        // 2024-02-29 23:30 UTC is already 1 March in Beijing (UTC+8).
        let ms = parse_date_time("2024-02-29T23:30", 0).unwrap();
        assert_eq!(
            en(FieldKind::DateTime, Value::DateTime(ms)),
            "2024-02-29 23:30"
        );
        let beijing = cell_text_at(&FieldKind::DateTime, &Value::DateTime(ms), Locale::En, 480);
        assert_eq!(beijing, "2024-03-01 07:30");
        assert_eq!(date_time(0, 0), "1970-01-01 00:00");
        assert_eq!(date_time(-60_000, 0), "1969-12-31 23:59");
        assert_eq!(date_time_input(ms, 480), "2024-03-01T07:30");
        assert_eq!(parse_date_time("2024-03-01T07:30", 480), Some(ms));
        assert_eq!(parse_date_time("2024-02-30T07:30", 0), None);
        assert_eq!(parse_date_time("2024-02-01T24:00", 0), None);
        assert_eq!(parse_date_time("nonsense", 0), None);
    }

    #[test]
    fn long_text_is_one_short_line() {
        assert_eq!(
            en(FieldKind::LongText, Value::Text("a\n  b\tc".into())),
            "a b c"
        );
        let long = "字".repeat(200);
        let shown = en(FieldKind::LongText, Value::Text(long));
        assert_eq!(shown.chars().count(), MAX_CHARS);
        assert!(shown.ends_with('…'));
        assert_eq!(en(FieldKind::Number, Value::Number(3.0)), "3");
        assert_eq!(en(FieldKind::Number, Value::Number(2.5)), "2.5");
    }
}
