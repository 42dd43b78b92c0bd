//! A view is made once per document, heads and key: asked again it is
//! what was kept; a document whose heads moved, or a new key, is read again.

use std::cell::Cell;

use automerge::Automerge;
use concord_model::{ActorId, ConcordDoc, DocCard, Person, Value, find_template};

use super::*;
use crate::store::{NewChunk, SqliteStore};

fn listed(id: DocumentId, doc: &mut ConcordDoc) -> Listed {
    let card = DocCard::read(&Automerge::load(&doc.save()).unwrap()).unwrap();
    let who = Person::staff("alice".parse().unwrap(), vec![]);
    Listed {
        id,
        role: card.role_of(&who).unwrap(),
        card,
    }
}

#[test]
fn a_view_is_made_once_per_heads_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    let template = find_template("task-tracker").unwrap();
    let alice = "alice".parse().unwrap();
    let mut doc = ConcordDoc::create(template, "one", &alice, 1_000, ActorId::random()).unwrap();
    doc.commit(1_000, None);
    let id = DocumentId::from_bytes([7; 16]);
    let keep = |doc: &mut ConcordDoc| {
        store
            .append(&[NewChunk {
                doc: id,
                data: doc.save(),
            }])
            .unwrap()
    };
    keep(&mut doc);
    // A listed document the store does not hold has no view.
    let absent = DocumentId::from_bytes([8; 16]);
    let docs = [listed(id, &mut doc), listed(absent, &mut doc)];

    let kept: KeptByHeads<&str, String> = KeptByHeads::default();
    let made = Cell::new(0);
    let ask = |key: &'static str, heads: Option<Vec<ChangeHash>>| {
        kept.of(
            &docs,
            |_| heads.clone(),
            &store,
            &key,
            |_, d| {
                made.set(made.get() + 1);
                format!("{key}: {}", d.title().unwrap_or_default())
            },
        )
        .unwrap()
    };
    let first = ask("zh", None);
    assert_eq!(first[0].as_deref().map(String::as_str), Some("zh: one"));
    assert!(first[1].is_none());
    assert_eq!(made.get(), 1);
    ask("zh", None);
    ask("zh", Some(doc.heads()));
    assert_eq!(made.get(), 1, "kept at the heads the relay knows");
    ask("en", Some(doc.heads()));
    ask("zh", Some(doc.heads()));
    assert_eq!(made.get(), 2, "one per key, side by side");

    // The document moves on: read again, and the old views are dropped.
    doc.set_field("project", Value::Text("Q4".into())).unwrap();
    doc.set_title("two").unwrap();
    doc.commit(2_000, None);
    keep(&mut doc);
    let now = ask("zh", Some(doc.heads()));
    assert_eq!(now[0].as_deref().map(String::as_str), Some("zh: two"));
    assert_eq!(made.get(), 3);
    ask("en", Some(doc.heads()));
    assert_eq!(made.get(), 4, "the old heads' view is gone");

    // At most `KEYS_PER_DOCUMENT` keys: the oldest goes first.
    for key in ["a", "b", "c"] {
        ask(key, Some(doc.heads()));
    }
    assert_eq!(made.get(), 7);
    ask("zh", Some(doc.heads()));
    assert_eq!(made.get(), 8, "zh was the oldest");
}
