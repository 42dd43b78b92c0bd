use serde::{Deserialize, Serialize};

/// The query of `POST /api/import/grid`; the body is the file's bytes, and
/// the answer a `concord_model::import::Grid` (`ImportGrid`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportQuery {
    /// A workbook's worksheet by name; absent: the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}

/// The answer: the sheet's cells as texts, read by the relay.
pub type ImportGrid = concord_model::import::Grid;
