/// What one connection may cost the relay. Exceeding a limit is answered, never
/// a reason to panic or to grow without bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Documents one connection may have open at once; the next one closes
    /// the connection with an `error`.
    pub max_documents_per_connection: usize,
    /// Bytes a document may take in storage (snapshot plus incremental chunks);
    /// changes that would push it past this are refused whole.
    pub max_document_bytes: usize,
    /// Bytes of one websocket frame; a longer frame closes the connection.
    /// The relay should also set this on its websocket so the frame is never
    /// read whole.
    pub max_frame_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_documents_per_connection: 1_000,
            max_document_bytes: 64 << 20,
            max_frame_bytes: 16 << 20,
        }
    }
}
