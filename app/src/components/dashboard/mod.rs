//! `/dashboard`: completion and overdue rates per person, department or
//! template over a chosen window, with bars over time, from every document
//! the person may read.

mod bar_chart;
mod dashboard_link;
mod dashboard_screen;
mod group_card;
mod readable_tasks;
mod relay_count;
mod window_picker;

pub use dashboard_link::{DashboardLink, HomeDashboardLink};
pub use dashboard_screen::DashboardScreen;
