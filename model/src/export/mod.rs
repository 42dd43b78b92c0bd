//! Tables as files a person takes away: a `Sheet` is plain data the app can
//! build anywhere (`table_sheet`, `document_sheets`: one function for app
//! and relay); CSV is written anywhere (`to_csv`, small enough for the
//! browser, so it works offline); .xlsx is behind the `xlsx` feature, which
//! only the relay turns on, so the browser app does not carry a
//! spreadsheet writer. A `Printout` is the whole document as text, for
//! printing and saving as PDF from the browser.

mod cell;
mod csv;
mod printout;
mod sheet;
mod table_sheet;
#[cfg(feature = "xlsx")]
mod xlsx;

pub use cell::{Cell, currency_code, looks_like_formula};
pub use csv::{CSV_MIME, to_csv};
pub use printout::{PrintedMove, PrintedSignoff, PrintedTable, Printout, printout};
pub use sheet::{Column, MAX_CELL_CHARS, MAX_COLUMNS, MAX_NAME_CHARS, MAX_ROWS, Sheet, SheetError};
pub use table_sheet::{Naming, document_sheets, table_sheet};

/// The media type of an .xlsx file: what the relay answers with, and what
/// the app names the download.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
#[cfg(feature = "xlsx")]
pub use xlsx::{to_xlsx, to_xlsx_book};
