use serde::{Deserialize, Serialize};

/// A spreadsheet's first lines as texts, read by the relay from an .xlsx or
/// .csv file: dates as `YYYY-MM-DD` (`YYYY-MM-DD HH:MM` with a time),
/// numbers plainly (`1234.5`), formulas by the value the file kept for them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grid {
    /// The worksheet read; empty for a CSV file.
    #[serde(default)]
    pub sheet: String,
    /// Every worksheet of the workbook, in order (another may be asked for).
    #[serde(default)]
    pub sheets: Vec<String>,
    /// Lines from the top of the sheet, each with as many cells as the
    /// widest: blank ones are empty texts.
    pub rows: Vec<Vec<String>>,
    /// Cells whose text is not simply what the file holds there.
    #[serde(default)]
    pub marks: Vec<CellMark>,
}

/// A cell of the grid, by line and column from 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellMark {
    pub row: usize,
    pub column: usize,
    pub mark: Mark,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Mark {
    /// Part of merged cells: it holds the value of their first cell, at
    /// `row` and `column`.
    Merged { row: usize, column: usize },
    /// A formula the file kept no value for (the text is empty): Concord
    /// never computes formulas.
    NoCachedValue,
    /// A formula whose value is an error (`#DIV/0!`, `#REF!`…).
    ErrorValue,
}

impl Grid {
    /// The text at a line and column; empty outside the grid.
    pub fn text(&self, row: usize, column: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(column))
            .map_or("", String::as_str)
    }

    pub fn columns(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}
