use crate::locale::Localized;

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
}

impl State {
    pub const fn open(id: &'static str, label: Localized) -> Self {
        Self {
            id,
            label,
            open: true,
        }
    }

    pub const fn closed(id: &'static str, label: Localized) -> Self {
        Self {
            id,
            label,
            open: false,
        }
    }

    pub fn is_archived(&self) -> bool {
        self.id == ARCHIVED
    }
}
