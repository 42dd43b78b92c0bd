//! The home screen: who is using this browser, their documents, opening one
//! by link, and the template library to create new ones.

mod create_document;
mod home_screen;
mod identity_card;
mod my_documents;
mod open_by_link;
mod save_label;

pub use create_document::CreateDocument;
pub use home_screen::HomeScreen;
