//! A cell's value as one short line of text, for table rows, cards and
//! search: written once here, so the relay searches the texts people read
//! in the app (choices by label, times in a zone, money with separators).

use crate::{FieldKind, LocalDateTime, Locale, Localized as L, TimeZone, Value};

/// Long text is cut here: a row shows a glimpse, the sheet shows it all.
const MAX_CHARS: usize = 80;

/// The value as compact display text in `locale`, its times read on the
/// clocks of `zone`; people and departments as their ids (`cell_text_named`
/// names them).
pub fn cell_text_at(
    kind: &FieldKind,
    value: &Value,
    locale: Locale,
    zone: &dyn TimeZone,
) -> String {
    let list = |items: &[String]| items.join(separator(locale));
    match value {
        Value::Text(text) => compact(text),
        Value::Number(n) => number(*n),
        Value::Money { minor, currency } => format!("{} {currency}", decimal(*minor)),
        Value::Date(day) => day.clone(),
        Value::DateTime(ms) => LocalDateTime::text_of(*ms, zone),
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

/// `cell_text_at` as a person reads it in a list: people and departments
/// by the names `person` and `department` give their ids (the directory,
/// which the model does not hold), everything else as `cell_text_at`.
pub fn cell_text_named(
    kind: &FieldKind,
    value: &Value,
    locale: Locale,
    zone: &dyn TimeZone,
    person: &dyn Fn(&str) -> String,
    department: &dyn Fn(&str) -> String,
) -> String {
    let list = |ids: &[String], name: &dyn Fn(&str) -> String| {
        let names: Vec<String> = ids.iter().map(|id| name(id)).collect();
        names.join(separator(locale))
    };
    match value {
        Value::Person(id) => person(id),
        Value::Department(id) => department(id),
        Value::People(ids) => list(ids, person),
        Value::Departments(ids) => list(ids, department),
        _ => cell_text_at(kind, value, locale, zone),
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
fn decimal(minor: i64) -> String {
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

#[cfg(test)]
mod tests {
    use crate::{ChoiceOption, Localized, Offset};

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
        cell_text_at(&kind, &value, Locale::En, &Offset::UTC)
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
        assert_eq!(
            cell_text_at(&single, &choice, Locale::ZhCn, &Offset::UTC),
            "已完成"
        );
        assert_eq!(en(single, choice), "Done");
        let multi = FieldKind::MultipleChoice(STATUS);
        let both = Value::Choices(vec!["open".into(), "done".into()]);
        assert_eq!(
            cell_text_at(&multi, &both, Locale::ZhCn, &Offset::UTC),
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
            cell_text_at(&FieldKind::People, &people, Locale::ZhCn, &Offset::UTC),
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
        let ms = 1_709_249_400_000;
        assert_eq!(
            en(FieldKind::DateTime, Value::DateTime(ms)),
            "2024-02-29 23:30"
        );
        let beijing = cell_text_at(
            &FieldKind::DateTime,
            &Value::DateTime(ms),
            Locale::En,
            &Offset::CHINA,
        );
        assert_eq!(beijing, "2024-03-01 07:30");
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

    #[test]
    fn cells_naming_people_read_as_names() {
        let person = |id: &str| match id {
            "li.na" => "李娜".to_owned(),
            other => other.to_owned(),
        };
        let department = |id: &str| match id {
            "sales" => "销售部".to_owned(),
            other => other.to_owned(),
        };
        let named = |kind: FieldKind, value: Value, locale| {
            cell_text_named(&kind, &value, locale, &Offset::UTC, &person, &department)
        };
        let people = Value::People(vec!["li.na".into(), "zed".into()]);
        assert_eq!(
            named(FieldKind::People, people.clone(), Locale::ZhCn),
            "李娜、zed"
        );
        assert_eq!(named(FieldKind::People, people, Locale::En), "李娜, zed");
        let person_cell = Value::Person("li.na".into());
        assert_eq!(named(FieldKind::Person, person_cell, Locale::En), "李娜");
        let dept = Value::Department("sales".into());
        assert_eq!(named(FieldKind::Department, dept, Locale::En), "销售部");
        let text = Value::Text("li.na".into());
        assert_eq!(
            named(FieldKind::Text, text, Locale::En),
            "li.na",
            "text stays"
        );
    }
}
