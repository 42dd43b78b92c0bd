//! No process gets stuck: whatever allowed steps the people a workflow
//! names take, in whatever order, someone can still move the document
//! until it is archived, and from every state it can reach the archive.

use std::collections::{BTreeSet, VecDeque};

use proptest::prelude::*;

use super::*;
use crate::{
    access::{Actor, DeptId, DocRole, Person, PersonId},
    library::library,
    template::Template,
};

fn pid(s: &str) -> PersonId {
    s.parse().unwrap()
}

fn dept(s: &str) -> DeptId {
    s.parse().unwrap()
}

/// Everyone a workflow can name: the initiator (owner, reporting to a
/// superior), the superior, the heads of the two involved departments, two
/// parties and an editor, each with the role a document gives them.
fn cast() -> Vec<Actor> {
    let with = |person: Person, role| Actor {
        person,
        role: Some(role),
    };
    vec![
        with(
            Person::staff(pid("ini"), vec![dept("d1")]).reporting_to(pid("boss")),
            DocRole::Owner,
        ),
        with(
            Person::staff(pid("boss"), vec![dept("d1")]),
            DocRole::Viewer,
        ),
        with(
            Person::staff(pid("h1"), vec![dept("d1")]).heading(dept("d1")),
            DocRole::Viewer,
        ),
        with(
            Person::staff(pid("h2"), vec![dept("d2")]).heading(dept("d2")),
            DocRole::Viewer,
        ),
        with(
            Person::partner(pid("p1"), "acme".parse().unwrap()),
            DocRole::Editor,
        ),
        with(Person::staff(pid("p2"), vec![dept("d2")]), DocRole::Editor),
        with(Person::staff(pid("ed"), vec![dept("d2")]), DocRole::Editor),
    ]
}

/// A document whose required fields are filled: its departments and
/// parties name the cast's.
fn facts(template: &'static Template) -> DocFacts<'static> {
    let mut doc = DocFacts::new(template, pid("ini"));
    if template.workflow.departments_field.is_some() {
        doc.departments = vec![dept("d1"), dept("d2")];
    }
    if template.workflow.parties_field.is_some() {
        doc.parties = vec![pid("p1"), pid("p2")];
    }
    doc
}

/// One process as the rules see it: the facts and this round's signatures.
#[derive(Clone)]
struct Process {
    doc: DocFacts<'static>,
    signed: Vec<Signoff>,
}

impl Process {
    fn new(template: &'static Template) -> Self {
        Self {
            doc: facts(template),
            signed: Vec::new(),
        }
    }

    /// Takes `step` as `actor` if the rules allow it; whether anything happened.
    fn take(&mut self, actor: &Actor, step: &Transition) -> bool {
        let attempt = Attempt {
            signed: &self.signed,
            reason: Some("a reason"),
            row_owner: Some(actor.id()),
            ..Attempt::new(step.id)
        };
        match may_transition(actor, &self.doc, &attempt) {
            Ok(Step::Moves { to }) => {
                let workflow = &self.doc.template.workflow;
                if workflow.superior_acts_in(to) && actor.id() == &self.doc.initiator {
                    self.doc.direct_superior = actor.person.superior.clone();
                }
                self.doc.state = to.to_owned();
                self.signed.clear();
                true
            }
            Ok(Step::Signs { signoff, .. }) => {
                self.signed.push(signoff);
                true
            }
            Err(_) => false,
        }
    }

    fn archived(&self) -> bool {
        self.doc.state == ARCHIVED
    }

    /// Whether someone in the cast can move the process on: a step to
    /// another state, or a signature still missing. A step that leaves the
    /// state as it is (a row confirmed) does not count.
    fn someone_can_move(&self, cast: &[Actor]) -> bool {
        let workflow = &self.doc.template.workflow;
        workflow
            .from(&self.doc.state)
            .filter(|t| t.to != t.from || t.who.each_signs())
            .any(|t| cast.iter().any(|a| self.clone().take(a, t)))
    }

    /// Every state the cast can bring the process to with one more step,
    /// each-sign steps played to their last signature.
    fn next_states(&self, cast: &[Actor]) -> Vec<Process> {
        let workflow = &self.doc.template.workflow;
        let mut next = Vec::new();
        for t in workflow.from(&self.doc.state).filter(|t| t.to != t.from) {
            for a in cast {
                let mut p = self.clone();
                if !p.take(a, t) {
                    continue;
                }
                // The others sign too, until the step completes.
                while p.doc.state == self.doc.state && cast.iter().any(|b| p.take(b, t)) {}
                if p.doc.state != self.doc.state {
                    next.push(p);
                }
            }
        }
        next
    }
}

#[test]
fn from_every_reachable_state_every_template_can_reach_the_archive() {
    let cast = cast();
    for template in library() {
        let start = Process::new(template);
        let mut seen = BTreeSet::from([start.doc.state.clone()]);
        let mut queue = VecDeque::from([start]);
        let mut reachable = Vec::new();
        while let Some(p) = queue.pop_front() {
            for n in p.next_states(&cast) {
                if seen.insert(n.doc.state.clone()) {
                    queue.push_back(n);
                }
            }
            reachable.push(p);
        }
        assert!(
            seen.contains(ARCHIVED),
            "{}: the archive is never reached; reached {seen:?}",
            template.id.0
        );
        // Backwards: each reached state leads to the archive.
        for p in reachable {
            let mut frontier = vec![p.clone()];
            let mut visited = BTreeSet::new();
            let mut ends = false;
            while let Some(q) = frontier.pop() {
                if q.archived() {
                    ends = true;
                    break;
                }
                if visited.insert(q.doc.state.clone()) {
                    frontier.extend(q.next_states(&cast));
                }
            }
            assert!(
                ends,
                "{}: from {} nobody can bring it to the archive",
                template.id.0, p.doc.state
            );
        }
    }
}

proptest! {
    #[test]
    fn no_sequence_of_allowed_steps_leaves_a_process_stuck(
        template in 0..library().len(),
        moves in prop::collection::vec((0usize..7, 0usize..32), 0..40),
    ) {
        let cast = cast();
        let template = &library()[template];
        let mut process = Process::new(template);
        for (who, step) in moves {
            let transitions = template.workflow.transitions;
            let step = &transitions[step % transitions.len()];
            process.take(&cast[who % cast.len()], step);
            prop_assert!(
                process.archived() || process.someone_can_move(&cast),
                "{}: stuck in {} with signatures {:?}",
                template.id.0,
                process.doc.state,
                process.signed
            );
        }
    }
}
