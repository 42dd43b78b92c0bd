use super::*;
use crate::{
    calendar::{LocalDateTime, Offset},
    custom_field::{CustomOption, Label},
    document::Value,
    field::{ChoiceOption, FieldKind},
    locale::Localized,
};

const STATUS: &[ChoiceOption] = &[
    ChoiceOption {
        id: "open",
        label: Localized::new("未开始", "Not started"),
    },
    ChoiceOption {
        id: "done",
        label: Localized::new("已完成", "Done"),
    },
];

fn read(kind: FieldKind, text: &str) -> Result<Option<Value>, ParseError> {
    parse_value(&kind, text, &ParseContext::new(&Offset::CHINA))
}

fn value(kind: FieldKind, text: &str) -> Value {
    read(kind, text).unwrap().unwrap()
}

fn money(minor: i64, currency: &str) -> Value {
    Value::Money {
        minor,
        currency: currency.into(),
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn named(items: &[&str]) -> Vec<crate::Attachment> {
    strings(items)
        .into_iter()
        .map(crate::Attachment::Named)
        .collect()
}

#[test]
fn text_is_kept_and_one_line_text_is_trimmed() {
    assert_eq!(
        value(FieldKind::Text, "  Acme Ltd "),
        Value::Text("Acme Ltd".into())
    );
    assert_eq!(
        value(FieldKind::LongText, "  first\n  second"),
        Value::Text("  first\n  second".into())
    );
    assert_eq!(value(FieldKind::Text, " \t"), Value::Text(String::new()));
}

#[test]
fn numbers_take_decimal_commas_full_width_digits_and_groups() {
    let n = |t| value(FieldKind::Number, t);
    assert_eq!(n("12.5"), Value::Number(12.5));
    assert_eq!(n("12,5"), Value::Number(12.5));
    assert_eq!(n(" -3 "), Value::Number(-3.0));
    assert_eq!(n("１２．５"), Value::Number(12.5));
    assert_eq!(n("1,234"), Value::Number(1234.0));
    assert_eq!(n("1,234.5"), Value::Number(1234.5));
    assert_eq!(n("1.5e3"), Value::Number(1500.0));
    for bad in [
        "abc", "1.2.3", "inf", "NaN", "12元", "1e400", "1e", "e5", "1 2",
    ] {
        assert_eq!(
            read(FieldKind::Number, bad),
            Err(ParseError::NotANumber),
            "{bad}"
        );
    }
    assert_eq!(read(FieldKind::Number, "  "), Ok(None));
}

#[test]
fn money_is_exact_and_may_name_its_currency() {
    let m = |t| value(FieldKind::Money, t);
    assert_eq!(m("1999.5"), money(199_950, "CNY"));
    // Twelve and a half, as a number reads it: not 125.
    assert_eq!(m("12,5"), money(1250, "CNY"));
    assert_eq!(m("1,000.00"), money(100_000, "CNY"));
    assert_eq!(m("¥1,234.5"), money(123_450, "CNY"));
    assert_eq!(m("１２元"), money(1200, "CNY"));
    assert_eq!(m("US$ 3"), money(300, "USD"));
    assert_eq!(m("12.30 EUR"), money(1230, "EUR"));
    assert_eq!(m("HKD 7"), money(700, "HKD"));
    assert_eq!(m("-.07"), money(-7, "CNY"));
    let usd = ParseContext::new(&Offset::UTC).with_currency("USD");
    assert_eq!(
        parse_value(&FieldKind::Money, "12", &usd),
        Ok(Some(money(1200, "USD")))
    );
    for bad in [
        "1.234",
        "abc",
        ".",
        "-",
        "1e3",
        "99999999999999999999",
        "12 usd",
    ] {
        assert_eq!(
            read(FieldKind::Money, bad),
            Err(ParseError::NotMoney),
            "{bad}"
        );
    }
}

#[test]
fn dates_are_real_days_however_written() {
    let d = |t| value(FieldKind::Date, t);
    assert_eq!(d("2028-02-29"), Value::Date("2028-02-29".into()));
    assert_eq!(d("2026/3/5"), Value::Date("2026-03-05".into()));
    assert_eq!(d("2026年3月5日"), Value::Date("2026-03-05".into()));
    assert_eq!(d("２０２６-０３-０５"), Value::Date("2026-03-05".into()));
    for bad in ["2026-02-29", "2026-13-01", "tomorrow", "05/03/2026"] {
        assert_eq!(
            read(FieldKind::Date, bad),
            Err(ParseError::NotADate),
            "{bad}"
        );
    }
}

#[test]
fn date_times_are_read_on_the_clocks_of_the_zone() {
    let beijing = value(FieldKind::DateTime, "2024-03-01T07:30");
    let utc = parse_value(
        &FieldKind::DateTime,
        "2024-02-29 23:30",
        &ParseContext::new(&Offset::UTC),
    );
    assert_eq!(Ok(Some(beijing.clone())), utc);
    assert_eq!(beijing, Value::DateTime(1_709_249_400_000));
    for bad in [
        "2024-02-30T07:30",
        "2024-02-01T24:00",
        "2024-02-01",
        "nonsense",
    ] {
        assert_eq!(
            read(FieldKind::DateTime, bad),
            Err(ParseError::NotADateTime),
            "{bad}"
        );
    }
}

#[test]
fn people_and_departments_are_ids_not_names_with_blanks() {
    assert_eq!(
        value(FieldKind::Person, " 张伟 "),
        Value::Person("张伟".into())
    );
    assert_eq!(read(FieldKind::Person, "li na"), Err(ParseError::NotAnId));
    assert_eq!(read(FieldKind::Person, "  "), Ok(None));
    assert_eq!(
        value(FieldKind::Department, "sales"),
        Value::Department("sales".into())
    );
    assert_eq!(
        read(FieldKind::Department, "sales dept"),
        Err(ParseError::NotAnId)
    );
    assert_eq!(
        value(FieldKind::People, "alice，bob、 carol,alice;\ndave"),
        Value::People(strings(&["alice", "bob", "carol", "dave"]))
    );
    assert_eq!(
        read(FieldKind::People, "alice, li na"),
        Err(ParseError::NotAnId)
    );
    assert_eq!(value(FieldKind::People, " , "), Value::People(Vec::new()));
    assert_eq!(
        value(FieldKind::Departments, ""),
        Value::Departments(Vec::new())
    );
}

#[test]
fn choices_are_read_by_id_or_by_label_in_either_language() {
    let single = FieldKind::SingleChoice(STATUS);
    assert_eq!(value(single, "done"), Value::Choice("done".into()));
    assert_eq!(value(single, "已完成"), Value::Choice("done".into()));
    assert_eq!(value(single, "not STARTED"), Value::Choice("open".into()));
    assert_eq!(read(single, "maybe"), Err(ParseError::NotAnOption));
    assert_eq!(read(single, ""), Ok(None));
    let multiple = FieldKind::MultipleChoice(STATUS);
    assert_eq!(
        value(multiple, "已完成、open, done"),
        Value::Choices(strings(&["done", "open"]))
    );
    // A custom field's kind carries no options: they come with the context.
    let custom = [CustomOption {
        id: "c1".into(),
        label: Label::new("紧急", "Urgent"),
    }];
    let ctx = ParseContext::new(&Offset::UTC).with_custom_options(&custom);
    let kind = FieldKind::SingleChoice(&[]);
    assert_eq!(
        parse_value(&kind, "urgent", &ctx),
        Ok(Some(Value::Choice("c1".into())))
    );
    assert_eq!(
        parse_value(&kind, "紧急", &ParseContext::new(&Offset::UTC)),
        Err(ParseError::NotAnOption)
    );
}

#[test]
fn checkboxes_ratings_attachments_and_links() {
    for yes in ["true", "YES", "是", "✓", "１"] {
        assert_eq!(
            value(FieldKind::Checkbox, yes),
            Value::Checkbox(true),
            "{yes}"
        );
    }
    for no in ["false", "No", "否", "0"] {
        assert_eq!(
            value(FieldKind::Checkbox, no),
            Value::Checkbox(false),
            "{no}"
        );
    }
    assert_eq!(
        read(FieldKind::Checkbox, "perhaps"),
        Err(ParseError::NotYesOrNo)
    );
    assert_eq!(read(FieldKind::Checkbox, ""), Ok(None));
    let stars = FieldKind::Rating { max: 5 };
    assert_eq!(value(stars, "4"), Value::Rating(4));
    assert_eq!(value(stars, "★★★☆☆"), Value::Rating(3));
    for bad in ["0", "6", "★★★★★★", "four"] {
        assert_eq!(read(stars, bad), Err(ParseError::NotARating), "{bad}");
    }
    assert_eq!(
        value(FieldKind::Attachment, "spec.pdf; photo 1.jpg"),
        Value::Attachments(named(&["spec.pdf", "photo 1.jpg"]))
    );
    assert_eq!(
        value(FieldKind::Link, "doc1 # row2"),
        Value::Link {
            doc: "doc1".into(),
            row: Some("row2".into())
        }
    );
    for bad in ["doc1#", "my doc", "#row"] {
        assert_eq!(
            read(FieldKind::Link, bad),
            Err(ParseError::NotALink),
            "{bad}"
        );
    }
}

#[test]
fn what_an_input_shows_reads_back_to_the_same_value() {
    let at = LocalDateTime::parse("2026-03-05 14:30").unwrap();
    let cases = [
        (FieldKind::Text, Value::Text("Acme".into())),
        (FieldKind::Number, Value::Number(12.0)),
        (FieldKind::Number, Value::Number(-0.125)),
        (FieldKind::Number, Value::Number(1e20)),
        (FieldKind::Money, money(123_456, "CNY")),
        (FieldKind::Money, money(-7, "CNY")),
        (FieldKind::Date, Value::Date("2026-03-05".into())),
        (
            FieldKind::DateTime,
            Value::DateTime(at.instant_at(Offset::CHINA)),
        ),
        (FieldKind::Person, Value::Person("alice".into())),
        (FieldKind::People, Value::People(strings(&["alice", "bob"]))),
        (
            FieldKind::Departments,
            Value::Departments(strings(&["sales"])),
        ),
        (
            FieldKind::SingleChoice(STATUS),
            Value::Choice("done".into()),
        ),
        (
            FieldKind::MultipleChoice(STATUS),
            Value::Choices(strings(&["open", "done"])),
        ),
        (FieldKind::Checkbox, Value::Checkbox(false)),
        (FieldKind::Rating { max: 5 }, Value::Rating(2)),
        (FieldKind::Attachment, Value::Attachments(named(&["a.pdf"]))),
        (
            FieldKind::Link,
            Value::Link {
                doc: "d".into(),
                row: Some("r".into()),
            },
        ),
    ];
    for (kind, v) in cases {
        let shown = input_text(&v, &Offset::CHINA);
        assert_eq!(read(kind, &shown), Ok(Some(v.clone())), "{shown}");
        assert_eq!(crate::document::misfit(&kind, &v), None, "{v:?}");
    }
    assert_eq!(input_text(&money(123_456, "CNY"), &Offset::UTC), "1234.56");
    assert_eq!(
        input_text(
            &Value::DateTime(at.instant_at(Offset::CHINA)),
            &Offset::CHINA
        ),
        "2026-03-05T14:30"
    );
}
