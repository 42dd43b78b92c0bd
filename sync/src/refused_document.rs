use std::collections::BTreeMap;

use crate::DocumentId;

/// What an `error` frame adds when it refuses a peer's input about one
/// document: which document (`documentId`), and why as data (`code`,
/// `params`: texts). The frame's `message` says the same in English, so a
/// peer that knows nothing of these fields still reads an error.
/// [`crate::RefusalNotice`] makes and reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedDocument {
    pub document_id: DocumentId,
    pub code: String,
    pub params: BTreeMap<String, String>,
}
