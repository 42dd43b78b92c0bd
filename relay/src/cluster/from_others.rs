use crate::store::ChunkSeq;

/// News for a room of what other relays wrote to its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FromOthers {
    /// PostgreSQL holds more of the document than the room: the periodic
    /// check or a broker that came back says so. The room reads the rest.
    Behind,
    /// Another relay committed the chunks numbered `first..=last`, says
    /// the broker (which anyone may publish on). A room that holds them
    /// already does nothing; otherwise it reads what it lacks from
    /// PostgreSQL. Nothing from the broker itself enters a room.
    Committed { first: ChunkSeq, last: ChunkSeq },
}
