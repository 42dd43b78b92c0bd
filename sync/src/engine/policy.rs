use automerge::{Automerge, Change, ChangeHash};

use crate::{DocumentId, Message, PeerId, RefusalNotice};

/// The seam where permissions are checked. The relay implements it over
/// `concord-model`'s rules. A connection asks [`Policy::admit`] about every
/// inbound message; a room asks [`Policy::check_changes`] about every batch
/// of changes before it keeps them and [`Policy::may_read`] before it tells
/// a peer anything of a document.
///
/// Methods take `&self` because one policy is shared (in an `Arc`) by every
/// connection and room of a relay. They run where the room runs, which may
/// block (the relay runs rooms off its async threads), so a policy may read
/// and write storage.
pub trait Policy: Send + Sync {
    /// Decides about one inbound message, after the handshake and after its
    /// sender was checked against the connection's peer id.
    fn admit(&self, peer: &PeerId, message: &Message) -> Verdict;

    /// Decides about the changes one sync message from `peer` brought to a
    /// document. The batch is already applied (so the rule can read the
    /// document both before and after it); on `Err` the room rolls the
    /// document back, so refused changes are never stored nor forwarded,
    /// and hands the notice to the relay to send (it reads nothing in it).
    fn check_changes(
        &self,
        peer: &PeerId,
        document_id: &DocumentId,
        batch: &ChangeBatch<'_>,
    ) -> Result<(), RefusalNotice>;

    /// Whether `peer` may see the document as it now stands. The room asks
    /// before it answers a `request` or `sync` for a document that exists,
    /// and again for every peer in the room after it accepted changes (they
    /// may have changed who has access). A peer that may not read gets
    /// `doc-unavailable`, exactly as for a document that does not exist, is
    /// dropped from the room and hears nothing more of it; changes it
    /// brought are not applied.
    fn may_read(&self, _peer: &PeerId, _document_id: &DocumentId, _doc: &Automerge) -> bool {
        true
    }

    /// Whether [`Policy::check_changes`] looks at anything. A policy that
    /// allows every change says `false`, and rooms skip collecting changes.
    fn inspects_changes(&self) -> bool {
        true
    }
}

/// The changes one sync message brought into a document: applied to the
/// room's copy, not yet stored, sent or accepted.
pub struct ChangeBatch<'a> {
    /// The document with the batch applied.
    pub doc: &'a Automerge,
    /// Its heads before the batch; `doc.get_heads()` are those after.
    pub before: &'a [ChangeHash],
    /// The changes that became part of the document, as the peer sent them
    /// where it could (so reading them costs the batch, not the document).
    /// They may include changes an earlier message (possibly from another
    /// peer) brought and automerge held back until their dependencies
    /// arrived, so rules should judge a change by its author (its actor id),
    /// not by the peer.
    pub changes: &'a [Change],
}

impl ChangeBatch<'_> {
    /// The document's heads after the batch.
    pub fn after(&self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }
}

/// The answer of [`Policy::admit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Allow,
    /// Behave as if the document did not exist: a `request` or `sync` is
    /// answered `doc-unavailable`, anything else is dropped. A refused and a
    /// missing document look the same to the peer.
    Hide,
    /// Close the connection with an `error` carrying this text.
    Close(String),
}

/// Admits everything: for tests and for a relay without accounts.
#[derive(Debug, Clone, Copy, Default)]
pub struct AllowAll;

impl Policy for AllowAll {
    fn admit(&self, _peer: &PeerId, _message: &Message) -> Verdict {
        Verdict::Allow
    }

    fn check_changes(
        &self,
        _peer: &PeerId,
        _document_id: &DocumentId,
        _batch: &ChangeBatch<'_>,
    ) -> Result<(), RefusalNotice> {
        Ok(())
    }

    fn inspects_changes(&self) -> bool {
        false
    }
}
