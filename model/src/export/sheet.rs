use serde::{Deserialize, Serialize};

use super::Cell;

/// The most rows and columns a worksheet holds (Excel's own limits).
pub const MAX_ROWS: usize = 1_048_576;
pub const MAX_COLUMNS: usize = 16_384;
/// The most characters in one cell (Excel's own limit).
pub const MAX_CELL_CHARS: usize = 32_767;
/// The most characters in a sheet name (Excel's own limit).
pub const MAX_NAME_CHARS: usize = 31;

/// One table as a spreadsheet: a few labelled lines on top (what the table
/// is), then a header line and the rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    /// The worksheet's name (the tab): 1 to 31 characters, none of `[]:*?/\`.
    pub name: String,
    /// Label and value lines above the table, such as which document it is.
    #[serde(default)]
    pub preamble: Vec<(String, String)>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub title: String,
    /// Width in characters; the spreadsheet's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SheetError {
    #[error("a sheet name has 1 to {MAX_NAME_CHARS} characters and none of []:*?/\\")]
    BadName,
    #[error("a sheet has at most {MAX_COLUMNS} columns")]
    TooManyColumns,
    #[error("a sheet has at most {MAX_ROWS} lines")]
    TooManyRows,
    #[error("row {row} has {cells} cells but the sheet has {columns} columns")]
    RaggedRow {
        row: usize,
        cells: usize,
        columns: usize,
    },
    #[error("a cell holds at most {MAX_CELL_CHARS} characters")]
    CellTooLong,
    #[error("a number in a sheet must be finite")]
    NotFinite,
    #[error("a date-time cell reads YYYY-MM-DD HH:MM")]
    NotADateTime,
    #[error("two sheets of one workbook share the name {0:?}")]
    SameName(String),
    #[error("a workbook has at least one sheet")]
    NoSheets,
    #[error("the spreadsheet writer failed: {0}")]
    Writer(String),
}

impl Sheet {
    /// The lines above the rows: the preamble, a blank line, the header.
    pub fn header_lines(&self) -> usize {
        if self.preamble.is_empty() {
            1
        } else {
            self.preamble.len() + 2
        }
    }

    /// Whether a spreadsheet can hold this sheet as it is; checked before
    /// writing, so a bad sheet is refused whole with a reason.
    pub fn check(&self) -> Result<(), SheetError> {
        let name_chars = self.name.chars().count();
        if name_chars == 0
            || name_chars > MAX_NAME_CHARS
            || self.name.chars().any(|c| "[]:*?/\\".contains(c))
        {
            return Err(SheetError::BadName);
        }
        if self.columns.len() > MAX_COLUMNS {
            return Err(SheetError::TooManyColumns);
        }
        if self.header_lines() + self.rows.len() > MAX_ROWS {
            return Err(SheetError::TooManyRows);
        }
        let texts = self
            .preamble
            .iter()
            .flat_map(|(label, value)| [label, value])
            .chain(self.columns.iter().map(|c| &c.title));
        for text in texts {
            if text.chars().count() > MAX_CELL_CHARS {
                return Err(SheetError::CellTooLong);
            }
        }
        for (row, cells) in self.rows.iter().enumerate() {
            if cells.len() > self.columns.len() {
                return Err(SheetError::RaggedRow {
                    row,
                    cells: cells.len(),
                    columns: self.columns.len(),
                });
            }
            for cell in cells {
                match cell {
                    Cell::Number(n) if !n.is_finite() => return Err(SheetError::NotFinite),
                    Cell::DateTime { datetime } if Cell::local_date_time(datetime).is_none() => {
                        return Err(SheetError::NotADateTime);
                    }
                    Cell::Text(t) if t.chars().count() > MAX_CELL_CHARS => {
                        return Err(SheetError::CellTooLong);
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// Whether these sheets make one workbook: each can be written, and no
    /// two share a name (spreadsheets compare names ignoring case).
    pub fn check_book(sheets: &[Sheet]) -> Result<(), SheetError> {
        if sheets.is_empty() {
            return Err(SheetError::NoSheets);
        }
        let mut seen = std::collections::BTreeSet::new();
        for sheet in sheets {
            sheet.check()?;
            if !seen.insert(sheet.name.to_lowercase()) {
                return Err(SheetError::SameName(sheet.name.clone()));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Sheet {
        Sheet {
            name: "refused".into(),
            preamble: vec![("document".into(), "automerge:abc".into())],
            columns: vec![
                Column {
                    title: "what".into(),
                    width: Some(20.0),
                },
                Column {
                    title: "seq".into(),
                    width: None,
                },
            ],
            rows: vec![vec!["会议".into(), Cell::Number(3.0)], vec!["short".into()]],
        }
    }

    #[test]
    fn a_well_formed_sheet_passes() {
        assert_eq!(sheet().check(), Ok(()));
        assert_eq!(sheet().header_lines(), 3);
    }

    #[test]
    fn bad_sheets_are_refused_with_a_reason() {
        for name in [
            "",
            "a/b",
            "x[1]",
            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二",
        ] {
            let mut s = sheet();
            s.name = name.into();
            assert_eq!(s.check(), Err(SheetError::BadName), "{name:?}");
        }
        let mut s = sheet();
        s.rows.push(vec!["a".into(), "b".into(), "c".into()]);
        assert!(matches!(
            s.check(),
            Err(SheetError::RaggedRow {
                row: 2,
                cells: 3,
                columns: 2
            })
        ));
        let mut s = sheet();
        s.rows[0][1] = Cell::Number(f64::NAN);
        assert_eq!(s.check(), Err(SheetError::NotFinite));
        let mut s = sheet();
        s.rows[1][0] = Cell::Text("x".repeat(MAX_CELL_CHARS + 1));
        assert_eq!(s.check(), Err(SheetError::CellTooLong));
        let mut s = sheet();
        s.columns = vec![
            Column {
                title: "c".into(),
                width: None
            };
            MAX_COLUMNS + 1
        ];
        assert_eq!(s.check(), Err(SheetError::TooManyColumns));
        let mut s = sheet();
        s.rows[1][0] = Cell::DateTime {
            datetime: "2026-13-01 08:00".into(),
        };
        assert_eq!(s.check(), Err(SheetError::NotADateTime));
    }

    #[test]
    fn a_workbook_has_sheets_with_names_of_their_own() {
        assert_eq!(Sheet::check_book(&[]), Err(SheetError::NoSheets));
        let mut other = sheet();
        other.name = "REFUSED".into();
        assert_eq!(
            Sheet::check_book(&[sheet(), other.clone()]),
            Err(SheetError::SameName("REFUSED".into()))
        );
        other.name = "任务".into();
        assert_eq!(Sheet::check_book(&[sheet(), other]), Ok(()));
    }

    #[test]
    fn cells_read_from_json_as_numbers_or_text() {
        let json = r#"{"name":"s","columns":[{"title":"a"},{"title":"b"}],"rows":[[1.5,"x"]]}"#;
        let s: Sheet = serde_json::from_str(json).unwrap();
        assert_eq!(s.rows[0], vec![Cell::Number(1.5), Cell::Text("x".into())]);
        assert!(s.preamble.is_empty());
        assert_eq!(s.header_lines(), 1);
    }
}
