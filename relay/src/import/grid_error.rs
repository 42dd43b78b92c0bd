use concord_model::import::{MAX_IMPORT_BYTES, MAX_IMPORT_COLUMNS, MAX_IMPORT_ROWS};

/// Why a file gives no grid. Said to the caller with its own code
/// (relay/API.md); the app says each in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum GridError {
    #[error("the file is larger than {MAX_IMPORT_BYTES} bytes")]
    TooLarge,
    /// What a workbook unpacks to, which a small zip can make huge.
    #[error("the workbook unpacks to more than {0} bytes")]
    UnpacksTooLarge(u64),
    #[error("the file has more than {MAX_IMPORT_ROWS} rows below its header")]
    TooManyRows,
    #[error("the file has more than {MAX_IMPORT_COLUMNS} columns")]
    TooManyColumns,
    #[error("the file is not a spreadsheet Concord reads (.xlsx or .csv): {0}")]
    NotASpreadsheet(String),
    #[error("the workbook is protected by a password: save it without one, then import it")]
    PasswordProtected,
    #[error("the file or sheet holds no cells")]
    Empty,
    #[error("the workbook has no worksheet named {0:?}")]
    NoSuchSheet(String),
}
