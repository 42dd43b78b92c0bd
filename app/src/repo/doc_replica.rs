use automerge::{ActorId, AutoCommit, AutomergeError, ChangeHash, sync};
use concord_model::{ConcordDoc, DocError};
use concord_sync::engine::client::Replica;

/// A document as this tab holds it, inside the sync engine: the one copy
/// that is read, edited, stored and synced. Until the first of it arrives
/// from the relay it is plain Automerge; once it reads as a Concord document
/// it is typed.
pub enum DocReplica {
    Arriving(AutoCommit),
    Typed(ConcordDoc),
}

impl DocReplica {
    pub fn typed(&self) -> Option<&ConcordDoc> {
        match self {
            Self::Typed(doc) => Some(doc),
            Self::Arriving(_) => None,
        }
    }

    pub fn typed_mut(&mut self) -> Option<&mut ConcordDoc> {
        match self {
            Self::Typed(doc) => Some(doc),
            Self::Arriving(_) => None,
        }
    }

    /// Types an arriving document once something of it is here, writing as
    /// `actor` from then on. `Ok(false)`: nothing usable yet (only changes
    /// whose dependencies are still to come). `Err`: what arrived is not a
    /// document this app reads; it is kept as it is.
    pub fn settle(&mut self, actor: ActorId) -> Result<bool, DocError> {
        let Self::Arriving(doc) = self else {
            return Ok(true);
        };
        if doc.get_heads().is_empty() {
            return Ok(false);
        }
        let arrived = std::mem::take(doc);
        match ConcordDoc::from_automerge(arrived) {
            Ok(mut typed) => {
                typed.set_actor(actor);
                *self = Self::Typed(typed);
                Ok(true)
            }
            Err(not_ours) => {
                let concord_model::NotOurs {
                    error,
                    doc: arrived,
                } = *not_ours;
                *doc = arrived;
                Err(error)
            }
        }
    }

    /// The Automerge document underneath, typed or not.
    pub fn automerge_mut(&mut self) -> &mut AutoCommit {
        self.automerge()
    }

    fn automerge(&mut self) -> &mut AutoCommit {
        match self {
            Self::Arriving(doc) => doc,
            Self::Typed(doc) => doc.automerge_mut(),
        }
    }
}

impl Replica for DocReplica {
    fn empty() -> Self {
        Self::Arriving(AutoCommit::new())
    }

    fn heads(&mut self) -> Vec<ChangeHash> {
        self.automerge().heads()
    }

    fn changes_after(&mut self, heads: &[ChangeHash]) -> Vec<u8> {
        self.automerge().changes_after(heads)
    }

    fn count_changes_after(&mut self, heads: &[ChangeHash]) -> usize {
        self.automerge().count_changes_after(heads)
    }

    fn knows_change(&mut self, hash: &ChangeHash) -> bool {
        self.automerge().knows_change(hash)
    }

    fn load_chunk(&mut self, chunk: &[u8]) -> Result<usize, AutomergeError> {
        self.automerge().load_chunk(chunk)
    }

    fn save_all(&mut self) -> Vec<u8> {
        self.automerge().save_all()
    }

    fn sync_message(&mut self, state: &mut sync::State) -> Option<sync::Message> {
        self.automerge().sync_message(state)
    }

    fn receive_sync(
        &mut self,
        state: &mut sync::State,
        message: sync::Message,
    ) -> Result<(), AutomergeError> {
        self.automerge().receive_sync(state, message)
    }
}
