use crate::DocumentIdError;

/// Why a frame is not an automerge-repo message. Each variant names the field
/// at fault, so that a relay can log a useful line and drop the connection.
///
/// Texts from the frame are kept short (see `UnknownType`) so that logging an
/// error never copies a large frame.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the frame ends in the middle of a CBOR item")]
    Truncated,
    #[error("the frame is not a CBOR map")]
    NotAMap,
    #[error("{0} bytes follow the message; a frame holds exactly one")]
    TrailingBytes(usize),
    #[error("{field} declares {declared} items or bytes but only {remaining} bytes are left")]
    TooLarge {
        field: &'static str,
        declared: u64,
        remaining: usize,
    },
    #[error("{field} has an indefinite length; automerge-repo peers write definite lengths")]
    IndefiniteLength { field: &'static str },
    #[error("the message has no {0}")]
    MissingField(&'static str),
    #[error("{0} appears twice in one map")]
    DuplicateField(&'static str),
    #[error("{field} should be {expected}")]
    WrongType {
        field: &'static str,
        expected: &'static str,
    },
    #[error("{0} is not valid UTF-8")]
    InvalidUtf8(&'static str),
    #[error("{0} is empty")]
    EmptyId(&'static str),
    #[error("unknown message type {0:?}")]
    UnknownType(String),
    #[error("bad documentId: {0}")]
    BadDocumentId(#[source] DocumentIdError),
    #[error("malformed CBOR: {0}")]
    Malformed(String),
}
