//! A new row's cell value as the text of its control, and back: the
//! model's reading of typed text (`parse_value`, which every editor uses),
//! on this browser's clocks.

use concord_model::{FieldKind, ParseContext, ParseError, Value, parse_value};

use crate::browser_zone::BrowserZone;

/// What the control shows for `value`.
pub fn input_text(value: Option<&Value>) -> String {
    value
        .map(|value| concord_model::input_text(value, &BrowserZone))
        .unwrap_or_default()
}

/// The value typed into the control of `kind`; `Ok(None)` for blank text
/// in a kind without an empty value. `previous` keeps what the text does
/// not say: money's currency.
pub fn parse_input(
    kind: &FieldKind,
    text: &str,
    previous: Option<&Value>,
) -> Result<Option<Value>, ParseError> {
    let currency = match previous {
        Some(Value::Money { currency, .. }) => currency.as_str(),
        _ => "",
    };
    let ctx = ParseContext::new(&BrowserZone).with_currency(currency);
    parse_value(kind, text, &ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_rows_cell_reads_text_as_every_editor_does() {
        assert_eq!(
            parse_input(&FieldKind::Number, "12,5", None),
            Ok(Some(Value::Number(12.5)))
        );
        assert_eq!(
            parse_input(&FieldKind::Person, "li na", None),
            Err(ParseError::NotAnId)
        );
        let usd = Value::Money {
            minor: 1,
            currency: "USD".into(),
        };
        assert_eq!(
            parse_input(&FieldKind::Money, "12", Some(&usd)),
            Ok(Some(Value::Money {
                minor: 1200,
                currency: "USD".into()
            }))
        );
        let shown = input_text(Some(&Value::Money {
            minor: 123_456,
            currency: "CNY".into(),
        }));
        assert_eq!(shown, "1234.56");
        assert_eq!(
            parse_input(&FieldKind::Date, "2026-02-30", None),
            Err(ParseError::NotADate)
        );
        assert_eq!(parse_input(&FieldKind::Checkbox, "  ", None), Ok(None));
    }
}
