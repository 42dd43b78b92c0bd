//! Concord's browser app. Business rules live in `concord-model`; this crate
//! holds the screens and the adapters to browser APIs.

mod app;
mod components;
mod i18n;
pub mod identity;
pub mod repo;

pub use app::App;
pub use components::{
    Comments, DocContext, DocumentBody, DocumentScreen, EditorSpec, FieldEditor, FieldPlace,
    HomeScreen, LanguageSwitch, StorageAlert, SyncStatus, TableParts, TemplateLibrary,
};
pub use i18n::{I18n, LOCALE_STORAGE_KEY, Msg};
