//! One document on screen: its form part, its tables, its workflow and comments.

mod doc_context;
mod document_screen;

pub use doc_context::DocContext;
pub use document_screen::DocumentScreen;
