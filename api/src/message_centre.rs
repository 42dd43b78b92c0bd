use concord_sync::DocumentId;
use serde::{Deserialize, Serialize};

/// `GET /api/messages`: what happened that concerns the signed-in person,
/// in the documents they may read, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageCentre {
    pub messages: Vec<MessageItem>,
    /// The relay's clock when it answered (ms since the epoch).
    pub as_of_ms: i64,
}

impl MessageCentre {
    pub fn unread(&self) -> usize {
        self.messages.iter().filter(|m| !m.read).count()
    }
}

/// One message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageItem {
    /// `<document id>/<message id>`: what a read mark names.
    pub key: String,
    #[serde(with = "super::documents::document_id_text")]
    pub doc: DocumentId,
    pub doc_title: String,
    pub template_id: String,
    /// `concord_model::views::MessageKind`: `mention`, `assigned`,
    /// `review-result`, `awaited`, `published`, `emergency`, `due-soon`,
    /// `overdue`, `daily-update`, `report-due`, `followed`.
    pub kind: String,
    /// When it happened (ms since the epoch).
    pub at: i64,
    pub by: Option<String>,
    /// A comment's text, a task's title, a state's or step's id.
    pub about: String,
    pub reason: Option<String>,
    pub row: Option<String>,
    /// For `followed`: who else changed the document in that hour, and how
    /// many times.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed_by: Vec<(String, u32)>,
    pub read: bool,
}

/// `GET /api/follows`: the documents the signed-in person follows (their
/// changes by others come as `followed` messages).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Follows {
    #[serde(with = "super::documents::document_ids_text")]
    pub docs: Vec<DocumentId>,
}

/// `POST /api/messages/read`: marks these messages read (one's own only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkRead {
    pub keys: Vec<String>,
}

/// The most keys one `MarkRead` may carry.
pub const MAX_MARKS: usize = 2_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_centre_reads_back_and_counts_its_unread() {
        let centre = MessageCentre {
            messages: vec![MessageItem {
                key: "d/mention:c1".into(),
                doc: DocumentId::from_bytes([9; 16]),
                doc_title: "上线".into(),
                template_id: "task-tracker".into(),
                kind: "mention".into(),
                at: 5,
                by: Some("alice".into()),
                about: "请 @bob 看看".into(),
                reason: None,
                row: None,
                changed_by: Vec::new(),
                read: false,
            }],
            as_of_ms: 9,
        };
        let json = serde_json::to_value(&centre).unwrap();
        assert_eq!(
            serde_json::from_value::<MessageCentre>(json).unwrap(),
            centre
        );
        assert_eq!(centre.unread(), 1);
    }
}
