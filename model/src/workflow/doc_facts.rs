use crate::{
    access::{Actor, DeptId, PersonId},
    template::Template,
};

/// The facts about one document that the rules need, read out of it by the
/// caller: plain values, so the rules need neither Automerge nor a clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocFacts<'a> {
    pub template: &'a Template,
    pub state: String,
    pub initiator: PersonId,
    pub direct_superior: Option<PersonId>,
    /// The value of the workflow's `departments_field`.
    pub departments: Vec<DeptId>,
    /// The value of the workflow's `parties_field`.
    pub parties: Vec<PersonId>,
}

impl<'a> DocFacts<'a> {
    /// A document in its template's initial state, with nobody involved yet.
    pub fn new(template: &'a Template, initiator: PersonId) -> Self {
        Self {
            template,
            state: template.workflow.initial.to_owned(),
            initiator,
            direct_superior: None,
            departments: Vec::new(),
            parties: Vec::new(),
        }
    }

    pub fn in_state(mut self, state: &str) -> Self {
        self.state = state.to_owned();
        self
    }

    pub fn is_reviewer(&self, actor: &Actor) -> bool {
        self.direct_superior.as_ref() == Some(actor.id())
            || actor.person.heads_any(&self.departments)
            || self.parties.contains(actor.id())
    }
}

/// One signature already given on a step that each must sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signoff {
    pub by: PersonId,
    /// For department-head steps: the involved departments this signature covers.
    pub departments: Vec<DeptId>,
}

/// An attempt at a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt<'a> {
    pub transition: &'a str,
    pub signed: &'a [Signoff],
    pub reason: Option<&'a str>,
    /// For row-owner steps: the owner of the row being confirmed.
    pub row_owner: Option<&'a PersonId>,
}

impl<'a> Attempt<'a> {
    pub fn new(transition: &'a str) -> Self {
        Self {
            transition,
            signed: &[],
            reason: None,
            row_owner: None,
        }
    }
}

/// What an allowed step does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The document moves to this state.
    Moves { to: &'static str },
    /// A signature is added; `outstanding` more are needed before it moves.
    Signs {
        signoff: Signoff,
        outstanding: usize,
    },
}
