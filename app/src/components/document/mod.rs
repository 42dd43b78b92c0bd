//! One document on screen: its form part, its tables, its workflow and comments.

mod comments;
mod crypto_rng;
mod doc_context;
mod document_screen;
mod field_editor;
mod form_part;
mod known_names;
mod members_panel;
mod workflow_bar;

pub use comments::Comments;
pub use doc_context::DocContext;
pub use document_screen::{DocumentBody, DocumentScreen};
pub use field_editor::{EditorSpec, FieldEditor, FieldPlace};
pub use form_part::FormPart;
pub use members_panel::MembersPanel;
pub use workflow_bar::WorkflowBar;

pub(crate) use field_editor::{show_ms, splice_between};
