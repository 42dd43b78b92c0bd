use automerge::sync;

/// A room's view of one peer's sync with it.
#[derive(Debug, Default)]
pub(super) struct PeerSync {
    pub(super) state: sync::State,
    /// The peer sent something since the last tick, so it may need an answer
    /// even if the document did not change.
    pub(super) dirty: bool,
    /// The peer was told `doc-unavailable`; it hears from the room again only
    /// once the document has content.
    pub(super) waiting: bool,
}
