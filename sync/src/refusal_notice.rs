use std::{collections::BTreeMap, fmt};

use crate::{DocumentId, Message, PeerId, RefusedDocument};

/// Why the relay refused a peer's input about one document, as it travels:
/// a stable `code` with its `params`, from which an app says it in the
/// reader's language, and `message`, the same in English for anyone who
/// reads only that (the JavaScript automerge-repo client, logs).
///
/// The engine carries it without reading it: a `Policy` answers with one
/// (the relay fills it from `concord-model`'s `Refusal`, whose codes these
/// are), and a room makes its own for input its limits refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusalNotice {
    pub code: String,
    pub params: BTreeMap<String, String>,
    pub message: String,
}

impl RefusalNotice {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            params: BTreeMap::new(),
            message: message.into(),
        }
    }

    /// With one more parameter.
    pub fn with(mut self, key: &str, value: impl fmt::Display) -> Self {
        self.params.insert(key.to_owned(), value.to_string());
        self
    }

    /// A peer sent more than a room queues while its document loads.
    pub fn too_busy() -> Self {
        Self::new(
            "too-busy",
            "too many messages while the document loads; try again",
        )
    }

    /// A sync message that does not read.
    pub fn malformed_changes(detail: impl fmt::Display) -> Self {
        let detail = detail.to_string();
        Self::new(
            "malformed-changes",
            format!("the changes do not read: {detail}"),
        )
        .with("detail", detail)
    }

    /// Changes automerge would not apply.
    pub fn changes_do_not_apply(detail: impl fmt::Display) -> Self {
        let detail = detail.to_string();
        Self::new(
            "changes-do-not-apply",
            format!("the changes do not apply: {detail}"),
        )
        .with("detail", detail)
    }

    /// Changes that would make the document larger than the relay keeps.
    pub fn document_too_large(max_bytes: usize) -> Self {
        Self::new(
            "document-too-large",
            format!("the document would exceed {max_bytes} bytes"),
        )
        .with("max_bytes", max_bytes)
    }

    /// The `error` frame that tells `target_id` its input about
    /// `document_id` was refused; automerge-repo peers close on it.
    pub fn error_frame(
        &self,
        sender_id: PeerId,
        target_id: PeerId,
        document_id: DocumentId,
    ) -> Message {
        Message::Error {
            sender_id: Some(sender_id),
            target_id: Some(target_id),
            message: self.message.clone(),
            refused: Some(RefusedDocument {
                document_id,
                code: self.code.clone(),
                params: self.params.clone(),
            }),
        }
    }

    /// The refusal an `error` frame carries and the document it concerns;
    /// `None` for an error that refuses no document.
    pub fn of_error_frame(message: &Message) -> Option<(DocumentId, Self)> {
        let Message::Error {
            message,
            refused: Some(refused),
            ..
        } = message
        else {
            return None;
        };
        let notice = Self {
            code: refused.code.clone(),
            params: refused.params.clone(),
            message: message.clone(),
        };
        Some((refused.document_id, notice))
    }
}

impl fmt::Display for RefusalNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_goes_out_in_an_error_frame_and_comes_back_whole() {
        let notice = RefusalNotice::new(
            "not-row-owner",
            "only the row's owner ann may write this cell",
        )
        .with("row_owner", "ann");
        let document_id = DocumentId::from_bytes([4; 16]);
        let frame = notice.error_frame(
            "relay".parse().unwrap(),
            "peer".parse().unwrap(),
            document_id,
        );
        let Message::Error { message, .. } = &frame else {
            panic!("not an error: {frame:?}");
        };
        assert_eq!(message, &notice.message, "peers that read only the text");
        let decoded = Message::decode(&frame.encode()).unwrap();
        assert_eq!(decoded, frame);
        assert_eq!(
            RefusalNotice::of_error_frame(&decoded),
            Some((document_id, notice))
        );
    }

    #[test]
    fn an_error_that_refuses_no_document_carries_no_notice() {
        let plain = Message::Error {
            sender_id: None,
            target_id: None,
            message: "too many documents".into(),
            refused: None,
        };
        assert_eq!(RefusalNotice::of_error_frame(&plain), None);
    }
}
