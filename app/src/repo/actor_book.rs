use std::collections::BTreeMap;

use automerge::ActorId;
use concord_model::PersonId;

/// Which Automerge actor each person writes as in this tab.
///
/// The relay binds an actor id to the first person who signs a change with
/// it, so two people taking turns in one browser must never share one. Nor
/// may two tabs: each would number its changes from the same sequence and
/// the two histories would clash. So an actor is drawn fresh for each person
/// the first time they edit in this tab, and kept while the tab lives.
#[derive(Debug, Default)]
pub struct ActorBook {
    actors: BTreeMap<PersonId, ActorId>,
}

impl ActorBook {
    /// The person's actor in this tab; `fresh` draws one the first time.
    pub fn actor_for<E>(
        &mut self,
        person: &PersonId,
        fresh: impl FnOnce() -> Result<ActorId, E>,
    ) -> Result<ActorId, E> {
        if let Some(actor) = self.actors.get(person) {
            return Ok(actor.clone());
        }
        let actor = fresh()?;
        self.actors.insert(person.clone(), actor.clone());
        Ok(actor)
    }
}
