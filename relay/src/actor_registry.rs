//! Who each Automerge actor id belongs to: the person who first signed a
//! change with it. What makes every change in a document's history name a
//! real author.

use std::{collections::HashMap, sync::Mutex};

use concord_model::PersonId;

use crate::locks::lock;

/// What claiming an actor id for a person found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// Nobody had it; it is now theirs.
    New,
    /// It was theirs already.
    Theirs,
    /// It belongs to this other person.
    Other(PersonId),
    /// The registry could not answer (storage failed); refuse to be safe.
    Unknown(String),
}

/// The bindings, kept by the accounts database in the relay and in memory
/// in tests. Claims are atomic: two people claiming one new actor at once
/// cannot both get it.
pub trait ActorRegistry: Send + Sync {
    fn claim(&self, actor: &str, who: &PersonId, now_ms: i64) -> Claim;
    /// Takes back a claim made for a batch that was then refused.
    fn release(&self, actor: &str, who: &PersonId);
}

/// Bindings that last as long as the process.
#[derive(Default)]
pub struct InMemoryActors(Mutex<HashMap<String, PersonId>>);

impl ActorRegistry for InMemoryActors {
    fn claim(&self, actor: &str, who: &PersonId, _now_ms: i64) -> Claim {
        let mut bound = lock(&self.0);
        match bound.get(actor) {
            Some(owner) if owner == who => Claim::Theirs,
            Some(owner) => Claim::Other(owner.clone()),
            None => {
                bound.insert(actor.to_owned(), who.clone());
                Claim::New
            }
        }
    }

    fn release(&self, actor: &str, who: &PersonId) {
        let mut bound = lock(&self.0);
        if bound.get(actor) == Some(who) {
            bound.remove(actor);
        }
    }
}
