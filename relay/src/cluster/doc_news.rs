use concord_sync::DocumentId;

use super::FromOthers;
use crate::store::ChunkSeq;

/// Subjects of committed changes: `concord.doc.<document id>`.
pub(crate) const DOC_SUBJECTS: &str = "concord.doc.*";
const DOC_PREFIX: &str = "concord.doc.";
/// Changes larger than this are not carried: the message names their
/// numbers only, and relays read them from PostgreSQL.
pub(crate) const MAX_CARRIED_BYTES: usize = 256 << 10;
/// Two big-endian sequence numbers, first and last.
const HEADER: usize = 16;

/// A broker message saying what one relay committed to one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DocNews {
    pub doc: DocumentId,
    pub first: ChunkSeq,
    pub last: ChunkSeq,
    /// The committed chunks back to back, unless past [`MAX_CARRIED_BYTES`].
    pub changes: Option<Vec<u8>>,
}

impl DocNews {
    /// What of `chunk` the news carries: its bytes, unless they are large.
    pub fn carried(chunk: &[u8]) -> Option<Vec<u8>> {
        (chunk.len() <= MAX_CARRIED_BYTES).then(|| chunk.to_vec())
    }

    /// The news of one chunk committed as number `seq` (see [`Self::carried`]).
    pub fn committed(doc: DocumentId, seq: ChunkSeq, carried: Option<Vec<u8>>) -> Self {
        Self {
            doc,
            first: seq,
            last: seq,
            changes: carried,
        }
    }

    pub fn subject(&self) -> String {
        format!("{DOC_PREFIX}{}", self.doc)
    }

    pub fn payload(&self) -> Vec<u8> {
        let changes = self.changes.as_deref().unwrap_or_default();
        let mut payload = Vec::with_capacity(HEADER + changes.len());
        payload.extend_from_slice(&self.first.to_be_bytes());
        payload.extend_from_slice(&self.last.to_be_bytes());
        payload.extend_from_slice(changes);
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
        let changes = payload.get(HEADER..).filter(|rest| !rest.is_empty());
        Some(Self {
            doc,
            first,
            last,
            changes: changes.map(<[u8]>::to_vec),
        })
    }

    /// What the document's room is told.
    pub fn into_news(self) -> (DocumentId, FromOthers) {
        (
            self.doc,
            FromOthers::Committed {
                first: self.first,
                last: self.last,
                changes: self.changes,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_reads_back_and_large_changes_travel_as_numbers_only() {
        let doc = DocumentId::from_bytes([9; 16]);
        let small = DocNews::committed(doc, 7, DocNews::carried(b"changes"));
        assert_eq!(
            DocNews::read(&small.subject(), &small.payload()),
            Some(small.clone())
        );
        let big = DocNews::committed(doc, 8, DocNews::carried(&vec![1; MAX_CARRIED_BYTES + 1]));
        assert_eq!(big.changes, None);
        let read = DocNews::read(&big.subject(), &big.payload()).unwrap();
        assert_eq!((read.first, read.last, read.changes), (8, 8, None));
    }

    #[test]
    fn anything_else_on_the_broker_is_ignored() {
        let doc = DocumentId::from_bytes([9; 16]);
        let news = DocNews::committed(doc, 3, DocNews::carried(b"x"));
        assert_eq!(DocNews::read("concord.doc.nonsense", &news.payload()), None);
        assert_eq!(DocNews::read("other.subject", &news.payload()), None);
        assert_eq!(DocNews::read(&news.subject(), &[1, 2, 3]), None);
        let mut backwards = news.payload();
        backwards[..8].copy_from_slice(&5i64.to_be_bytes());
        assert_eq!(DocNews::read(&news.subject(), &backwards), None);
    }
}
