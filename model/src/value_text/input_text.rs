use crate::{
    calendar::{LocalDateTime, TimeZone},
    document::Value,
};

/// A value as the text of an input, which `parse_value` reads back to the
/// same value: numbers without a trailing `.0`, amounts with two decimals
/// and no grouping, date-times on the clocks of `zone` as
/// `<input type=datetime-local>` takes them, lists joined by commas.
pub fn input_text(value: &Value, zone: &dyn TimeZone) -> String {
    match value {
        Value::Text(s)
        | Value::Date(s)
        | Value::Person(s)
        | Value::Department(s)
        | Value::Choice(s) => s.clone(),
        Value::Number(n) => number(*n),
        Value::Money { minor, .. } => amount(*minor),
        Value::DateTime(ms) => LocalDateTime::of_instant(*ms, zone)
            .map_or_else(|| ms.to_string(), LocalDateTime::input_value),
        Value::People(v) | Value::Departments(v) | Value::Choices(v) => v.join(", "),
        Value::Attachments(v) => v
            .iter()
            .map(crate::attachment::Attachment::name)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Checkbox(b) => b.to_string(),
        Value::Rating(r) => r.to_string(),
        Value::Link { doc, row: None } => doc.clone(),
        Value::Link {
            doc,
            row: Some(row),
        } => format!("{doc}#{row}"),
    }
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Hundredths as a decimal: `199950` → `1999.50`.
fn amount(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}
