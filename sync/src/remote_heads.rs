/// One storage's heads of one document, as gossiped in `remote-heads-changed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteHeads {
    /// Change hashes as the sending peer wrote them. They are passed on, never
    /// interpreted here, so their spelling (hex, base58) is the sender's business.
    pub heads: Vec<String>,
    /// Milliseconds since the Unix epoch on the peer that first saw these heads;
    /// a later timestamp for the same storage and document wins.
    pub timestamp: u64,
}
