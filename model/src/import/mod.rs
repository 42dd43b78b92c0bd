//! Tables brought in from a spreadsheet. The relay reads the file (the
//! readers stay out of the browser) into a `Grid` of cell texts; the rest is
//! here, for app and relay alike: which line is the header and which column
//! is which field (`guess_header_row`, `guess_mapping`), every cell read by
//! its field's kind with each problem named (`ImportPreview`), and the good
//! rows written as one change (`ConcordDoc::add_filled_rows`).

mod fields;
mod grid;
mod preview;
mod problem;

pub use fields::{ImportField, guess_header_row, guess_mapping, import_fields};
pub use grid::{CellMark, Grid, Mark};
pub use preview::{ImportPreview, ImportRow, Names, RowState};
pub use problem::{CellProblem, Problem};

/// The most data lines a file may bring (a table imported at once; more
/// is a file to split).
pub const MAX_IMPORT_ROWS: usize = 5_000;
/// The most columns a file may have: far more than any table's fields.
pub const MAX_IMPORT_COLUMNS: usize = 200;
/// The largest file the relay reads.
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

#[cfg(test)]
mod tests;
