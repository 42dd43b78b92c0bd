//! The message centre: what happened that concerns me, across every
//! document I may read.

mod message_centre_screen;
mod messages;

pub use message_centre_screen::MessageCentreScreen;
pub use messages::{Messages, MessagesLink};
