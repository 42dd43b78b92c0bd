//! The message centre: what happened that concerns me, across every
//! document I may read.

mod follow_button;
mod message_centre_screen;
mod message_list;

pub use follow_button::FollowButton;
pub use message_centre_screen::MessageCentreScreen;
pub use message_list::{Messages, MessagesLink};
