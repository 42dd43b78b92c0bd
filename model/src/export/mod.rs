//! Tables as files a person takes away: a `Sheet` is plain data the app can
//! build anywhere; turning it into an .xlsx file is behind the `xlsx` feature,
//! which only the relay turns on, so the browser app does not carry a
//! spreadsheet writer.

mod sheet;
#[cfg(feature = "xlsx")]
mod xlsx;

pub use sheet::{Cell, Column, Sheet, SheetError};

/// The media type of an .xlsx file: what the relay answers with, and what
/// the app names the download.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
#[cfg(feature = "xlsx")]
pub use xlsx::to_xlsx;
