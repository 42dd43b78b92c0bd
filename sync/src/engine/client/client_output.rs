use automerge::ChangeHash;

use crate::{DocumentId, Message, RefusalNotice};

/// What a [`super::Client`] asks of its adapter, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientOutput {
    /// Encode and send to the relay.
    Send(Message),
    /// Append this chunk (the document's changes since the last one) to local
    /// storage. Durable before any later `Send` is delivered: nothing typed is
    /// lost to a closed tab.
    Store {
        document_id: DocumentId,
        chunk: Vec<u8>,
    },
    /// Changes from the relay were applied; the document's heads are now `heads`.
    DocChanged {
        document_id: DocumentId,
        heads: Vec<ChangeHash>,
    },
    /// The relay has no copy this peer may see, and this peer has none either.
    DocUnavailable { document_id: DocumentId },
    /// The relay's heads for the document, from its latest sync message. The
    /// relay sends only heads it has stored, so every change they contain is
    /// durable on the relay (see [`super::Client::saved_on_relay`]).
    RelayHeads {
        document_id: DocumentId,
        heads: Vec<ChangeHash>,
    },
    /// The relay refused this peer's changes to one document and says why
    /// (its `error` carried a notice). A `Close` follows. Sending the
    /// document again would be refused again: the app sets it aside.
    Refused {
        document_id: DocumentId,
        reason: RefusalNotice,
    },
    /// Close the connection: the relay sent an `error` or something this
    /// client cannot go on with. Call [`super::Client::disconnected`] and connect again.
    Close { reason: String },
}
