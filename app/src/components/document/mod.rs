//! One document on screen: its form part, its tables, its workflow and comments.

mod cell_text;
mod comments;
mod date_input;
mod department_reports;
mod doc_context;
mod document_screen;
mod feedback_offer;
mod field_editor;
mod form_part;
mod group_grants;
mod history_panel;
mod link_target;
mod members_panel;
mod minutes_tracking;
mod notice_reads;
mod refused_banner;
mod role_picker;
mod row_cell_input;
mod row_cell_value;
mod row_new_form;
pub(crate) mod row_sheet;
mod table_part;
mod table_parts;
mod table_row_line;
mod table_rows;
mod table_window;
mod task_steps_panel;
mod workflow_bar;

pub use comments::Comments;
pub use date_input::DateInput;
pub use department_reports::DepartmentReports;
pub use doc_context::DocContext;
pub use document_screen::{DocumentBody, DocumentScreen};
pub use feedback_offer::FeedbackOffer;
pub use field_editor::{EditorSpec, FieldEditor, FieldPlace};
pub use form_part::FormPart;
pub use history_panel::{HistoryButton, HistoryFocus, HistoryPanel, LastChangedButton};
pub use members_panel::MembersPanel;
pub use minutes_tracking::MinutesTracking;
pub use notice_reads::NoticeReads;
pub use table_parts::TableParts;
pub use workflow_bar::WorkflowBar;

pub(crate) use cell_text::cell_text;
pub(crate) use field_editor::{show_ms, splice_between};
