/// Where one document's changes are, for the person to see at a glance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocStatus {
    /// Every change made or received in this tab is in IndexedDB.
    pub saved_on_device: bool,
    /// The relay has said it stored every change this tab has.
    pub saved_on_relay: bool,
    /// Changes the relay does not have yet. Before the relay has answered
    /// since this tab opened the document, the changes made here since then.
    pub waiting: usize,
    /// The relay has no copy this person may see, and this browser has none.
    pub unavailable: bool,
}
