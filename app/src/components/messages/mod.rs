//! The message centre: what happened that concerns me, across every
//! document I may read.

mod message_centre_screen;
mod message_list;

pub use message_centre_screen::MessageCentreScreen;
pub use message_list::{Messages, MessagesLink};
