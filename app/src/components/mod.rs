mod admin;
mod auth;
mod calendar;
mod confirm_button;
mod dashboard;
mod directory_field;
mod directory_pick;
mod document;
mod freshness;
pub(crate) mod home;
mod language_switch;
mod messages;
mod names;
mod search_screen;
mod storage_alert;
mod sync_status;
mod tasks;
mod template_library;

pub use admin::AdminScreen;
pub use auth::{AccountMenu, InviteScreen, LoginScreen, SetupScreen, SignedInOnly};
pub use calendar::Calendar;
pub use confirm_button::{ConfirmAsk, ConfirmButton};
pub use dashboard::{DashboardLink, DashboardScreen, HomeDashboardLink};
pub use directory_field::DirectoryField;
pub use document::{
    Comments, DocContext, DocumentBody, DocumentScreen, EditorSpec, FieldEditor, FieldPlace,
    TableParts,
};
pub use freshness::Freshness;
pub use home::{ArchiveScreen, HomeScreen};
pub use language_switch::LanguageSwitch;
pub use messages::{FollowButton, MessageCentreScreen, Messages, MessagesLink};
pub use names::{NameBook, Names};
pub use search_screen::{HomeSearch, SearchLink, SearchScreen};
pub use storage_alert::StorageAlert;
pub use sync_status::SyncStatus;
pub use tasks::{TaskCentreScreen, Tasks, TasksLink};
pub use template_library::TemplateLibrary;
