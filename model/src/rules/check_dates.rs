//! Dates a step sets within working days of today (a failed acceptance's
//! re-acceptance date, at most 3 working days later), judged against the
//! today the judge is given: the relay's clock in the workspace's zone,
//! never the sender's.

use automerge::ROOT;

use super::check::Check;
use crate::{
    access::Refusal,
    calendar::{Day, Today},
    field::FieldKind,
    workflow::{DateWithin, Transition},
};

impl Check<'_> {
    /// A write of a date that a step out of the current state sets: held
    /// to that step's limit (`Workflow::date_limit`).
    pub(super) fn date_written(&self, field: &str) -> Result<(), Refusal> {
        let workflow = &self.facts.doc.template.workflow;
        let limit = workflow.date_limit(&self.facts.doc.state, field);
        match (limit, self.date_after(field)) {
            (Some(limit), Some(day)) => date_within(self.today, limit, Some(day)),
            _ => Ok(()),
        }
    }

    /// A step that sets a date needs it, within its limit, after the batch.
    pub(super) fn date_of_step(&self, step: &Transition) -> Result<(), Refusal> {
        match step.sets_date {
            Some(limit) => date_within(self.today, limit, self.date_after(limit.field)),
            None => Ok(()),
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
}

/// Whether `day` (the date a step sets, if any) is within `limit` of
/// `today`; the refusal says the range otherwise.
pub(super) fn date_within(
    today: &Today,
    limit: DateWithin,
    day: Option<Day>,
) -> Result<(), Refusal> {
    if day.is_some_and(|d| today.allows_within(d, limit.working_days)) {
        return Ok(());
    }
    Err(Refusal::DateNotWithin {
        field: limit.field.into(),
        date: day.map_or_else(|| "(none)".into(), |d| d.to_string()),
        today: today.day().to_string(),
        latest: today
            .within_working_days(limit.working_days)
            .map_or_else(|| "-".into(), |d| d.to_string()),
    })
}
