//! Dates a step sets within working days of today (a failed acceptance's
//! re-acceptance date, at most 3 working days later), judged against the
//! today the judge is given: the relay's clock in the workspace's zone,
//! never the sender's.

use automerge::ROOT;

use super::check::Check;
use crate::{
    access::Refusal,
    calendar::Day,
    field::FieldKind,
    workflow::{DateWithin, Transition},
};

impl Check<'_> {
    /// A write of a date that a step out of the current state sets: held
    /// to that step's limit whenever it is written, so a valid date set
    /// with the step cannot be moved out of range afterwards.
    pub(super) fn date_written(&self, field: &str) -> Result<(), Refusal> {
        let workflow = &self.facts.doc.template.workflow;
        let limit = workflow
            .from(&self.facts.doc.state)
            .filter_map(|t| t.sets_date)
            .find(|limit| limit.field == field);
        match (limit, self.date_after(field)) {
            (Some(limit), Some(day)) => self.within(limit, day),
            _ => Ok(()),
        }
    }

    /// A step that sets a date needs it, within its limit, after the batch.
    pub(super) fn date_of_step(&self, step: &Transition) -> Result<(), Refusal> {
        let Some(limit) = step.sets_date else {
            return Ok(());
        };
        match self.date_after(limit.field) {
            Some(day) => self.within(limit, day),
            None => Err(self.not_within(limit, "(none)".into())),
        }
    }

    fn date_after(&self, field: &str) -> Option<Day> {
        let def = self.facts.doc.template.field(field)?;
        if def.kind != FieldKind::Date {
            return None;
        }
        let fields = self.after.map(&ROOT, "fields")?;
        let text = self.after.str(&fields, field)?;
        text.parse().ok()
    }

    fn within(&self, limit: DateWithin, day: Day) -> Result<(), Refusal> {
        if self.today.allows_within(day, limit.working_days) {
            Ok(())
        } else {
            Err(self.not_within(limit, day.to_string()))
        }
    }

    fn not_within(&self, limit: DateWithin, date: String) -> Refusal {
        Refusal::DateNotWithin {
            field: limit.field.into(),
            date,
            today: self.today.day().to_string(),
            latest: self
                .today
                .within_working_days(limit.working_days)
                .map_or_else(|| "-".into(), |d| d.to_string()),
        }
    }
}
