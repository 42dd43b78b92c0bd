use crate::field::FieldKind;

/// A typed field or cell value. Long text is read as `Text` but edited with
/// `ConcordDoc::splice_text`, since it is an Automerge Text underneath.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    /// Integer minor units (cents, fen) so sums never round.
    Money {
        minor: i64,
        currency: String,
    },
    /// `YYYY-MM-DD`: a calendar day, with no time zone to drift through.
    Date(String),
    /// Milliseconds since the Unix epoch.
    DateTime(i64),
    Person(String),
    People(Vec<String>),
    Department(String),
    Departments(Vec<String>),
    /// An option id of the field's choices.
    Choice(String),
    Choices(Vec<String>),
    Checkbox(bool),
    /// References to stored attachments.
    Attachments(Vec<String>),
    Rating(u8),
    Link {
        doc: String,
        row: Option<String>,
    },
}

/// Why a value does not fit a field, if it does not.
pub fn misfit(kind: &FieldKind, value: &Value) -> Option<&'static str> {
    let options = kind.options();
    misfit_with(kind, value, &|id| options.iter().any(|o| o.id == id))
}

/// `misfit` with the choice options given apart from the kind: a custom
/// field's options are the document's, not `'static` template data.
pub fn misfit_with(
    kind: &FieldKind,
    value: &Value,
    has_option: &dyn Fn(&str) -> bool,
) -> Option<&'static str> {
    let fits_kind = matches!(
        (kind, value),
        (FieldKind::Text | FieldKind::LongText, Value::Text(_))
            | (FieldKind::Number, Value::Number(_))
            | (FieldKind::Money, Value::Money { .. })
            | (FieldKind::Date, Value::Date(_))
            | (FieldKind::DateTime, Value::DateTime(_))
            | (FieldKind::Person, Value::Person(_))
            | (FieldKind::People, Value::People(_))
            | (FieldKind::Department, Value::Department(_))
            | (FieldKind::Departments, Value::Departments(_))
            | (FieldKind::SingleChoice(_), Value::Choice(_))
            | (FieldKind::MultipleChoice(_), Value::Choices(_))
            | (FieldKind::Checkbox, Value::Checkbox(_))
            | (FieldKind::Attachment, Value::Attachments(_))
            | (FieldKind::Rating { .. }, Value::Rating(_))
            | (FieldKind::Link, Value::Link { .. })
    );
    if !fits_kind {
        return Some("wrong kind");
    }
    match (kind, value) {
        (_, Value::Number(n)) if !n.is_finite() => Some("not a finite number"),
        (_, Value::Money { currency, .. }) if !is_currency(currency) => {
            Some("currency is not a three-letter code")
        }
        (_, Value::Date(d)) if !is_date(d) => Some("not a YYYY-MM-DD date"),
        (FieldKind::Rating { max }, Value::Rating(r)) if *r < 1 || r > max => {
            Some("rating out of range")
        }
        (FieldKind::SingleChoice(_), Value::Choice(c)) if !has_option(c) => Some("no such option"),
        (FieldKind::MultipleChoice(_), Value::Choices(cs)) if !cs.iter().all(|c| has_option(c)) => {
            Some("no such option")
        }
        _ => None,
    }
}

fn is_currency(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// A real calendar day, leap years included.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_real_days() {
        for ok in ["2024-02-29", "2026-12-31", "2000-02-29"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-1-01",
            "26-01-01x",
            "2026-04-31",
            "２０２６-01-01",
            "",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn values_must_fit_their_kind() {
        assert_eq!(
            misfit(&FieldKind::Number, &Value::Text("1".into())),
            Some("wrong kind")
        );
        assert_eq!(
            misfit(&FieldKind::Number, &Value::Number(f64::NAN)),
            Some("not a finite number")
        );
        assert_eq!(
            misfit(&FieldKind::Rating { max: 5 }, &Value::Rating(6)),
            Some("rating out of range")
        );
        assert_eq!(
            misfit(&FieldKind::Rating { max: 5 }, &Value::Rating(0)),
            Some("rating out of range")
        );
        assert_eq!(
            misfit(&FieldKind::Rating { max: 5 }, &Value::Rating(5)),
            None
        );
        let money = Value::Money {
            minor: 1999,
            currency: "cny".into(),
        };
        assert!(misfit(&FieldKind::Money, &money).is_some());
    }
}
