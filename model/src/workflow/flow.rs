use super::{
    state::{ARCHIVED, State},
    transition::Transition,
    write_rule::WriteRule,
};
use crate::locale::Localized as L;

/// How a document of a template moves, and who may write what on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Workflow {
    pub states: &'static [State],
    pub initial: &'static str,
    pub transitions: &'static [Transition],
    pub write_rules: &'static [WriteRule],
    /// The field whose departments' heads review (for department-based steps).
    pub departments_field: Option<&'static str>,
    /// The field naming the parties who sign (for party-based steps).
    pub parties_field: Option<&'static str>,
}

impl Workflow {
    pub fn state(&self, id: &str) -> Option<&'static State> {
        self.states.iter().find(|s| s.id == id)
    }

    pub fn transition(&self, id: &str) -> Option<&'static Transition> {
        self.transitions.iter().find(|t| t.id == id)
    }

    /// The steps that may be taken from a state.
    pub fn from(&self, state: &str) -> impl Iterator<Item = &'static Transition> + use<'_> {
        let state = state.to_owned();
        self.transitions.iter().filter(move |t| t.from == state)
    }
}

/// The read-only history every workflow ends in.
pub const ARCHIVED_STATE: State = State::closed(ARCHIVED, L::new("已归档", "Archived"));

/// The flow of a running record (a log, a board) that SPEC gives no steps:
/// open for editing until an owner archives it.
pub const fn running_record(write_rules: &'static [WriteRule]) -> Workflow {
    const STATES: &[State] = &[
        State::open("active", L::new("进行中", "Active")),
        ARCHIVED_STATE,
    ];
    const TRANSITIONS: &[Transition] = &[archive("active")];
    Workflow {
        states: STATES,
        initial: "active",
        transitions: TRANSITIONS,
        write_rules,
        departments_field: None,
        parties_field: None,
    }
}

/// A document owner archives a finished document.
pub const fn archive(from: &'static str) -> Transition {
    Transition::new(
        "archive",
        from,
        ARCHIVED,
        L::new("归档", "Archive"),
        super::Who::Owner,
    )
}
