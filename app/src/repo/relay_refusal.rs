use concord_sync::DocumentId;

/// The relay refused changes to one document: it sent an automerge-repo
/// `error` whose text is `document <id>: <reason>` and closed the socket,
/// which the sync client reports as the close reason `relay error: <text>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayRefusal {
    pub document: DocumentId,
    pub reason: String,
}

impl RelayRefusal {
    /// Reads a close reason; `None` for a close that names no document (the
    /// connection's own trouble: reconnecting is the answer to those).
    pub fn parse(close_reason: &str) -> Option<Self> {
        let text = close_reason.strip_prefix("relay error: ")?;
        let rest = text.strip_prefix("document ")?;
        let (id, reason) = rest.split_once(": ").unwrap_or((rest, ""));
        let document = id.trim().parse().ok()?;
        Some(Self {
            document,
            reason: reason.trim().to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_names_its_document_and_reason() {
        let id = DocumentId::from_bytes([7; 16]);
        let parsed = RelayRefusal::parse(&format!(
            "relay error: document {id}: a viewer cannot edit: x"
        ))
        .unwrap();
        assert_eq!(parsed.document, id);
        assert_eq!(parsed.reason, "a viewer cannot edit: x");
    }

    #[test]
    fn other_closes_are_not_refusals() {
        assert!(RelayRefusal::parse("relay error: too many messages").is_none());
        assert!(RelayRefusal::parse("malformed message from the relay").is_none());
        assert!(RelayRefusal::parse("relay error: document nonsense: no").is_none());
    }
}
