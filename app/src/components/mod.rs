mod document;
mod home;
mod language_switch;
mod sync_status;
mod template_library;

pub use document::{DocContext, DocumentScreen, TableParts};
pub use home::HomeScreen;
pub use language_switch::LanguageSwitch;
pub use sync_status::SyncStatus;
pub use template_library::TemplateLibrary;
