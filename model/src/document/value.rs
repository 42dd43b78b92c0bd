use crate::{attachment::Attachment, calendar::Day, field::FieldKind};

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
    /// Stored files, and names typed before files were stored.
    Attachments(Vec<Attachment>),
    Rating(u8),
    Link {
        doc: String,
        row: Option<String>,
    },
}

impl Value {
    /// Blank text or an empty list: what a required field may not hold.
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Text(s) => s.trim().is_empty(),
            Value::People(v) | Value::Departments(v) | Value::Choices(v) => v.is_empty(),
            Value::Attachments(v) => v.is_empty(),
            _ => false,
        }
    }
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
        (_, Value::Date(d)) if !Day::is_day(d) => Some("not a YYYY-MM-DD date"),
        (FieldKind::Rating { max }, Value::Rating(r)) if *r < 1 || r > max => {
            Some("rating out of range")
        }
        (FieldKind::SingleChoice(_), Value::Choice(c)) if !has_option(c) => Some("no such option"),
        (FieldKind::MultipleChoice(_), Value::Choices(cs)) if !cs.iter().all(|c| has_option(c)) => {
            Some("no such option")
        }
        (_, Value::Attachments(items)) => items
            .iter()
            .filter_map(Attachment::file)
            .find_map(|file| file.misfit()),
        _ => None,
    }
}

fn is_currency(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_text_and_empty_lists_are_blank() {
        assert!(Value::Text(" \n".into()).is_blank());
        assert!(Value::People(Vec::new()).is_blank());
        assert!(!Value::Text("x".into()).is_blank());
        assert!(!Value::Checkbox(false).is_blank());
        assert!(!Value::Number(0.0).is_blank());
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
