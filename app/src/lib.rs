//! Concord's browser app. Business rules live in `concord-model`; this crate
//! holds the screens and the adapters to browser APIs.

// Every edit returns the model's `DocError`: below this lint's size limit on
// wasm32, where the app runs, above it only in the native lint build.
#![cfg_attr(not(target_arch = "wasm32"), allow(clippy::result_large_err))]

pub mod api;
mod app;
mod browser_zone;
mod components;
mod download;
mod files;
mod first_screen;
mod i18n;
mod kept;
pub mod refused;
mod relay_session;
pub mod repo;
pub mod session;

pub use app::App;
pub use components::{
    Comments, DocContext, DocumentBody, DocumentScreen, EditorSpec, FieldEditor, FieldPlace,
    HomeScreen, LanguageSwitch, StorageAlert, SyncStatus, TableParts, TemplateLibrary,
};
pub use i18n::{I18n, LOCALE_STORAGE_KEY, Msg};
