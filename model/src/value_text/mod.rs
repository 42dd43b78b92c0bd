//! Values as people type them, and the text an input shows for a value.
//! A value typed into a form field, into a table cell and into a new row's
//! cell is read by `parse_value` (and a CSV or spreadsheet cell will be):
//! one reading of decimal commas, full-width digits, blanks, currencies,
//! dates and ids. `input_text` writes a value as text that reads back to it;
//! `cell_text_at` (`cell_text_named`: people and departments by name) is the
//! short line a row, a card or a search shows, read the same in app and relay.

mod cell_text;
mod decimal;
mod input_text;
mod parse_context;
mod parse_error;
mod parse_value;
mod typed_date;
mod width;

pub use cell_text::{cell_text_at, cell_text_named};
pub use input_text::input_text;
pub use parse_context::{DEFAULT_CURRENCY, ParseContext};
pub use parse_error::ParseError;
pub use parse_value::{parse_list, parse_value};

#[cfg(test)]
mod tests;
