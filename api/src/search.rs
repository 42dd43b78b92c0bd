use concord_model::{HistoryPlace, views::SearchHit};
use concord_sync::DocumentId;
use serde::{Deserialize, Serialize};

/// `GET /api/search?q=…&lang=zh|en`: the documents the signed-in person may
/// read whose texts match every word of `q` (`concord_model::views::
/// query_words`), searched on the relay: how a browser finds documents it
/// does not hold. Texts are read as the person reads them (people by
/// name, choices by label in `lang`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
    /// `zh` or `en`; Chinese when absent or unknown.
    #[serde(default)]
    pub lang: Option<String>,
}

/// The relay's answer: matching documents in the order they are listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchAnswer {
    pub found: Vec<FoundDocument>,
    /// More documents matched than `MAX_FOUND`: the query should narrow.
    #[serde(default)]
    pub more: bool,
    pub as_of_ms: i64,
}

/// At most this many documents in one answer.
pub const MAX_FOUND: usize = 500;

/// One document that matched, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoundDocument {
    #[serde(with = "super::documents::document_id_text")]
    pub doc: DocumentId,
    pub title: String,
    pub template_id: String,
    pub hits: Vec<FoundHit>,
}

/// One place a document matched: what kind of place, the row to open
/// (for a cell or a row's comment), the text around the match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoundHit {
    /// `title`, `field`, `tags`, `row` or `comment`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    pub snippet: String,
}

impl FoundHit {
    /// A hit found anywhere (relay or browser) as the results list shows it.
    pub fn of(hit: &SearchHit) -> Self {
        let (kind, row) = match &hit.place {
            HistoryPlace::Cell { row, .. } | HistoryPlace::Row { row, .. } => {
                ("row", Some(row.0.clone()))
            }
            HistoryPlace::Title => ("title", None),
            HistoryPlace::Field(_) => ("field", None),
            HistoryPlace::Part(part) if part == "meta.tags" => ("tags", None),
            _ => ("comment", None),
        };
        Self {
            kind: kind.to_owned(),
            row,
            snippet: hit.snippet.clone(),
        }
    }
}
