//! `/admin`: accounts, departments, partner organisations, invites and the
//! working calendar.

mod admin_data;
mod admin_screen;
mod calendar_section;
mod departments_section;
mod invites_section;
mod orgs_section;
mod people_section;
mod person_line;
mod saved_change;

pub use admin_data::AdminData;
pub use admin_screen::AdminScreen;
