//! Edits the relay refused: which changes they are (those the relay does
//! not have), and the files a person downloads to keep them before the
//! document is reset to the relay's copy.

mod export_json;
mod export_sheet;
mod refused_change;
mod utc_time;

pub use export_json::export_json;
pub use export_sheet::refused_sheet;
pub use refused_change::{ChangeEffect, RefusedChange, refused_changes};
pub use utc_time::utc_time;
