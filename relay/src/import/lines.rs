use std::collections::BTreeMap;

use concord_model::import::{CellMark, Grid, MAX_IMPORT_COLUMNS, MAX_IMPORT_ROWS, Mark};

use super::GridError;

/// The most lines read: the data rows and a header (a title line or two
/// above it uses the same room).
pub(super) const MAX_LINES: usize = MAX_IMPORT_ROWS + 1;

/// A grid put together cell by cell, refusing a cell past the limits as
/// soon as it comes, so a huge sheet costs no more than the limits.
#[derive(Default)]
pub(super) struct Lines {
    cells: BTreeMap<(usize, usize), String>,
    marks: Vec<CellMark>,
    height: usize,
    width: usize,
}

impl Lines {
    /// A cell's text; blank ones are not kept (nor counted).
    pub(super) fn put(&mut self, row: usize, column: usize, text: String) -> Result<(), GridError> {
        if text.trim().is_empty() {
            return Ok(());
        }
        self.reach(row, column)?;
        self.cells.insert((row, column), text);
        Ok(())
    }

    /// A mark on a cell, which is then part of the grid even if blank.
    pub(super) fn mark(&mut self, row: usize, column: usize, mark: Mark) -> Result<(), GridError> {
        self.reach(row, column)?;
        self.marks.push(CellMark { row, column, mark });
        Ok(())
    }

    fn reach(&mut self, row: usize, column: usize) -> Result<(), GridError> {
        if row >= MAX_LINES {
            return Err(GridError::TooManyRows);
        }
        if column >= MAX_IMPORT_COLUMNS {
            return Err(GridError::TooManyColumns);
        }
        self.height = self.height.max(row + 1);
        self.width = self.width.max(column + 1);
        Ok(())
    }

    pub(super) fn get(&self, row: usize, column: usize) -> Option<&str> {
        self.cells.get(&(row, column)).map(String::as_str)
    }

    /// How far cells reach: (lines, columns).
    pub(super) fn extent(&self) -> (usize, usize) {
        (self.height, self.width)
    }

    /// Every line as wide as the widest; `sheet` and `sheets` are the
    /// workbook's.
    pub(super) fn into_grid(self, sheet: String, sheets: Vec<String>) -> Result<Grid, GridError> {
        if self.cells.is_empty() && self.marks.is_empty() {
            return Err(GridError::Empty);
        }
        let mut rows = vec![vec![String::new(); self.width]; self.height];
        for ((row, column), text) in self.cells {
            rows[row][column] = text;
        }
        Ok(Grid {
            sheet,
            sheets,
            rows,
            marks: self.marks,
        })
    }
}
