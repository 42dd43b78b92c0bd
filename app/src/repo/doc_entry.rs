//! One line of this browser's list of documents: what the home screen shows
//! without opening (and loading) every document.

use concord_sync::DocumentId;
use serde::{Deserialize, Serialize};

/// A document kept in this browser, as it was when a change to it was last
/// stored here (made here, in another tab, or received from the relay).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocEntry {
    pub id: DocumentId,
    pub template_id: String,
    pub title: String,
    /// The document's workflow state (`draft`, `submitted`, …) as the model names it.
    pub status: String,
    /// When a change was last stored here, in milliseconds since the epoch.
    pub updated_ms: i64,
}

/// The stored form: the id is the record's key, the rest is JSON.
#[derive(Serialize, Deserialize)]
struct Stored {
    template_id: String,
    title: String,
    #[serde(default)]
    status: String,
    updated_ms: i64,
}

impl DocEntry {
    pub(crate) fn to_json(&self) -> String {
        let stored = Stored {
            template_id: self.template_id.clone(),
            title: self.title.clone(),
            status: self.status.clone(),
            updated_ms: self.updated_ms,
        };
        // Strings and an integer always serialize.
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// `None` for a record that is not ours to read (damaged or foreign):
    /// the list skips it rather than failing.
    pub(crate) fn from_json(id: &str, json: &str) -> Option<Self> {
        let id = DocumentId::parse_url_or_id(id).ok()?;
        let stored: Stored = serde_json::from_str(json).ok()?;
        Some(Self {
            id,
            template_id: stored.template_id,
            title: stored.title,
            status: stored.status,
            updated_ms: stored.updated_ms,
        })
    }
}

/// Most recently changed first; ties keep a stable order by id.
pub fn newest_first(entries: &mut [DocEntry]) {
    entries.sort_by(|a, b| {
        b.updated_ms
            .cmp(&a.updated_ms)
            .then_with(|| a.id.to_string().cmp(&b.id.to_string()))
    });
}

/// Puts `entry` in place of the one with its id, keeping the order.
pub fn upsert(entries: &mut Vec<DocEntry>, entry: DocEntry) {
    entries.retain(|e| e.id != entry.id);
    entries.push(entry);
    newest_first(entries);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(byte: u8, title: &str, updated_ms: i64) -> DocEntry {
        DocEntry {
            id: DocumentId::from_bytes([byte; 16]),
            template_id: "meeting-minutes".into(),
            title: title.into(),
            status: "draft".into(),
            updated_ms,
        }
    }

    #[test]
    fn an_entry_round_trips_through_its_stored_form() {
        let e = entry(1, "周会 · Weekly", 1_700_000_000_000);
        let back = DocEntry::from_json(&e.id.to_string(), &e.to_json()).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn damaged_records_are_skipped() {
        let id = DocumentId::from_bytes([1; 16]).to_string();
        assert!(DocEntry::from_json(&id, "{not json").is_none());
        assert!(DocEntry::from_json("not-an-id", &entry(1, "t", 0).to_json()).is_none());
        assert!(DocEntry::from_json(&id, r#"{"title":"no template"}"#).is_none());
    }

    #[test]
    fn newest_changes_come_first_and_upsert_replaces() {
        let mut list = vec![entry(1, "old", 10), entry(2, "new", 20)];
        newest_first(&mut list);
        assert_eq!(list[0].title, "new");
        upsert(&mut list, entry(1, "old, renamed", 30));
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].title, "old, renamed");
        assert_eq!(list[1].title, "new");
    }
}
