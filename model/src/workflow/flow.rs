use super::{
    recipients::Recipients,
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

    /// Whom the document is published to, if a state publishes it.
    pub fn recipients(&self) -> Option<Recipients> {
        self.states.iter().find_map(|s| s.publishes)
    }

    /// The cell of `table` that names each row's responsible person, where
    /// the rules tie it to the row's owner (`Writer::HandsOver`): writing it
    /// hands the row over, and the app keeps the two in step.
    pub fn owner_cell(&self, table: &str) -> Option<&'static str> {
        self.write_rules.iter().find_map(|r| match r.target {
            super::Target::Cell { table: t, field }
                if t == table && r.writer == super::Writer::HandsOver =>
            {
                Some(field)
            }
            _ => None,
        })
    }

    /// Whether `table`'s rows belong to their owners (some of its cells are
    /// the row owner's to write).
    pub fn rows_are_owned(&self, table: &str) -> bool {
        self.write_rules
            .iter()
            .any(|r| r.writer == super::Writer::RowOwner && r.touches_table(table))
    }

    /// Whether the initiator's direct superior takes a step out of `state`:
    /// moving there records the superior (`Permissions::superior_to_record`).
    pub fn superior_acts_in(&self, state: &str) -> bool {
        self.from(state)
            .any(|t| t.who == super::Who::DirectSuperior)
    }

    /// Whether versions of this workflow's documents are named only by the
    /// moves that freeze them (so their names follow one sequence).
    pub fn freezes_versions(&self) -> bool {
        self.states.iter().any(|s| s.freezes_version)
    }

    /// The steps that may be taken from a state.
    pub fn from(&self, state: &str) -> impl Iterator<Item = &'static Transition> + use<'_> {
        let state = state.to_owned();
        self.transitions.iter().filter(move |t| t.from == state)
    }

    /// The limit on date `field` in `state`: that of a step out of it that
    /// sets the date. Held whenever the date is written in that state, so a
    /// date set with the step cannot be moved out of range afterwards.
    pub fn date_limit(&self, state: &str, field: &str) -> Option<super::DateWithin> {
        self.from(state)
            .filter_map(|t| t.sets_date)
            .find(|limit| limit.field == field)
    }
}

/// The read-only history every workflow ends in.
pub const ARCHIVED_STATE: State = State::closed(ARCHIVED, L::new("已归档", "Archived"));

/// How long an archive is kept at least (SPEC: 2 years). Nothing deletes a
/// document, and an archived one changes nothing but its sharing, so this
/// is a date to show: the day from which it may be let go.
pub const ARCHIVE_KEPT_YEARS: i32 = 2;

/// The day an archive archived on `archived` is kept until: the same day
/// `ARCHIVE_KEPT_YEARS` later (28 February for a 29th).
pub fn kept_until(archived: crate::calendar::Day) -> Option<crate::calendar::Day> {
    let year = archived.year().checked_add(ARCHIVE_KEPT_YEARS)?;
    crate::calendar::Day::from_ymd(year, archived.month(), archived.day_of_month())
        .or_else(|| crate::calendar::Day::from_ymd(year, archived.month(), 28))
}

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

/// A document owner archives a finished document. Nothing leaves the
/// archive, so the app asks first.
pub const fn archive(from: &'static str) -> Transition {
    Transition::new(
        "archive",
        from,
        ARCHIVED,
        L::new("归档", "Archive"),
        super::Who::Owner,
    )
    .asking_first(L::new(
        "归档后，所有人都只能查看此文档，且无法撤销。确定归档？",
        "Once archived, this document is read-only for everyone, for good. Archive it?",
    ))
}

#[cfg(test)]
mod kept_tests {
    use super::*;
    use crate::calendar::Day;

    #[test]
    fn an_archive_is_kept_two_years_to_the_day() {
        let day = |y, m, d| Day::from_ymd(y, m, d).unwrap();
        assert_eq!(kept_until(day(2026, 12, 5)), Some(day(2028, 12, 5)));
        assert_eq!(kept_until(day(2028, 2, 29)), Some(day(2030, 2, 28)));
    }
}
