use super::{DueRule, Recipients};
use crate::{calendar::Weekday, locale::Localized};

/// The id every workflow gives its final, read-only state.
pub const ARCHIVED: &str = "archived";

/// A stage a document is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    pub id: &'static str,
    pub label: Localized,
    /// Open states let editors write any field its rules allow; in a closed
    /// state only fields whose `OnlyInStates` names it may change, so what a
    /// reviewer signs cannot shift under them.
    pub open: bool,
    /// How long the state may wait for the step out of it, where the SPEC
    /// says (a superior's review: 2 working days).
    pub due: Option<DueRule>,
    /// Reaching this state names a version of the document, in the same
    /// change (`version_name`): what was approved stays viewable as it was.
    pub freezes_version: bool,
    /// Reaching this state publishes the document to the recipients these
    /// fields name: they get read access in the same change.
    pub publishes: Option<Recipients>,
}

impl State {
    pub const fn open(id: &'static str, label: Localized) -> Self {
        Self {
            id,
            label,
            open: true,
            due: None,
            freezes_version: false,
            publishes: None,
        }
    }

    pub const fn closed(id: &'static str, label: Localized) -> Self {
        Self {
            id,
            label,
            open: false,
            freezes_version: false,
            due: None,
            publishes: None,
        }
    }

    /// The step out is due `n` working days after the state is entered.
    pub const fn due_in_working_days(mut self, n: u32) -> Self {
        self.due = Some(DueRule::WorkingDays(n));
        self
    }

    /// The step out is due by `weekday` `hour:minute` of the week the
    /// state is entered.
    pub const fn due_by(mut self, weekday: Weekday, hour: u8, minute: u8) -> Self {
        self.due = Some(DueRule::WeekdayAt {
            weekday,
            hour,
            minute,
        });
        self
    }

    /// Reaching this state names the next version in the same change.
    pub const fn freezing_version(mut self) -> Self {
        self.freezes_version = true;
        self
    }

    /// Reaching this state publishes the document to `recipients`.
    pub const fn publishing(mut self, recipients: Recipients) -> Self {
        self.publishes = Some(recipients);
        self
    }

    pub fn is_archived(&self) -> bool {
        self.id == ARCHIVED
    }
}

/// The name of the version a freezing move names, after `earlier` versions
/// were named that way: V1.0 first, then V1.1, V1.2, … (each re-approval
/// after a change is a new round of the same requirement).
pub fn version_name(earlier: usize) -> String {
    format!("V1.{earlier}")
}
