use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::{Cell, Sheet, SheetError};

/// The sheet as an .xlsx file: the preamble's labels and the header line in
/// bold, every text cell written as text (never read as a formula or a date).
pub fn to_xlsx(sheet: &Sheet) -> Result<Vec<u8>, SheetError> {
    sheet.check()?;
    write(sheet).map_err(|e| SheetError::Writer(e.to_string()))
}

fn write(sheet: &Sheet) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let out = book.add_worksheet();
    out.set_name(&sheet.name)?;
    let bold = Format::new().set_bold();
    for (line, (label, value)) in (0u32..).zip(&sheet.preamble) {
        out.write_string_with_format(line, 0, label, &bold)?;
        out.write_string(line, 1, value)?;
    }
    // `check` keeps every count below Excel's limits, which fit these types.
    let header = (sheet.header_lines() - 1) as u32;
    for (col, column) in (0u16..).zip(&sheet.columns) {
        out.write_string_with_format(header, col, &column.title, &bold)?;
        if let Some(width) = column.width {
            out.set_column_width(col, width)?;
        }
    }
    for (line, cells) in (header + 1..).zip(&sheet.rows) {
        for (col, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Number(n) => out.write_number(line, col, *n)?,
                Cell::Text(t) => out.write_string(line, col, t)?,
            };
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use super::*;
    use crate::export::sheet::Column;

    fn part(xlsx: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).expect("an xlsx file is a zip");
        let mut text = String::new();
        zip.by_name(name)
            .expect("the part is in the file")
            .read_to_string(&mut text)
            .unwrap();
        text
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
                Column {
                    title: "seq".into(),
                    width: None,
                },
            ],
            rows: vec![
                vec!["fields.notes".into(), Cell::Number(7.0)],
                vec!["=1+1".into(), Cell::Number(8.5)],
            ],
        };
        let xlsx = to_xlsx(&sheet).unwrap();
        let strings = part(&xlsx, "xl/sharedStrings.xml");
        for text in [
            "document",
            "automerge:2x",
            "path",
            "seq",
            "fields.notes",
            "=1+1",
        ] {
            assert!(strings.contains(text), "{text} in {strings}");
        }
        let cells = part(&xlsx, "xl/worksheets/sheet1.xml");
        // The header is on line 3 (A3), the rows below it; numbers stay numbers.
        assert!(cells.contains(r#"<c r="A3" s="1" t="s">"#), "{cells}");
        assert!(cells.contains(r#"<c r="B4"><v>7</v></c>"#), "{cells}");
        assert!(cells.contains(r#"<c r="B5"><v>8.5</v></c>"#), "{cells}");
        assert!(!cells.contains("<f>"), "text is never a formula: {cells}");
        assert!(part(&xlsx, "xl/workbook.xml").contains("被拒绝的修改"));
    }

    #[test]
    fn a_sheet_a_spreadsheet_cannot_hold_is_refused_before_writing() {
        let sheet = Sheet {
            name: "a:b".into(),
            preamble: vec![],
            columns: vec![],
            rows: vec![],
        };
        assert_eq!(to_xlsx(&sheet), Err(SheetError::BadName));
    }
}
