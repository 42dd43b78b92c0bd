//! The task centre: what waits for me across every document I may read.

mod task_centre_screen;
mod tasks;

pub use task_centre_screen::TaskCentreScreen;
pub use tasks::{Tasks, TasksLink};
