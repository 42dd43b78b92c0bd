use concord_sync::DocumentId;

/// What can go wrong with the documents kept in this browser's IndexedDB.
/// Each is shown to the person with a way out; none is swallowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdbStoreError {
    /// The browser refused to store more (disk full or the site's quota used up).
    #[error("this browser has no room left for Concord's documents")]
    QuotaExceeded,
    /// Another tab holds the database open in an older version.
    #[error("another Concord tab blocks the local database; close the other tabs")]
    Blocked,
    /// A stored piece of a document does not read back; the rest still loads.
    #[error("a stored part of document {doc} is damaged: {detail}")]
    Corrupt { doc: DocumentId, detail: String },
    /// IndexedDB is missing or failed (private mode, storage disabled, …).
    #[error("local storage is unavailable: {0}")]
    Unavailable(String),
}

impl IdbStoreError {
    /// Sorts an IndexedDB failure by the `DOMException` name in its text,
    /// which is all the `idb` crate's errors carry.
    pub(crate) fn from_idb(error: &idb::Error) -> Self {
        let text = error.to_string();
        if text.contains("QuotaExceededError") {
            Self::QuotaExceeded
        } else if text.contains("VersionError") {
            Self::Blocked
        } else {
            Self::Unavailable(text)
        }
    }
}

impl From<idb::Error> for IdbStoreError {
    fn from(error: idb::Error) -> Self {
        Self::from_idb(&error)
    }
}
