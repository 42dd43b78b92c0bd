mod document;
mod home;
mod language_switch;
mod sync_status;
mod template_library;

pub use document::{
    Comments, DocContext, DocumentBody, DocumentScreen, EditorSpec, FieldEditor, FieldPlace,
};
pub use home::HomeScreen;
pub use language_switch::LanguageSwitch;
pub use sync_status::SyncStatus;
pub use template_library::TemplateLibrary;
