//! What a person types, turned into a field's value and back. Pure, so it
//! is tested natively; the editors only wire it to inputs.

use concord_model::{DeptId, FieldKind, Localized as L, PersonId, Value};

/// Why typed input was not written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputError {
    NotANumber,
    NotMoney,
    NotADate,
    NotAnId,
    NotALink,
    CannotBeEmpty,
}

impl InputError {
    pub fn text(self) -> L {
        match self {
            InputError::NotANumber => L::new("请输入数字，例如 12.5", "Enter a number, e.g. 12.5"),
            InputError::NotMoney => L::new(
                "请输入金额，最多两位小数，例如 1999.50",
                "Enter an amount with at most two decimals, e.g. 1999.50",
            ),
            InputError::NotADate => L::new("请输入有效日期", "Enter a valid date"),
            InputError::NotAnId => L::new(
                "请输入不含空格的名字或编号",
                "Enter a name or id without blanks",
            ),
            InputError::NotALink => L::new(
                "请输入文档编号，可加 #行编号",
                "Enter a document id, optionally #row id",
            ),
            InputError::CannotBeEmpty => L::new(
                "此字段不能清空，已保留原值",
                "This field cannot be emptied; its value is kept",
            ),
        }
    }
}

/// A value typed into a one-line input, for the kinds edited that way.
/// `currency` is the money field's current currency.
pub fn parse_input(kind: &FieldKind, typed: &str, currency: &str) -> Result<Value, InputError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return match kind {
            FieldKind::Text | FieldKind::LongText => Ok(Value::Text(String::new())),
            _ => Err(InputError::CannotBeEmpty),
        };
    }
    match kind {
        FieldKind::Number => parse_number(typed).map(Value::Number),
        FieldKind::Money => parse_minor(typed).map(|minor| Value::Money {
            minor,
            currency: currency.to_owned(),
        }),
        FieldKind::Date => is_date(typed)
            .then(|| Value::Date(typed.to_owned()))
            .ok_or(InputError::NotADate),
        FieldKind::Person => typed
            .parse::<PersonId>()
            .map(|p| Value::Person(p.to_string()))
            .map_err(|_| InputError::NotAnId),
        FieldKind::Department => typed
            .parse::<DeptId>()
            .map(|d| Value::Department(d.to_string()))
            .map_err(|_| InputError::NotAnId),
        FieldKind::Link => parse_link(typed),
        _ => Ok(Value::Text(typed.to_owned())),
    }
}

/// A finite decimal number; a comma as decimal separator is accepted.
pub fn parse_number(typed: &str) -> Result<f64, InputError> {
    let normal = typed.trim().replace(',', ".");
    let plain = !normal.is_empty()
        && normal
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    match normal.parse::<f64>() {
        Ok(n) if plain && n.is_finite() => Ok(n),
        _ => Err(InputError::NotANumber),
    }
}

/// An amount such as `1999.5` or `-3` in minor units (hundredths), exactly:
/// money is never a float on the way in.
pub fn parse_minor(typed: &str) -> Result<i64, InputError> {
    let typed = typed.trim().replace([',', ' '], "");
    let (negative, digits) = match typed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, typed.strip_prefix('+').unwrap_or(&typed)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty()
        || !all_digits(whole)
        || !all_digits(fraction)
        || fraction.len() > 2
    {
        return Err(InputError::NotMoney);
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| InputError::NotMoney)?
    };
    let cents: i64 = format!("{fraction:0<2}")
        .parse()
        .map_err(|_| InputError::NotMoney)?;
    let minor = whole
        .checked_mul(100)
        .and_then(|m| m.checked_add(cents))
        .ok_or(InputError::NotMoney)?;
    Ok(if negative { -minor } else { minor })
}

/// Minor units as a decimal amount: `199950` → `1999.50`.
pub fn format_minor(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// A number as typed back into an input: no trailing `.0`.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// `doc` or `doc#row`.
pub fn parse_link(typed: &str) -> Result<Value, InputError> {
    let (doc, row) = match typed.split_once('#') {
        Some((doc, row)) => (doc.trim(), Some(row.trim())),
        None => (typed.trim(), None),
    };
    let blank = |s: &str| s.is_empty() || s.chars().any(char::is_whitespace);
    if blank(doc) || row.is_some_and(blank) {
        return Err(InputError::NotALink);
    }
    Ok(Value::Link {
        doc: doc.to_owned(),
        row: row.map(str::to_owned),
    })
}

pub fn format_link(doc: &str, row: Option<&str>) -> String {
    match row {
        Some(row) => format!("{doc}#{row}"),
        None => doc.to_owned(),
    }
}

/// The value as it goes back into a one-line input.
pub fn format_value(value: &Value) -> String {
    match value {
        Value::Text(s)
        | Value::Date(s)
        | Value::Person(s)
        | Value::Department(s)
        | Value::Choice(s) => s.clone(),
        Value::Number(n) => format_number(*n),
        Value::Money { minor, .. } => format_minor(*minor),
        Value::DateTime(ms) => ms.to_string(),
        Value::People(v) | Value::Departments(v) | Value::Choices(v) | Value::Attachments(v) => {
            v.join(", ")
        }
        Value::Checkbox(b) => b.to_string(),
        Value::Rating(r) => r.to_string(),
        Value::Link { doc, row } => format_link(doc, row.as_deref()),
    }
}

/// A real calendar day, as the model judges it (its own check is what a
/// date field's `misfit` runs).
fn is_date(s: &str) -> bool {
    use concord_model::{CustomField, CustomKind, Label};
    let date_field = CustomField {
        id: "date".into(),
        label: Label::new("", ""),
        kind: CustomKind::Date,
        required: false,
        table: None,
    };
    date_field.misfit(&Value::Date(s.to_owned())).is_none()
}

/// A minimal edit turning `old` into `new`: one splice at the first
/// difference, positions and lengths in characters (Automerge's unit), so
/// a keystroke is a one-character insert that merges with others' typing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    pub pos: usize,
    pub del: usize,
    pub insert: String,
}

pub fn splice_between(old: &str, new: &str) -> Option<Splice> {
    if old == new {
        return None;
    }
    let old_chars: Vec<char> = old.chars().collect();
    let new_chars: Vec<char> = new.chars().collect();
    let prefix = old_chars
        .iter()
        .zip(&new_chars)
        .take_while(|(a, b)| a == b)
        .count();
    let max_suffix = old_chars.len().min(new_chars.len()) - prefix;
    let suffix = old_chars
        .iter()
        .rev()
        .zip(new_chars.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    Some(Splice {
        pos: prefix,
        del: old_chars.len() - prefix - suffix,
        insert: new_chars[prefix..new_chars.len() - suffix].iter().collect(),
    })
}

impl Splice {
    /// Where a caret at `caret` (characters) lands after this splice made
    /// by someone else: after the change if it was inside or before it.
    pub fn moved_caret(&self, caret: usize) -> usize {
        let inserted = self.insert.chars().count();
        if caret <= self.pos {
            caret
        } else if caret >= self.pos + self.del {
            caret - self.del + inserted
        } else {
            self.pos + inserted
        }
    }
}

/// A UTF-16 offset (what the browser's selection says) in characters.
pub fn utf16_to_chars(s: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in s.chars().enumerate() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    s.chars().count()
}

/// A character offset as a UTF-16 offset, for setting the selection.
pub fn chars_to_utf16(s: &str, chars: usize) -> usize {
    s.chars().take(chars).map(char::len_utf16).sum()
}

/// Items typed into a list input: separated by commas (also Chinese ones)
/// or new lines, trimmed, blanks and repeats dropped.
pub fn split_list(typed: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in typed.split([',', '，', '、', '\n', ';', '；']) {
        let item = item.trim();
        if !item.is_empty() && !out.iter().any(|o| o == item) {
            out.push(item.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_or_say_why_not() {
        assert_eq!(parse_number("12.5"), Ok(12.5));
        assert_eq!(parse_number(" -3 "), Ok(-3.0));
        assert_eq!(parse_number("2,5"), Ok(2.5));
        for bad in ["abc", "1.2.3", "inf", "NaN", "", "12元"] {
            assert_eq!(parse_number(bad), Err(InputError::NotANumber), "{bad}");
        }
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_number(12.5), "12.5");
    }

    #[test]
    fn money_is_exact_minor_units() {
        assert_eq!(parse_minor("1999.5"), Ok(199_950));
        assert_eq!(parse_minor("0.07"), Ok(7));
        assert_eq!(parse_minor("-3"), Ok(-300));
        assert_eq!(parse_minor(".5"), Ok(50));
        assert_eq!(parse_minor("1,000.00"), Ok(100_000));
        for bad in ["1.234", "abc", ".", "-", "1e3", "99999999999999999999"] {
            assert_eq!(parse_minor(bad), Err(InputError::NotMoney), "{bad}");
        }
        assert_eq!(format_minor(199_950), "1999.50");
        assert_eq!(format_minor(-7), "-0.07");
        assert_eq!(format_minor(0), "0.00");
    }

    #[test]
    fn typed_input_becomes_a_value_of_the_fields_kind() {
        assert_eq!(
            parse_input(&FieldKind::Number, "abc", "CNY"),
            Err(InputError::NotANumber)
        );
        assert_eq!(
            parse_input(&FieldKind::Money, "12.3", "CNY"),
            Ok(Value::Money {
                minor: 1230,
                currency: "CNY".into()
            })
        );
        assert_eq!(
            parse_input(&FieldKind::Date, "2026-02-29", ""),
            Err(InputError::NotADate)
        );
        assert_eq!(
            parse_input(&FieldKind::Date, "2028-02-29", ""),
            Ok(Value::Date("2028-02-29".into()))
        );
        assert_eq!(
            parse_input(&FieldKind::Person, "li na", ""),
            Err(InputError::NotAnId)
        );
        assert_eq!(
            parse_input(&FieldKind::Person, "张伟", ""),
            Ok(Value::Person("张伟".into()))
        );
        assert_eq!(
            parse_input(&FieldKind::Link, "doc1#row2", ""),
            Ok(Value::Link {
                doc: "doc1".into(),
                row: Some("row2".into())
            })
        );
        assert_eq!(
            parse_input(&FieldKind::Link, "doc1#", ""),
            Err(InputError::NotALink)
        );
        assert_eq!(
            parse_input(&FieldKind::Text, "  ", ""),
            Ok(Value::Text(String::new()))
        );
        assert_eq!(
            parse_input(&FieldKind::Number, " ", ""),
            Err(InputError::CannotBeEmpty)
        );
    }

    #[test]
    fn a_keystroke_is_a_one_character_splice() {
        assert_eq!(splice_between("abc", "abc"), None);
        assert_eq!(
            splice_between("背景客户", "背景新客户"),
            Some(Splice {
                pos: 2,
                del: 0,
                insert: "新".into()
            })
        );
        assert_eq!(
            splice_between("aaa", "aa"),
            Some(Splice {
                pos: 2,
                del: 1,
                insert: String::new()
            })
        );
        assert_eq!(
            splice_between("hello world", "hello there"),
            Some(Splice {
                pos: 6,
                del: 5,
                insert: "there".into()
            })
        );
        // Applying the splice gives the new text back.
        for (old, new) in [("", "x"), ("abcabc", "abXc"), ("😀a", "😀ba"), ("ab", "")] {
            let s = splice_between(old, new).unwrap();
            let mut chars: Vec<char> = old.chars().collect();
            chars.splice(s.pos..s.pos + s.del, s.insert.chars());
            assert_eq!(chars.iter().collect::<String>(), new);
        }
    }

    #[test]
    fn the_caret_stays_with_its_text_when_others_edit() {
        let remote = Splice {
            pos: 2,
            del: 1,
            insert: "XYZ".into(),
        };
        assert_eq!(remote.moved_caret(1), 1);
        assert_eq!(remote.moved_caret(2), 2);
        assert_eq!(remote.moved_caret(5), 7);
        assert_eq!(remote.moved_caret(3), 5);
        assert_eq!(utf16_to_chars("😀ab", 3), 2);
        assert_eq!(chars_to_utf16("😀ab", 2), 3);
        assert_eq!(utf16_to_chars("ab", 10), 2);
    }

    #[test]
    fn lists_split_on_any_comma() {
        assert_eq!(
            split_list("ann, bob，carol、ann\n dave ;"),
            ["ann", "bob", "carol", "dave"]
        );
        assert!(split_list(" , ").is_empty());
    }
}
