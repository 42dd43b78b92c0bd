//! A spreadsheet file read into a `Grid` of cell texts for `POST
//! /api/import/grid`: .xlsx with calamine, CSV with the csv crate. The
//! readers live here, not in the browser app's wasm. Plain functions of
//! bytes, run on the blocking pool; nothing is stored.

mod csv_grid;
mod grid_error;
mod lines;
mod xlsx_grid;

pub(crate) use grid_error::GridError;

use concord_model::import::Grid;

/// The file's first bytes say what it is: a zip is an .xlsx workbook, an
/// OLE compound file is an encrypted workbook (or an old .xls), anything
/// else is read as CSV text.
pub(crate) fn read_grid(bytes: &[u8], sheet: Option<&str>) -> Result<Grid, GridError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(GridError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(xlsx_grid::OLE_MAGIC) {
        return xlsx_grid::read(bytes, sheet);
    }
    if bytes.starts_with(b"PK") {
        return Err(GridError::NotASpreadsheet(
            "a zip file that is not an .xlsx workbook".into(),
        ));
    }
    csv_grid::read(bytes)
}

#[cfg(test)]
mod tests;
