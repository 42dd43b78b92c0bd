//! One line of this browser's list of documents: what the home screen shows
//! without opening (and loading) every document.

use automerge::ChangeHash;
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
    /// What the relay has of it, as it last said (its heads): with the
    /// stored pieces, what still waits to reach it after a reload, before
    /// the relay answers again. `None` where that is not known (an entry
    /// written before it was kept).
    pub relay_heads: Option<Vec<ChangeHash>>,
    /// Changes stored here that the relay is not known to have, as of the
    /// entry's writing: what waits, for a document not open in this tab.
    pub waiting: usize,
}

/// The stored form: the id is the record's key, the rest is JSON.
#[derive(Serialize, Deserialize)]
struct Stored {
    template_id: String,
    title: String,
    #[serde(default)]
    status: String,
    updated_ms: i64,
    #[serde(default)]
    relay_heads: Option<Vec<String>>,
    #[serde(default)]
    waiting: usize,
}

impl DocEntry {
    pub(crate) fn to_json(&self) -> String {
        let stored = Stored {
            template_id: self.template_id.clone(),
            title: self.title.clone(),
            status: self.status.clone(),
            updated_ms: self.updated_ms,
            relay_heads: self
                .relay_heads
                .as_ref()
                .map(|heads| heads.iter().map(ToString::to_string).collect()),
            waiting: self.waiting,
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
            // A head that does not read makes the whole set unknown: a
            // part of it would count changes the relay has as waiting.
            relay_heads: stored
                .relay_heads
                .and_then(|heads| heads.iter().map(|h| h.parse().ok()).collect()),
            waiting: stored.waiting,
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
            relay_heads: Some(vec![ChangeHash([byte; 32])]),
            waiting: 2,
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
    fn an_older_entry_reads_with_the_relays_heads_unknown_and_nothing_waiting() {
        let id = DocumentId::from_bytes([1; 16]).to_string();
        let old =
            r#"{"template_id":"meeting-minutes","title":"t","status":"draft","updated_ms":5}"#;
        let read = DocEntry::from_json(&id, old).unwrap();
        assert_eq!((read.relay_heads, read.waiting), (None, 0));
        let bad_head =
            r#"{"template_id":"m","title":"t","updated_ms":5,"relay_heads":["zz"],"waiting":3}"#;
        let read = DocEntry::from_json(&id, bad_head).unwrap();
        assert_eq!((read.relay_heads, read.waiting), (None, 3));
        let none_yet =
            r#"{"template_id":"m","title":"t","updated_ms":5,"relay_heads":[],"waiting":3}"#;
        assert_eq!(
            DocEntry::from_json(&id, none_yet).unwrap().relay_heads,
            Some(vec![])
        );
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
