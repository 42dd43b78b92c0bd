//! The home screen: the person's documents (on the relay and in this
//! browser), opening one by link, and the template library to create new ones.

mod archive_screen;
mod create_document;
mod home_screen;
mod listed_doc;
mod listed_reads;
mod listing;
mod my_documents;
mod open_by_link;
mod save_label;

pub use archive_screen::ArchiveScreen;
pub use create_document::CreateDocument;
pub use home_screen::HomeScreen;
pub(crate) use listed_reads::{ByRevision, ListedDocuments};
pub(crate) use listing::Listing;
pub(crate) use my_documents::display_title;
pub(crate) use open_by_link::document_in;
