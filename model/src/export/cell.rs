use serde::{Deserialize, Serialize};

use super::MAX_CELL_CHARS;
use crate::{Day, LocalDateTime};

/// One cell as a spreadsheet should hold it: a value a spreadsheet can
/// compute with (a number, a day, an amount in a currency), not the text a
/// row shows. In JSON (the app's `POST /api/export/xlsx`) a number or a
/// text is bare, the others a small object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Cell {
    Number(f64),
    Text(String),
    Bool(bool),
    /// A calendar day: a date cell.
    Date {
        date: Day,
    },
    /// A wall-clock time in the workspace's zone, `YYYY-MM-DD HH:MM`: a
    /// date-time cell (spreadsheets hold no zones).
    DateTime {
        datetime: String,
    },
    /// Integer minor units (cents, fen), so the amount is exact until the
    /// writer divides it; the currency goes into the cell's number format.
    Money {
        minor: i64,
        currency: String,
    },
}

impl Cell {
    /// Text cut to what one cell holds, so a very long note is kept
    /// shortened rather than refusing the whole file.
    pub fn text_within_limit(text: &str) -> Self {
        if text.chars().count() <= MAX_CELL_CHARS {
            return Cell::Text(text.to_owned());
        }
        let mut cut: String = text.chars().take(MAX_CELL_CHARS - 1).collect();
        cut.push('…');
        Cell::Text(cut)
    }

    /// The money as a decimal number of major units (1234.56).
    pub fn amount(minor: i64) -> f64 {
        minor as f64 / 100.0
    }

    /// The date-time this cell names, if it is one and reads as one.
    pub(super) fn local_date_time(text: &str) -> Option<LocalDateTime> {
        LocalDateTime::parse(text).ok()
    }
}

/// A currency code as a number format may quote it: ISO codes are three
/// letters; anything else a document holds is reduced to its letters and
/// digits, so no text of a cell can change the format.
pub fn currency_code(currency: &str) -> String {
    currency
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Whether text would be read as a formula (or a command in older
/// spreadsheets) when a CSV file is opened: it begins with `= + - @`, or
/// with a tab or carriage return that a spreadsheet skips before one.
pub fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_owned())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_cells_read_from_json() {
        let json = r#"[1.5, "x", true, {"date":"2026-03-01"}, {"datetime":"2026-03-01 08:30"},
            {"minor":123456,"currency":"CNY"}]"#;
        let cells: Vec<Cell> = serde_json::from_str(json).unwrap();
        assert_eq!(
            cells,
            vec![
                Cell::Number(1.5),
                Cell::Text("x".into()),
                Cell::Bool(true),
                Cell::Date {
                    date: Day::from_ymd(2026, 3, 1).unwrap()
                },
                Cell::DateTime {
                    datetime: "2026-03-01 08:30".into()
                },
                Cell::Money {
                    minor: 123_456,
                    currency: "CNY".into()
                },
            ]
        );
        let back = serde_json::to_string(&cells).unwrap();
        assert_eq!(serde_json::from_str::<Vec<Cell>>(&back).unwrap(), cells);
        assert!(serde_json::from_str::<Cell>(r#"{"date":"2026-02-30"}"#).is_err());
    }

    #[test]
    fn long_text_is_cut_to_one_cell() {
        let long = "字".repeat(MAX_CELL_CHARS + 10);
        let Cell::Text(cut) = Cell::text_within_limit(&long) else {
            panic!("text stays text")
        };
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(Cell::text_within_limit("短"), Cell::Text("短".into()));
    }

    #[test]
    fn formulas_and_currencies_are_recognised() {
        for text in ["=1+1", "+1", "-2", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(looks_like_formula(text), "{text:?}");
        }
        for text in ["1+1", "a=b", "", "会议", "مرحبا", "🙂=1"] {
            assert!(!looks_like_formula(text), "{text:?}");
        }
        assert_eq!(currency_code("cny"), "CNY");
        assert_eq!(currency_code("\"];@x"), "X");
    }
}
