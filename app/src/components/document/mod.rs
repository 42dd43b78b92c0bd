//! One document on screen: its form part, its tables, its workflow and comments.

mod cell_text;
mod doc_context;
mod document_screen;
mod row_cell_input;
mod row_cell_value;
mod row_new_form;
mod row_rng;
mod row_sheet;
mod table_part;
mod table_parts;
mod table_row_line;
mod table_rows;
mod table_window;

pub use doc_context::DocContext;
pub use document_screen::DocumentScreen;
pub use table_parts::TableParts;
