use crate::locale::Localized;

/// Who may take a step. Department- and party-based steps read their people
/// from the fields the workflow names (`departments_field`, `parties_field`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The person who created the document.
    Initiator,
    /// The initiator's direct superior.
    DirectSuperior,
    /// The direct superior, a head of an involved department, or a party.
    Reviewer,
    /// Any one head of an involved department.
    HeadOfADepartment,
    /// Every involved department's head signs; the step completes with the last.
    HeadOfEveryDepartment,
    /// Any one of the parties.
    AnyParty,
    /// Every party signs; the step completes with the last.
    EveryParty,
    AnyEditor,
    Owner,
    /// The owner of one row, for that row only (the row stays in its state).
    RowOwner,
    /// A partner's person (the customer) the document is shared with for
    /// editing: what only the customer may say, staff may not say for them.
    Partner,
}

impl Who {
    /// Whether the step needs several signatures before it moves.
    pub fn each_signs(self) -> bool {
        matches!(self, Who::HeadOfEveryDepartment | Who::EveryParty)
    }

    pub fn uses_departments(self) -> bool {
        matches!(
            self,
            Who::Reviewer | Who::HeadOfADepartment | Who::HeadOfEveryDepartment
        )
    }

    pub fn uses_parties(self) -> bool {
        matches!(self, Who::AnyParty | Who::EveryParty)
    }

    /// Who it is, as a refusal explains it.
    pub fn describe(self) -> &'static str {
        match self {
            Who::Initiator => "only the initiator may take this step",
            Who::DirectSuperior => "only the initiator's direct superior may take this step",
            Who::Reviewer => "only a reviewer may take this step",
            Who::HeadOfADepartment | Who::HeadOfEveryDepartment => {
                "only the head of an involved department may take this step"
            }
            Who::AnyParty | Who::EveryParty => "only a party to this document may take this step",
            Who::AnyEditor => "only an editor may take this step",
            Who::Owner => "only a document owner may take this step",
            Who::RowOwner => "only the row's owner may confirm it",
            Who::Partner => {
                "only the customer (a partner the document is shared with) may take this step"
            }
        }
    }
}

/// What a step needs besides the right person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requires {
    Nothing,
    /// A written reason: rejections, revision comments, major changes.
    Reason,
}

/// A step from one state to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub id: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub label: Localized,
    pub who: Who,
    pub requires: Requires,
    /// For a step that ends work or cannot be taken back: what the app asks
    /// before taking it, so a mistaken tap changes nothing. A question in
    /// the interface only; the relay cannot tell a confirmed step from
    /// another, and need not.
    pub asks_first: Option<Localized>,
    /// A date field the step sets, which must fall within working days of
    /// the relay's today (a failed acceptance's re-acceptance date).
    pub sets_date: Option<DateWithin>,
    /// A choice field and the option the step records there: the step is
    /// the answer (a review's "feasible"), so the field and the state
    /// cannot disagree. The move must write it in the same change.
    pub records: Option<(&'static str, &'static str)>,
    /// A date-time field the step stamps with the moment it is taken (the
    /// minutes' "published at"), so when it happened is shown beside it.
    pub stamps: Option<&'static str>,
    /// Form fields the step must leave filled in (a failed acceptance's
    /// revision comments and re-acceptance date): the app asks for them
    /// before offering the step, the relay refuses the move without them.
    pub fills: &'static [&'static str],
}

/// A date field a step must set to a working day after today and no later
/// than `working_days` working days from today, on the workspace calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateWithin {
    pub field: &'static str,
    pub working_days: u32,
}

impl Transition {
    pub const fn new(
        id: &'static str,
        from: &'static str,
        to: &'static str,
        label: Localized,
        who: Who,
    ) -> Self {
        Self {
            id,
            from,
            to,
            label,
            who,
            requires: Requires::Nothing,
            asks_first: None,
            fills: &[],
            sets_date: None,
            records: None,
            stamps: None,
        }
    }

    /// The step writes the moment it is taken into the date-time `field`.
    pub const fn stamping(mut self, field: &'static str) -> Self {
        self.stamps = Some(field);
        self
    }

    /// The step writes `option` into the choice field `field` as it moves.
    pub const fn recording(mut self, field: &'static str, option: &'static str) -> Self {
        self.records = Some((field, option));
        self
    }

    /// The step must leave these form fields filled in.
    pub const fn filling(mut self, fields: &'static [&'static str]) -> Self {
        self.fills = fields;
        self
    }

    pub const fn with_reason(mut self) -> Self {
        self.requires = Requires::Reason;
        self
    }

    /// The step sets `field`, a date, within `working_days` working days
    /// of today (judged against the relay's today).
    pub const fn setting_date_within(mut self, field: &'static str, working_days: u32) -> Self {
        self.sets_date = Some(DateWithin {
            field,
            working_days,
        });
        self
    }

    /// The app asks `question` (saying what the step does that is hard to
    /// undo) before it takes the step.
    pub const fn asking_first(mut self, question: Localized) -> Self {
        self.asks_first = Some(question);
        self
    }
}
