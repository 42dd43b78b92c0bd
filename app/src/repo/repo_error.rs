use concord_model::DocError;
use concord_sync::DocumentId;

use super::IdbStoreError;

/// Why a repo operation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    #[error(transparent)]
    Store(#[from] IdbStoreError),
    /// Boxed: a model error is large and repo calls are on every keystroke's path.
    #[error(transparent)]
    Doc(Box<DocError>),
    #[error("document {0} is not open in this tab")]
    NotOpen(DocumentId),
    /// The relay refused this document's changes; it is not synced until reset.
    #[error("the relay refused changes to document {0}; reset it to the relay's copy to go on")]
    Refused(DocumentId),
    #[error("the browser gave no random numbers: {0}")]
    NoRandom(String),
}

impl From<DocError> for RepoError {
    fn from(error: DocError) -> Self {
        Self::Doc(Box::new(error))
    }
}
