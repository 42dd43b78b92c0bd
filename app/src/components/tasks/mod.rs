//! The task centre: what waits for me across every document I may read.

mod new_task;
mod task_centre_screen;
mod task_items;

pub use task_centre_screen::TaskCentreScreen;
pub use task_items::{Tasks, TasksLink};
