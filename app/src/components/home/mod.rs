//! The home screen: the person's documents and the template library.

mod home_screen;

pub use home_screen::HomeScreen;
