//! One document on screen: its form part, its tables, its workflow and comments.

mod doc_context;
mod document_screen;
mod members_panel;

pub use doc_context::DocContext;
pub use document_screen::DocumentScreen;
pub use members_panel::MembersPanel;
