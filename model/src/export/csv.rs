use std::collections::BTreeSet;

use super::{Cell, Sheet, SheetError, cell::looks_like_formula};

/// The media type the app names a CSV download with.
pub const CSV_MIME: &str = "text/csv;charset=utf-8";

/// UTF-8's byte-order mark: without it Excel reads a CSV file in the
/// machine's legacy code page and Chinese turns to mojibake.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The sheet as a CSV file: the header line and the rows (a CSV file holds
/// one table, so the preamble stays in the .xlsx file only), UTF-8 with a
/// byte-order mark, CRLF line ends. Values are written as a spreadsheet
/// reads them back (days `YYYY-MM-DD`, amounts as plain decimals, with
/// their currency in the header when the column has one currency), and
/// text that would read as a formula gets a leading `'`.
pub fn to_csv(sheet: &Sheet) -> Result<Vec<u8>, SheetError> {
    sheet.check()?;
    let currencies = column_currencies(sheet);
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    let failed = |e: csv::Error| SheetError::Writer(e.to_string());
    let header = sheet.columns.iter().zip(&currencies).map(|(column, one)| {
        let title = guarded(&column.title);
        match one {
            Some(currency) => format!("{title} ({currency})"),
            None => title,
        }
    });
    out.write_record(header).map_err(failed)?;
    for cells in &sheet.rows {
        let line = (0..sheet.columns.len()).map(|col| match cells.get(col) {
            None => String::new(),
            Some(cell) => text_of(cell, currencies[col].is_some()),
        });
        out.write_record(line).map_err(failed)?;
    }
    out.into_inner()
        .map_err(|e| SheetError::Writer(e.to_string()))
}

/// Per column, the one currency all its money cells share (then its cells
/// are bare numbers); none when it has no money or several currencies.
fn column_currencies(sheet: &Sheet) -> Vec<Option<String>> {
    (0..sheet.columns.len())
        .map(|col| {
            let found: BTreeSet<&str> = sheet
                .rows
                .iter()
                .filter_map(|cells| match cells.get(col) {
                    Some(Cell::Money { currency, .. }) => Some(currency.as_str()),
                    _ => None,
                })
                .collect();
            let mut found = found.into_iter();
            match (found.next(), found.next()) {
                (Some(one), None) => Some(super::currency_code(one)).filter(|c| !c.is_empty()),
                _ => None,
            }
        })
        .collect()
}

fn text_of(cell: &Cell, currency_in_header: bool) -> String {
    match cell {
        Cell::Number(n) => n.to_string(),
        Cell::Text(text) => guarded(text),
        Cell::Bool(true) => "TRUE".to_owned(),
        Cell::Bool(false) => "FALSE".to_owned(),
        Cell::Date { date } => date.to_string(),
        Cell::DateTime { datetime } => datetime.clone(),
        Cell::Money { minor, .. } if currency_in_header => decimal(*minor),
        Cell::Money { minor, currency } => format!("{} {}", decimal(*minor), currency),
    }
}

/// Text a spreadsheet would run as a formula, made plain text with the
/// apostrophe spreadsheets themselves use for that.
fn guarded(text: &str) -> String {
    if looks_like_formula(text) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Minor units as a plain decimal with two places, exact (no float):
/// -123456 → "-1234.56".
fn decimal(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Day, export::Column};

    fn column(title: &str) -> Column {
        Column {
            title: title.into(),
            width: None,
        }
    }

    fn cny(minor: i64) -> Cell {
        Cell::Money {
            minor,
            currency: "CNY".into(),
        }
    }

    fn sheet(rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            name: "任务".into(),
            preamble: vec![("文档".into(), "不进入 CSV".into())],
            columns: ["任务", "截止", "预算", "完成", "=标题"]
                .into_iter()
                .map(column)
                .collect(),
            rows,
        }
    }

    fn text(bytes: &[u8]) -> &str {
        let body = bytes.strip_prefix(BOM).expect("the file starts with a BOM");
        std::str::from_utf8(body).unwrap()
    }

    #[test]
    fn a_csv_file_is_utf8_with_a_bom_and_typed_values() {
        let day = Day::from_ymd(2026, 3, 1).unwrap();
        let file = to_csv(&sheet(vec![
            vec![
                "写方案".into(),
                Cell::Date { date: day },
                cny(123_456),
                Cell::Bool(true),
            ],
            vec![
                "多行\n\"引号\", 逗号".into(),
                Cell::DateTime {
                    datetime: "2026-03-01 08:30".into(),
                },
                cny(-5),
                Cell::Number(2.5),
            ],
        ]))
        .unwrap();
        assert_eq!(
            text(&file),
            "任务,截止,预算 (CNY),完成,'=标题\r\n\
             写方案,2026-03-01,1234.56,TRUE,\r\n\
             \"多行\n\"\"引号\"\", 逗号\",2026-03-01 08:30,-0.05,2.5,\r\n"
        );
        assert!(!text(&file).contains("不进入"), "no preamble in a CSV file");
    }

    #[test]
    fn hostile_text_never_becomes_a_formula() {
        let hostile = ["=HYPERLINK(\"http://x\")", "+1", "-1+1", "@SUM(A1)", "\t=1"];
        let rows = hostile.iter().map(|t| vec![Cell::from(*t)]).collect();
        let file = to_csv(&sheet(rows)).unwrap();
        let lines: Vec<&str> = text(&file).split("\r\n").skip(1).collect();
        assert_eq!(lines[0], "\"'=HYPERLINK(\"\"http://x\"\")\",,,,");
        assert_eq!(lines[1], "'+1,,,,");
        assert_eq!(lines[2], "'-1+1,,,,");
        assert_eq!(lines[3], "'@SUM(A1),,,,");
        assert_eq!(lines[4], "'\t=1,,,,");
        // A negative amount is a number, not text: it is not guarded.
        let file = to_csv(&sheet(vec![vec!["".into(), "".into(), cny(-100)]])).unwrap();
        assert!(text(&file).ends_with(",,-1.00,,\r\n"));
    }

    #[test]
    fn emoji_rtl_and_mixed_currencies_come_out_whole() {
        let usd = Cell::Money {
            minor: 100,
            currency: "USD".into(),
        };
        let file = to_csv(&sheet(vec![
            vec!["🙂👍🏽 مرحبا".into(), "".into(), cny(100)],
            vec!["".into(), "".into(), usd],
        ]))
        .unwrap();
        let text = text(&file);
        assert!(
            text.starts_with("任务,截止,预算,"),
            "two currencies: {text}"
        );
        assert!(text.contains("🙂👍🏽 مرحبا,,1.00 CNY,,\r\n"), "{text}");
        assert!(text.contains(",,1.00 USD,,\r\n"), "{text}");
    }

    #[test]
    fn a_sheet_that_cannot_be_written_is_refused() {
        let mut bad = sheet(vec![]);
        bad.rows.push(vec![Cell::Number(f64::INFINITY)]);
        assert_eq!(to_csv(&bad), Err(SheetError::NotFinite));
    }
}
