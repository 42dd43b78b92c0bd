//! Decimal numbers as people write them: a decimal point or a decimal
//! comma, digits grouped by commas, dots, blanks or apostrophes.

use super::width::fold_width;

/// What may group the digits of a whole part: `1,234`, `1 234`, `1'234`,
/// and the dot where a comma is the decimal separator (`1.234,5`).
fn is_group_mark(c: char) -> bool {
    matches!(c, ',' | '.' | ' ' | '\u{A0}' | '\u{202F}' | '\'')
}

/// A decimal read to its digits: the sign, the whole part and the fraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Decimal {
    negative: bool,
    whole: String,
    fraction: String,
}

impl Decimal {
    /// Reads `text` (blanks around it and full-width forms allowed). The
    /// decimal separator is a point, or a comma where no point is: `12,5`
    /// is twelve and a half. A comma followed by exactly three digits
    /// after one to three others groups thousands, as written in China:
    /// `1,234` is one thousand two hundred and thirty-four. Where both
    /// appear, the last one is the decimal separator (`1.234,5`).
    pub(super) fn read(text: &str) -> Option<Self> {
        let folded = fold_width(text);
        let trimmed = folded.trim();
        let (negative, body) = match trimmed.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
        };
        if !body.chars().all(|c| c.is_ascii_digit() || is_group_mark(c)) {
            return None;
        }
        let (whole, fraction) = match decimal_separator(body) {
            Some(at) => (&body[..at], &body[at + 1..]),
            None => (body, ""),
        };
        if !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let whole = ungrouped(whole)?;
        if whole.is_empty() && fraction.is_empty() {
            return None;
        }
        Some(Self {
            negative,
            whole,
            fraction: fraction.to_owned(),
        })
    }

    /// The number, if finite; `exponent` scales it by a power of ten.
    pub(super) fn to_f64(&self, exponent: i32) -> Option<f64> {
        let sign = if self.negative { "-" } else { "" };
        let whole = if self.whole.is_empty() {
            "0"
        } else {
            &self.whole
        };
        let fraction = if self.fraction.is_empty() {
            "0"
        } else {
            &self.fraction
        };
        format!("{sign}{whole}.{fraction}e{exponent}")
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
    }

    /// Hundredths, exactly; `None` past two decimals or beyond `i64`.
    pub(super) fn to_minor(&self) -> Option<i64> {
        if self.fraction.len() > 2 {
            return None;
        }
        let whole: i64 = if self.whole.is_empty() {
            0
        } else {
            self.whole.parse().ok()?
        };
        let cents: i64 = format!("{:0<2}", self.fraction).parse().ok()?;
        let minor = whole.checked_mul(100)?.checked_add(cents)?;
        Some(if self.negative { -minor } else { minor })
    }
}

/// Where the decimal separator is, if the text has one (see `Decimal::read`).
fn decimal_separator(body: &str) -> Option<usize> {
    let last_dot = body.rfind('.');
    let last_comma = body.rfind(',');
    match (last_dot, last_comma) {
        (Some(dot), Some(comma)) => Some(dot.max(comma)),
        (Some(dot), None) => Some(dot),
        (None, Some(comma)) if body.matches(',').count() == 1 => {
            let (before, after) = (&body[..comma], &body[comma + 1..]);
            let thousands = after.len() == 3
                && ungrouped(before).is_some_and(|b| !b.is_empty())
                && before.len() <= 3
                && !before.starts_with('0');
            (!thousands).then_some(comma)
        }
        (None, _) => None,
    }
}

/// The digits of a whole part without its group marks, if it is grouped
/// properly: one to three digits, then groups of exactly three.
fn ungrouped(whole: &str) -> Option<String> {
    let groups: Vec<&str> = whole.split(is_group_mark).collect();
    let all_digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    match groups.as_slice() {
        [only] if all_digits(only) => Some((*only).to_owned()),
        [first, rest @ ..] => {
            let first_ok =
                (1..=3).contains(&first.len()) && all_digits(first) && !first.starts_with('0');
            let rest_ok = rest.iter().all(|g| g.len() == 3 && all_digits(g));
            (first_ok && rest_ok).then(|| groups.concat())
        }
        [] => Some(String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Option<f64> {
        Decimal::read(text)?.to_f64(0)
    }

    #[test]
    fn decimal_points_commas_and_groups() {
        assert_eq!(number("12.5"), Some(12.5));
        assert_eq!(number("12,5"), Some(12.5));
        assert_eq!(number("0,500"), Some(0.5));
        assert_eq!(number("1,234"), Some(1234.0));
        assert_eq!(number("1,234,567.5"), Some(1_234_567.5));
        assert_eq!(number("1.234,5"), Some(1234.5));
        assert_eq!(number("1 234,5"), Some(1234.5));
        assert_eq!(number("1'234.5"), Some(1234.5));
        assert_eq!(number("1234,567"), Some(1234.567));
        assert_eq!(number(" +.5 "), Some(0.5));
        assert_eq!(number("5."), Some(5.0));
        assert_eq!(number("－１２，５"), Some(-12.5));
        for bad in [
            "",
            "-",
            ".",
            ",",
            "1.2.3",
            "12,34,567",
            "1,2,3",
            "01,234,567",
            "1 2",
            "--1",
            "1-2",
            "12元",
            "abc",
            "1e3",
        ] {
            assert_eq!(Decimal::read(bad), None, "{bad}");
        }
    }

    #[test]
    fn hundredths_are_exact() {
        let minor = |t: &str| Decimal::read(t)?.to_minor();
        assert_eq!(minor("1999.5"), Some(199_950));
        assert_eq!(minor("12,5"), Some(1250));
        assert_eq!(minor("-0.07"), Some(-7));
        assert_eq!(minor("1,000.00"), Some(100_000));
        assert_eq!(minor("1.234"), None);
        assert_eq!(minor("99999999999999999999"), None);
        assert_eq!(minor("92233720368547758.07"), Some(i64::MAX));
    }
}
