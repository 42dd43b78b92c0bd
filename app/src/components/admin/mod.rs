//! `/admin`: accounts, departments, partner organisations and invites.

mod admin_data;
mod admin_screen;
mod departments_section;
mod invites_section;
mod orgs_section;
mod people_section;
mod person_line;
mod saved_change;

pub use admin_data::AdminData;
pub use admin_screen::AdminScreen;
