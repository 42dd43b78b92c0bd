use std::{io, path::PathBuf};

use concord_sync::DocumentIdError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data directory {path}: {source}")]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("cannot open the database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "the database {path} is not a Concord store or is damaged ({source}); \
         move it aside to start empty, or restore it from a backup"
    )]
    Unreadable {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "the database {path} has schema version {found}, newer than this relay knows ({known}); \
         run a newer relay"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("the database holds a damaged document id {text:?}: {source}")]
    BadDocumentId {
        text: String,
        source: DocumentIdError,
    },
    #[error("the database holds a damaged storage id {0:?}")]
    BadStorageId(String),
    #[error(transparent)]
    Postgres(#[from] crate::postgres::PostgresError),
    #[error("the database holds a damaged document id of {0} bytes; a document id has 16")]
    BadDocumentKey(usize),
    #[error("the store's lock was poisoned by a crashed task")]
    Poisoned,
}
