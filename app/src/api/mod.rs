//! The relay's HTTP API (relay/API.md): signing in, the directory, the list
//! of documents. JSON through fetch; the session cookie goes by itself.

mod api_error;
mod directory;
mod http;
mod listing;

pub use api_error::ApiError;
pub use directory::{Dept, Directory, DirectoryPerson, Invite, NewInvite, Org, org_kind_label};
pub use http::{delete, get, patch, post, post_empty, post_for_bytes};
pub use listing::{DocumentListing, KnownPerson, PeopleDirectory};
