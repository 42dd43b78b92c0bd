/// News for a room of what other relays wrote to its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FromOthers {
    /// PostgreSQL holds more of the document than the room: the periodic
    /// check says so. The room reads the rest.
    Behind,
}
