use automerge::{Automerge, Change, ChangeHash};

use crate::{DocumentId, Message, PeerId, RefusalNotice};

/// The seam where permissions are checked. The relay implements it over
/// `concord-model`'s rules; the engine calls [`Policy::admit`] for every
/// inbound message of a connection, [`Policy::may_read`] before a room tells
/// a peer anything of a document, and [`Policy::check_changes`] for every
/// batch of changes before a room keeps them.
///
/// Methods take `&self` because one policy is shared (in an `Arc`) by every
/// connection and room task of a relay.
pub trait Policy: Send + Sync {
    /// Decides about one inbound message, after the handshake and after its
    /// sender was checked against the connection's peer id.
    fn admit(&self, peer: &PeerId, message: &Message) -> Verdict;

    /// Decides about the changes one sync message from `peer` brought to a
    /// document. `doc` already holds them (so the rule can read the document
    /// both at `before` — its heads before these changes — and after);
    /// on `Err` the room rolls the document back to `before`, so refused
    /// changes are never stored nor forwarded, and hands the notice to the
    /// relay to send (it reads nothing in it).
    ///
    /// `changes` are those that became part of the document, which may
    /// include changes an earlier message (possibly from another peer) brought
    /// and automerge held back until their dependencies arrived. Rules should
    /// therefore judge a change by its author (its actor id), not by `peer`.
    fn check_changes(
        &self,
        peer: &PeerId,
        document_id: &DocumentId,
        doc: &Automerge,
        before: &[ChangeHash],
        changes: &[Change],
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
        _doc: &Automerge,
        _before: &[ChangeHash],
        _changes: &[Change],
    ) -> Result<(), RefusalNotice> {
        Ok(())
    }

    fn inspects_changes(&self) -> bool {
        false
    }
}
