use automerge::AutomergeError;

use crate::field::FieldKind;

/// Why a read or an edit of a document failed. Documents arrive from the
/// network, so every malformed part has a variant rather than a panic.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("the bytes are not an Automerge document: {0}")]
    Load(#[source] AutomergeError),
    #[error("automerge refused the operation: {0}")]
    Automerge(#[from] AutomergeError),
    #[error("the document has no usable meta.{0}")]
    BadMeta(&'static str),
    #[error("document schema {0} is not supported")]
    UnsupportedSchema(i64),
    #[error("no built-in template has the id {0:?}")]
    UnknownTemplate(String),
    #[error("the document's template has no field {0:?}")]
    UnknownField(String),
    #[error("the document's template has no table {0:?}")]
    UnknownTable(String),
    #[error("table {table:?} has no field {field:?}")]
    UnknownCell { table: String, field: String },
    #[error("table {table:?} has no row {row}")]
    UnknownRow { table: String, row: String },
    #[error("field {field:?} is {expected:?}; the value is of another kind")]
    WrongKind { field: String, expected: FieldKind },
    #[error("invalid value for field {field:?}: {reason}")]
    InvalidValue { field: String, reason: &'static str },
    #[error("field {0:?} is not long text, so it cannot be spliced")]
    NotLongText(String),
    #[error("splice at {pos} deleting {del} is outside the text of length {len}")]
    SpliceOutOfRange { pos: usize, del: usize, len: usize },
    #[error("document part {0} is missing or has the wrong type")]
    Corrupt(String),
    #[error("custom field {field:?} cannot be added: {reason}")]
    InvalidCustomField { field: String, reason: &'static str },
    #[error("the document has no comment {0}")]
    UnknownComment(String),
    #[error("comment {0} is not yours to change")]
    NotCommentAuthor(String),
    #[error("the document has no usable version {0}")]
    UnknownVersion(String),
    #[error("a version needs a name")]
    EmptyVersionName,
    #[error("a version name has at most {max} characters")]
    VersionNameTooLong { max: usize },
    #[error("the tag is not usable: {0}")]
    InvalidTag(#[from] super::tags::TagError),
    #[error("the sub-template is not usable: {0}")]
    InvalidSubtemplate(&'static str),
}

pub type DocResult<T> = Result<T, DocError>;
