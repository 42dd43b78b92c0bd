use crate::store::ChunkSeq;

/// News for a room of what other relays wrote to its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FromOthers {
    /// PostgreSQL holds more of the document than the room: the periodic
    /// check or a broker that came back says so. The room reads the rest.
    Behind,
    /// Another relay committed the chunks numbered `first..=last`; their
    /// bytes come along unless they were too large for the broker. The
    /// room applies them only if they follow what it holds, and otherwise
    /// reads what it lacks from PostgreSQL.
    Committed {
        first: ChunkSeq,
        last: ChunkSeq,
        changes: Option<Vec<u8>>,
    },
}
