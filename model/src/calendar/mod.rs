//! The one calendar of the workspace: calendar days, wall-clock times and
//! the arithmetic between them, for relay and app alike. No clock is read
//! here: instants (milliseconds since the Unix epoch) and the zone they are
//! seen in are passed in. Day validity and day numbering are the `time`
//! crate's (its `Date`, no formatting or parsing features); this module
//! adds the text forms Concord stores and shows.
//!
//! Working days (`WorkingDays`: weekends, the workspace's holidays and
//! make-up working days) are counted here too: a `Day` knows its
//! `Weekday`, and a `TimeZone` says which day an instant falls on.

mod calendar_error;
mod day;
mod local_date_time;
mod offset;
mod today;
mod weekday;
mod working_days;

pub use calendar_error::CalendarError;
pub use day::Day;
pub(crate) use day::digits;
pub use local_date_time::LocalDateTime;
pub use offset::{Offset, TimeZone};
pub use today::Today;
pub use weekday::Weekday;
pub use working_days::{DayKind, WorkingDays};

/// Milliseconds in a day, for callers that count days between instants.
pub const MS_PER_DAY: i64 = 86_400_000;
