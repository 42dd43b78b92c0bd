use concord_sync::DocumentId;

use super::FromOthers;
use crate::store::ChunkSeq;

/// Subjects of committed changes: `concord.doc.<document id>`.
pub(crate) const DOC_SUBJECTS: &str = "concord.doc.*";
const DOC_PREFIX: &str = "concord.doc.";
/// Two big-endian sequence numbers, first and last.
const HEADER: usize = 16;

/// A broker message saying that one relay committed chunks to one
/// document, by their numbers only. Anyone who can reach the broker can
/// publish on its subjects, so the news carries no changes: a relay reads
/// them from PostgreSQL, where only a relay that judged them wrote them. (A
/// relay of the version before this one also appended the chunks' bytes;
/// they are ignored.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DocNews {
    pub doc: DocumentId,
    pub first: ChunkSeq,
    pub last: ChunkSeq,
}

impl DocNews {
    /// The news of one chunk committed as number `seq`.
    pub fn committed(doc: DocumentId, seq: ChunkSeq) -> Self {
        Self {
            doc,
            first: seq,
            last: seq,
        }
    }

    pub fn subject(&self) -> String {
        format!("{DOC_PREFIX}{}", self.doc)
    }

    pub fn payload(&self) -> Vec<u8> {
        let mut payload = Vec::with_capacity(HEADER);
        payload.extend_from_slice(&self.first.to_be_bytes());
        payload.extend_from_slice(&self.last.to_be_bytes());
        payload
    }

    /// Reads a message off the broker; `None` for anything that is not
    /// news of ours (any client of the broker may publish on the subject).
    pub fn read(subject: &str, payload: &[u8]) -> Option<Self> {
        let doc = subject.strip_prefix(DOC_PREFIX)?.parse().ok()?;
        let first = ChunkSeq::from_be_bytes(payload.get(..8)?.try_into().ok()?);
        let last = ChunkSeq::from_be_bytes(payload.get(8..HEADER)?.try_into().ok()?);
        if first < 1 || last < first {
            return None;
        }
        Some(Self { doc, first, last })
    }

    /// What the document's room is told.
    pub fn into_news(self) -> (DocumentId, FromOthers) {
        (
            self.doc,
            FromOthers::Committed {
                first: self.first,
                last: self.last,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_reads_back_as_numbers_and_bytes_after_them_are_ignored() {
        let doc = DocumentId::from_bytes([9; 16]);
        let news = DocNews::committed(doc, 7);
        assert_eq!(news.payload().len(), HEADER);
        assert_eq!(
            DocNews::read(&news.subject(), &news.payload()),
            Some(news.clone())
        );
        let mut with_changes = news.payload();
        with_changes.extend_from_slice(b"changes of an older relay, or forged");
        assert_eq!(DocNews::read(&news.subject(), &with_changes), Some(news));
    }

    #[test]
    fn anything_else_on_the_broker_is_ignored() {
        let doc = DocumentId::from_bytes([9; 16]);
        let news = DocNews::committed(doc, 3);
        assert_eq!(DocNews::read("concord.doc.nonsense", &news.payload()), None);
        assert_eq!(DocNews::read("other.subject", &news.payload()), None);
        assert_eq!(DocNews::read(&news.subject(), &[1, 2, 3]), None);
        let mut backwards = news.payload();
        backwards[..8].copy_from_slice(&5i64.to_be_bytes());
        assert_eq!(DocNews::read(&news.subject(), &backwards), None);
    }
}
