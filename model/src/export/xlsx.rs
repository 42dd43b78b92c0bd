use std::collections::BTreeMap;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::{Cell, Sheet, SheetError, currency_code};

/// The sheet as an .xlsx file with one worksheet (`to_xlsx_book`).
pub fn to_xlsx(sheet: &Sheet) -> Result<Vec<u8>, SheetError> {
    to_xlsx_book(std::slice::from_ref(sheet))
}

/// The sheets as one .xlsx workbook, a worksheet each, in order: the
/// preamble's labels and the header line in bold, every text cell written
/// as text (never read as a formula or a date, whatever it starts with),
/// days and times as date cells, money as a number in its currency's
/// format, checkboxes as booleans.
pub fn to_xlsx_book(sheets: &[Sheet]) -> Result<Vec<u8>, SheetError> {
    Sheet::check_book(sheets)?;
    write(sheets).map_err(|e| SheetError::Writer(e.to_string()))
}

/// The cell formats of one workbook, made once and shared by its sheets.
struct Formats {
    bold: Format,
    date: Format,
    date_time: Format,
    money: BTreeMap<String, Format>,
}

impl Formats {
    fn new() -> Self {
        Self {
            bold: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            date_time: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            money: BTreeMap::new(),
        }
    }

    /// Two decimals with separators and the currency's code quoted after:
    /// the amount stays a number a spreadsheet sums.
    fn money(&mut self, currency: &str) -> &Format {
        let code = currency_code(currency);
        self.money.entry(code).or_insert_with_key(|code| {
            let pattern = if code.is_empty() {
                "#,##0.00".to_owned()
            } else {
                format!("#,##0.00 \"{code}\"")
            };
            Format::new().set_num_format(pattern)
        })
    }
}

fn write(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let mut formats = Formats::new();
    for sheet in sheets {
        write_sheet(book.add_worksheet(), sheet, &mut formats)?;
    }
    book.save_to_buffer()
}

fn write_sheet(out: &mut Worksheet, sheet: &Sheet, formats: &mut Formats) -> Result<(), XlsxError> {
    out.set_name(&sheet.name)?;
    for (line, (label, value)) in (0u32..).zip(&sheet.preamble) {
        out.write_string_with_format(line, 0, label, &formats.bold)?;
        out.write_string(line, 1, value)?;
    }
    // `check` keeps every count below Excel's limits, which fit these types.
    let header = (sheet.header_lines() - 1) as u32;
    for (col, column) in (0u16..).zip(&sheet.columns) {
        out.write_string_with_format(header, col, &column.title, &formats.bold)?;
        if let Some(width) = column.width {
            out.set_column_width(col, width)?;
        }
    }
    for (line, cells) in (header + 1..).zip(&sheet.rows) {
        for (col, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Number(n) => out.write_number(line, col, *n)?,
                Cell::Text(t) => out.write_string(line, col, t)?,
                Cell::Bool(b) => out.write_boolean(line, col, *b)?,
                Cell::Date { date } => {
                    match ExcelDateTime::from_ymd(
                        year(date.year()),
                        date.month(),
                        date.day_of_month(),
                    ) {
                        Ok(day) => out.write_datetime_with_format(line, col, day, &formats.date)?,
                        // Before 1900 a spreadsheet has no date cells: the day as text.
                        Err(_) => out.write_string(line, col, date.to_string())?,
                    }
                }
                Cell::DateTime { datetime } => {
                    let when = Cell::local_date_time(datetime).and_then(|t| {
                        let day = t.day();
                        ExcelDateTime::from_ymd(year(day.year()), day.month(), day.day_of_month())
                            .and_then(|d| d.and_hms(t.hour().into(), t.minute(), t.second()))
                            .ok()
                    });
                    match when {
                        Some(when) => {
                            out.write_datetime_with_format(line, col, when, &formats.date_time)?
                        }
                        None => out.write_string(line, col, datetime)?,
                    }
                }
                Cell::Money { minor, currency } => out.write_number_with_format(
                    line,
                    col,
                    Cell::amount(*minor),
                    formats.money(currency),
                )?,
            };
        }
    }
    Ok(())
}

/// A year as the writer takes it; one it cannot hold (below 0) becomes
/// one it refuses, so the day is written as text.
fn year(year: i32) -> u16 {
    u16::try_from(year).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx};

    use super::*;
    use crate::{Day, export::sheet::Column};

    fn read(xlsx: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        Xlsx::new(Cursor::new(xlsx)).expect("an xlsx file calamine reads")
    }

    fn column(title: &str) -> Column {
        Column {
            title: title.into(),
            width: None,
        }
    }

    #[test]
    fn the_file_holds_the_preamble_the_header_and_every_cell() {
        let sheet = Sheet {
            name: "被拒绝的修改".into(),
            preamble: vec![("document".into(), "automerge:2x".into())],
            columns: vec![
                Column {
                    title: "path".into(),
                    width: Some(30.0),
                },
                column("seq"),
            ],
            rows: vec![
                vec!["fields.notes".into(), Cell::Number(7.0)],
                vec!["=1+1".into(), Cell::Number(8.5)],
            ],
        };
        let mut book = read(to_xlsx(&sheet).unwrap());
        assert_eq!(book.sheet_names(), ["被拒绝的修改"]);
        let range = book.worksheet_range("被拒绝的修改").unwrap();
        let at = |row: u32, col: u32| range.get_value((row, col)).cloned();
        assert_eq!(at(0, 0), Some(Data::String("document".into())));
        assert_eq!(at(0, 1), Some(Data::String("automerge:2x".into())));
        // The header is on line 3, the rows below it; numbers stay numbers.
        assert_eq!(at(2, 0), Some(Data::String("path".into())));
        assert_eq!(at(3, 1), Some(Data::Float(7.0)));
        assert_eq!(at(4, 0), Some(Data::String("=1+1".into())));
        assert_eq!(at(4, 1), Some(Data::Float(8.5)));
        let formulas = book.worksheet_formula("被拒绝的修改").unwrap();
        assert!(
            formulas.cells().all(|(_, _, f)| f.is_empty()),
            "text is never a formula"
        );
    }

    #[test]
    fn days_are_dates_money_is_a_number_in_its_currency_and_text_stays_text() {
        let hostile = ["=HYPERLINK(\"http://x\",\"x\")", "+1", "-1", "@SUM(A1)"];
        let mut rows = vec![vec![
            Cell::Date {
                date: Day::from_ymd(2026, 3, 1).unwrap(),
            },
            Cell::DateTime {
                datetime: "2026-03-01 08:30".into(),
            },
            Cell::Money {
                minor: 123_456,
                currency: "CNY".into(),
            },
            Cell::Bool(true),
            "🙂 مرحبا 任务".into(),
        ]];
        rows.extend(hostile.iter().map(|t| vec![Cell::from(*t)]));
        let tasks = Sheet {
            name: "任务".into(),
            preamble: vec![],
            columns: ["截止", "时间", "预算", "完成", "备注"]
                .into_iter()
                .map(column)
                .collect(),
            rows,
        };
        let form = Sheet {
            name: "表单".into(),
            preamble: vec![],
            columns: vec![column("字段"), column("值")],
            rows: vec![vec!["标题".into(), "会议".into()]],
        };
        let file = to_xlsx_book(&[form, tasks]).unwrap();
        let mut book = read(file.clone());
        assert_eq!(book.sheet_names(), ["表单", "任务"]);
        let range = book.worksheet_range("任务").unwrap();
        let at = |row: u32, col: u32| range.get_value((row, col)).cloned().unwrap();
        let Data::DateTime(day) = at(1, 0) else {
            panic!("a day is a date cell: {:?}", at(1, 0))
        };
        // Serial days since 1899-12-30, as spreadsheets count them.
        assert!(day.is_datetime());
        assert_eq!(day.as_f64(), 46_082.0);
        let Data::DateTime(when) = at(1, 1) else {
            panic!("a date-time is a date cell: {:?}", at(1, 1))
        };
        assert!(when.is_datetime());
        assert!((when.as_f64() - (46_082.0 + 8.5 / 24.0)).abs() < 1e-9);
        assert_eq!(at(1, 2), Data::Float(1234.56));
        assert_eq!(at(1, 3), Data::Bool(true));
        assert_eq!(at(1, 4), Data::String("🙂 مرحبا 任务".into()));
        for (line, text) in (2..).zip(hostile) {
            assert_eq!(at(line, 0), Data::String(text.into()));
        }
        let formulas = book.worksheet_formula("任务").unwrap();
        assert!(formulas.cells().all(|(_, _, f)| f.is_empty()));
        // The currency travels in the number format of the money cell.
        let styles = zip_part(&file, "xl/styles.xml");
        assert!(styles.contains("#,##0.00 &quot;CNY&quot;"), "{styles}");
    }

    #[test]
    fn a_day_a_spreadsheet_cannot_date_is_written_as_text() {
        let sheet = Sheet {
            name: "s".into(),
            preamble: vec![],
            columns: vec![column("d")],
            rows: vec![vec![Cell::Date {
                date: Day::from_ymd(1800, 1, 2).unwrap(),
            }]],
        };
        let mut book = read(to_xlsx(&sheet).unwrap());
        let range = book.worksheet_range("s").unwrap();
        assert_eq!(
            range.get_value((1, 0)),
            Some(&Data::String("1800-01-02".into()))
        );
    }

    #[test]
    fn sheets_a_spreadsheet_cannot_hold_are_refused_before_writing() {
        let sheet = Sheet {
            name: "a:b".into(),
            preamble: vec![],
            columns: vec![],
            rows: vec![],
        };
        assert_eq!(to_xlsx(&sheet), Err(SheetError::BadName));
        let ok = Sheet {
            name: "a".into(),
            ..sheet
        };
        assert_eq!(
            to_xlsx_book(&[ok.clone(), ok]),
            Err(SheetError::SameName("a".into()))
        );
    }

    fn zip_part(xlsx: &[u8], name: &str) -> String {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).expect("an xlsx file is a zip");
        let mut text = String::new();
        zip.by_name(name)
            .expect("the part is in the file")
            .read_to_string(&mut text)
            .unwrap();
        text
    }
}
