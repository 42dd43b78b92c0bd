use crate::StorageId;

/// What a peer says about itself in the `join` / `peer` handshake.
///
/// A peer that sends no metadata, or leaves `isEphemeral` out, is read as
/// having no storage and not being ephemeral: that is how automerge-repo's
/// JavaScript treats the missing fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerMetadata {
    /// Set when the peer keeps documents across restarts; sync state with it
    /// is then worth keeping under this id.
    pub storage_id: Option<StorageId>,
    /// The peer does not expect to come back (a test, a one-off script), so
    /// its sync state need not be kept.
    pub is_ephemeral: bool,
}
