//! Tables as files a person takes away: a `Sheet` is plain data the app can
//! build anywhere; turning it into an .xlsx file is behind the `xlsx` feature,
//! which only the relay turns on, so the browser app does not carry a
//! spreadsheet writer.

mod sheet;
#[cfg(feature = "xlsx")]
mod xlsx;

pub use sheet::{Cell, Column, Sheet, SheetError};
#[cfg(feature = "xlsx")]
pub use xlsx::to_xlsx;
