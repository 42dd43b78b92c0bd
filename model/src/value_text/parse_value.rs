use std::str::FromStr;

use super::{
    ParseContext, ParseError,
    decimal::Decimal,
    typed_date::{read_day, read_local_date_time},
    width::fold_width,
};
use crate::{
    access::{DeptId, PersonId},
    document::Value,
    field::FieldKind,
};

/// The value `text` names in a field of `kind`. Blank text (only blanks)
/// is the kind's empty value where it has one (empty text, an empty list),
/// else `Ok(None)`: no value; whether that may clear a field is the
/// caller's to say. A value that is read always fits its kind.
pub fn parse_value(
    kind: &FieldKind,
    text: &str,
    ctx: &ParseContext<'_>,
) -> Result<Option<Value>, ParseError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(empty_value(kind));
    }
    let value = match kind {
        FieldKind::Text => Value::Text(trimmed.to_owned()),
        // Long text keeps its lines and indents as typed.
        FieldKind::LongText => Value::Text(text.to_owned()),
        FieldKind::Number => Value::Number(number(trimmed)?),
        FieldKind::Money => money(trimmed, ctx.currency)?,
        FieldKind::Date => Value::Date(read_day(trimmed).ok_or(ParseError::NotADate)?.to_string()),
        FieldKind::DateTime => Value::DateTime(
            read_local_date_time(trimmed)
                .ok_or(ParseError::NotADateTime)?
                .instant(ctx.zone),
        ),
        FieldKind::Person => Value::Person(id::<PersonId>(trimmed)?),
        FieldKind::Department => Value::Department(id::<DeptId>(trimmed)?),
        FieldKind::People => Value::People(each(trimmed, id::<PersonId>)?),
        FieldKind::Departments => Value::Departments(each(trimmed, id::<DeptId>)?),
        FieldKind::SingleChoice(_) => Value::Choice(option(kind, trimmed, ctx)?),
        FieldKind::MultipleChoice(_) => {
            Value::Choices(each(trimmed, |item| option(kind, item, ctx))?)
        }
        FieldKind::Checkbox => Value::Checkbox(yes_or_no(trimmed)?),
        // Typed text names files without bytes: names, as before files were stored.
        FieldKind::Attachment => Value::Attachments(
            parse_list(trimmed)
                .into_iter()
                .map(crate::attachment::Attachment::Named)
                .collect(),
        ),
        FieldKind::Rating { max } => Value::Rating(rating(trimmed, *max)?),
        FieldKind::Link => link(trimmed)?,
    };
    Ok(Some(value))
}

/// Items of a typed list: separated by commas (Chinese ones too), the
/// enumeration comma `、`, semicolons or new lines; trimmed, blanks and
/// repeats dropped.
pub fn parse_list(text: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for item in text.split([',', '，', '、', ';', '；', '\n']) {
        let item = item.trim();
        if !item.is_empty() && !items.iter().any(|i| i == item) {
            items.push(item.to_owned());
        }
    }
    items
}

fn empty_value(kind: &FieldKind) -> Option<Value> {
    match kind {
        FieldKind::Text | FieldKind::LongText => Some(Value::Text(String::new())),
        FieldKind::People => Some(Value::People(Vec::new())),
        FieldKind::Departments => Some(Value::Departments(Vec::new())),
        FieldKind::MultipleChoice(_) => Some(Value::Choices(Vec::new())),
        FieldKind::Attachment => Some(Value::Attachments(Vec::new())),
        _ => None,
    }
}

fn each(
    text: &str,
    read: impl Fn(&str) -> Result<String, ParseError>,
) -> Result<Vec<String>, ParseError> {
    let mut out: Vec<String> = Vec::new();
    for item in parse_list(text) {
        let value = read(&item)?;
        if !out.contains(&value) {
            out.push(value);
        }
    }
    Ok(out)
}

/// A finite number; `1.5e3` is one too.
fn number(text: &str) -> Result<f64, ParseError> {
    let folded = fold_width(text);
    let (mantissa, exponent) = match folded.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => {
            let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
            let digits = exponent.strip_prefix('-').unwrap_or(exponent);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ParseError::NotANumber);
            }
            (
                mantissa,
                exponent.parse().map_err(|_| ParseError::NotANumber)?,
            )
        }
        None => (folded.as_str(), 0),
    };
    Decimal::read(mantissa)
        .and_then(|d| d.to_f64(exponent))
        .ok_or(ParseError::NotANumber)
}

/// Currencies a typed amount may carry before or after it. `¥` is the
/// yuan here, as it is in China.
const CURRENCY_MARKS: &[(&str, &str)] = &[
    ("HK$", "HKD"),
    ("US$", "USD"),
    ("RMB", "CNY"),
    ("$", "USD"),
    ("¥", "CNY"),
    ("￥", "CNY"),
    ("元", "CNY"),
    ("€", "EUR"),
];

/// An amount in hundredths, with the currency its text names (a mark or a
/// three-letter code before or after it) or else `currency`.
fn money(text: &str, currency: &str) -> Result<Value, ParseError> {
    let (amount, named) = currency_of(text);
    let minor = Decimal::read(amount)
        .and_then(|d| d.to_minor())
        .ok_or(ParseError::NotMoney)?;
    let currency = named.unwrap_or(currency);
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ParseError::NotMoney);
    }
    Ok(Value::Money {
        minor,
        currency: currency.to_owned(),
    })
}

fn currency_of(text: &str) -> (&str, Option<&str>) {
    for (mark, code) in CURRENCY_MARKS {
        if let Some(rest) = text.strip_prefix(mark).or_else(|| text.strip_suffix(mark)) {
            return (rest.trim(), Some(code));
        }
    }
    let code = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase());
    if let Some((first, rest)) = text.split_once(' ')
        && code(first)
    {
        return (rest.trim(), Some(&text[..3]));
    }
    if let Some((rest, last)) = text.rsplit_once(' ')
        && code(last)
    {
        return (rest.trim(), Some(&text[text.len() - 3..]));
    }
    (text, None)
}

/// A person's or department's id: an id has no blanks, so a name such as
/// `Li Na` is not one.
fn id<I: FromStr + ToString>(text: &str) -> Result<String, ParseError> {
    text.parse::<I>()
        .map(|id| id.to_string())
        .map_err(|_| ParseError::NotAnId)
}

/// An option's id, or its label in either language (case aside).
fn option(kind: &FieldKind, text: &str, ctx: &ParseContext<'_>) -> Result<String, ParseError> {
    let template = kind
        .options()
        .iter()
        .map(|o| (o.id, o.label.zh_cn, o.label.en));
    let custom = ctx
        .custom_options
        .iter()
        .map(|o| (o.id.as_str(), o.label.zh_cn.as_str(), o.label.en.as_str()));
    let options: Vec<(&str, &str, &str)> = template.chain(custom).collect();
    options
        .iter()
        .find(|(id, ..)| *id == text)
        .or_else(|| {
            options
                .iter()
                .find(|(_, zh, en)| zh.trim() == text || en.trim().eq_ignore_ascii_case(text))
        })
        .map(|(id, ..)| (*id).to_owned())
        .ok_or(ParseError::NotAnOption)
}

fn yes_or_no(text: &str) -> Result<bool, ParseError> {
    let folded = fold_width(text).to_ascii_lowercase();
    match folded.as_str() {
        "true" | "yes" | "y" | "1" | "是" | "✓" | "✔" | "☑" => Ok(true),
        "false" | "no" | "n" | "0" | "否" | "✗" | "✘" | "☐" => Ok(false),
        _ => Err(ParseError::NotYesOrNo),
    }
}

/// A number from 1 to `max`, or as many `★` (any `☆` after them aside).
fn rating(text: &str, max: u8) -> Result<u8, ParseError> {
    let folded = fold_width(text);
    let stars = folded.trim_end_matches('☆');
    let rating = if !stars.is_empty() && stars.chars().all(|c| c == '★') {
        u8::try_from(stars.chars().count()).ok()
    } else {
        folded.parse::<u8>().ok()
    };
    rating
        .filter(|r| (1..=max).contains(r))
        .ok_or(ParseError::NotARating)
}

/// `doc` or `doc#row`, neither with blanks.
fn link(text: &str) -> Result<Value, ParseError> {
    let (doc, row) = match text.split_once('#') {
        Some((doc, row)) => (doc.trim(), Some(row.trim())),
        None => (text, None),
    };
    let unfit = |s: &str| s.is_empty() || s.chars().any(char::is_whitespace);
    if unfit(doc) || row.is_some_and(unfit) {
        return Err(ParseError::NotALink);
    }
    Ok(Value::Link {
        doc: doc.to_owned(),
        row: row.map(str::to_owned),
    })
}
