//! A cell's value as the text of a form control, and back.

use concord_model::{FieldKind, Value};

use super::cell_text::{date_time_input, decimal, parse_date_time};

/// Money typed without a currency is in yuan: the first users are Chinese companies.
const DEFAULT_CURRENCY: &str = "CNY";

/// What an `<input>`/`<textarea>` of `kind` shows for `value`.
pub fn input_text(value: Option<&Value>, offset_min: i64) -> String {
    match value {
        None => String::new(),
        Some(Value::Text(s) | Value::Date(s) | Value::Person(s) | Value::Department(s)) => {
            s.clone()
        }
        Some(Value::Number(n)) => n.to_string(),
        // No thousands separators: the text must parse back.
        Some(Value::Money { minor, .. }) => decimal(*minor).replace(',', ""),
        Some(Value::DateTime(ms)) => date_time_input(*ms, offset_min),
        Some(Value::People(list) | Value::Departments(list)) => list.join(", "),
        Some(Value::Link { doc, .. }) => doc.clone(),
        Some(other) => format!("{other:?}"),
    }
}

/// The value typed into a text-like control of `kind`, or `None` when the
/// text is not one (the control keeps showing the stored value).
/// `previous` keeps what the text does not say, such as money's currency.
pub fn parse_input(
    kind: &FieldKind,
    text: &str,
    previous: Option<&Value>,
    offset_min: i64,
) -> Option<Value> {
    let trimmed = text.trim();
    let list = || {
        trimmed
            .split([',', '，', '、'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let nonempty = || (!trimmed.is_empty()).then(|| trimmed.to_owned());
    match kind {
        FieldKind::Text | FieldKind::LongText => Some(Value::Text(text.to_owned())),
        FieldKind::Number => trimmed
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(Value::Number),
        FieldKind::Money => {
            let currency = match previous {
                Some(Value::Money { currency, .. }) => currency.clone(),
                _ => DEFAULT_CURRENCY.to_owned(),
            };
            parse_minor(trimmed).map(|minor| Value::Money { minor, currency })
        }
        FieldKind::Date => is_day(trimmed).then(|| Value::Date(trimmed.to_owned())),
        FieldKind::DateTime => parse_date_time(trimmed, offset_min).map(Value::DateTime),
        FieldKind::Person => nonempty().map(Value::Person),
        FieldKind::Department => nonempty().map(Value::Department),
        FieldKind::People => Some(Value::People(list())),
        FieldKind::Departments => Some(Value::Departments(list())),
        FieldKind::Link => nonempty().map(|doc| Value::Link { doc, row: None }),
        // Chosen, ticked or rated with their own controls, not typed.
        FieldKind::SingleChoice(_)
        | FieldKind::MultipleChoice(_)
        | FieldKind::Checkbox
        | FieldKind::Attachment
        | FieldKind::Rating { .. } => None,
    }
}

/// `YYYY-MM-DD`, as `<input type=date>` gives it, for a real day.
fn is_day(text: &str) -> bool {
    text.len() == 10 && parse_date_time(&format!("{text}T00:00"), 0).is_some()
}

/// "1,234.5" → 123450 minor units; at most two decimal places. The field
/// editor's reading of money, so a row's first cells and later edits agree.
pub fn parse_minor(text: &str) -> Option<i64> {
    super::field_editor::parse_minor(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_parses_to_minor_units_and_keeps_its_currency() {
        assert_eq!(parse_minor("1,234.5"), Some(123_450));
        assert_eq!(parse_minor("-0.07"), Some(-7));
        assert_eq!(parse_minor(".5"), Some(50));
        for bad in [
            "",
            ".",
            "1.234",
            "1e3",
            "abc",
            "--1",
            "99999999999999999999",
        ] {
            assert_eq!(parse_minor(bad), None, "{bad}");
        }
        let usd = Value::Money {
            minor: 1,
            currency: "USD".into(),
        };
        assert_eq!(
            parse_input(&FieldKind::Money, "12", Some(&usd), 0),
            Some(Value::Money {
                minor: 1200,
                currency: "USD".into()
            })
        );
        let shown = input_text(
            Some(&Value::Money {
                minor: 123_456,
                currency: "CNY".into(),
            }),
            0,
        );
        assert_eq!(shown, "1234.56");
        assert_eq!(parse_minor(&shown), Some(123_456));
    }

    #[test]
    fn lists_split_on_latin_and_chinese_commas() {
        assert_eq!(
            parse_input(&FieldKind::People, "alice，bob、 carol,", None, 0),
            Some(Value::People(vec![
                "alice".into(),
                "bob".into(),
                "carol".into()
            ]))
        );
    }

    #[test]
    fn what_is_not_a_value_of_the_kind_is_refused() {
        assert_eq!(parse_input(&FieldKind::Number, "x", None, 0), None);
        assert_eq!(parse_input(&FieldKind::Number, "inf", None, 0), None);
        assert_eq!(parse_input(&FieldKind::Date, "2026-02-30", None, 0), None);
        assert_eq!(
            parse_input(&FieldKind::Date, "2026-02-28", None, 0),
            Some(Value::Date("2026-02-28".into()))
        );
        assert_eq!(parse_input(&FieldKind::Person, "  ", None, 0), None);
        assert_eq!(parse_input(&FieldKind::Checkbox, "true", None, 0), None);
    }
}
