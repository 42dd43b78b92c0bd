//! The browser repo in a real browser (Chromium through wasm-bindgen-test):
//! IndexedDB, BroadcastChannel and Web Locks are the browser's own.
#![cfg(target_arch = "wasm32")]

use std::{cell::RefCell, rc::Rc};

use automerge::{Automerge, ReadDoc as _, sync::SyncDoc as _, transaction::Transactable as _};
use concord_app::repo::{
    CryptoRng, FrameSink, IdbStore, IdbStoreError, LinkEvent, Locked, Part, Repo,
    with_lock_if_available,
};
use concord_model::{PersonId, Template, Value, find_template};
use concord_sync::{DocumentId, Message, PROTOCOL_V1, PeerId, PeerMetadata};
use leptos::prelude::GetUntracked as _;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod support;

use support::{sleep, until};

wasm_bindgen_test_configure!(run_in_browser);

/// A database and channel name no other test (or earlier run) uses.
fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", js_sys::Math::random().to_bits())
}

fn log_template() -> &'static Template {
    find_template("customer-communication-log").unwrap()
}

fn alice() -> PersonId {
    "alice".parse().unwrap()
}

fn text(repo: &Repo, doc: DocumentId, field: &str) -> Option<String> {
    repo.read(doc, |d| match d.field(field) {
        Ok(Some(Value::Text(t))) => Some(t),
        _ => None,
    })
    .flatten()
}

/// Automerge changes as a store would get them: one chunk per change.
fn chunks(n: usize) -> (Automerge, Vec<Vec<u8>>) {
    let mut doc = Automerge::new();
    let mut out = Vec::new();
    for i in 0..n {
        let before = doc.get_heads();
        let mut tx = doc.transaction();
        tx.put(automerge::ROOT, format!("k{i}"), i as i64).unwrap();
        tx.commit();
        out.push(doc.save_after(&before));
    }
    (doc, out)
}

#[wasm_bindgen_test]
async fn the_store_appends_loads_compacts_and_reloads() {
    let store = IdbStore::open(&unique("store")).await.unwrap();
    let doc_id = DocumentId::from_bytes([7; 16]);
    let other = DocumentId::from_bytes([8; 16]);
    let (doc, pieces) = chunks(4);
    let mut keys = Vec::new();
    for piece in &pieces[..3] {
        keys.push(store.append(doc_id, piece).await.unwrap());
    }
    store.append(other, b"another document").await.unwrap();
    assert_eq!(store.appended(), 4);

    let loaded = store.load(doc_id).await.unwrap();
    assert!(loaded.corrupt.is_empty());
    assert_eq!(loaded.pieces.len(), 3, "only this document's pieces");
    let bytes: Vec<_> = loaded.pieces.iter().map(|(_, b)| b.clone()).collect();
    assert_eq!(
        bytes,
        pieces[..3],
        "pieces come back in the order they were written"
    );

    // Compaction: one snapshot in place of the three chunks.
    let mut first_three = Automerge::new();
    for piece in &bytes {
        first_three.load_incremental(piece).unwrap();
    }
    let snapshot_key = store
        .compact(doc_id, &first_three.save(), &keys)
        .await
        .unwrap();
    assert_eq!(snapshot_key.part, Part::Snapshot);
    let loaded = store.load(doc_id).await.unwrap();
    assert_eq!(loaded.pieces.len(), 1);
    assert_eq!(loaded.pieces[0].0, snapshot_key);

    // Later chunks load after the snapshot, and everything reads back.
    store.append(doc_id, &pieces[3]).await.unwrap();
    let loaded = store.load(doc_id).await.unwrap();
    assert_eq!(loaded.pieces.len(), 2);
    assert_eq!(loaded.pieces[0].0.part, Part::Snapshot);
    let mut reread = Automerge::new();
    for (_, bytes) in &loaded.pieces {
        reread.load_incremental(bytes).unwrap();
    }
    assert_eq!(reread.get_heads(), doc.get_heads());
    assert_eq!(store.load(other).await.unwrap().pieces.len(), 1);

    store.forget(doc_id).await.unwrap();
    assert!(store.load(doc_id).await.unwrap().pieces.is_empty());
    assert_eq!(store.load(other).await.unwrap().pieces.len(), 1);
}

#[wasm_bindgen_test]
async fn a_corrupt_piece_is_reported_by_document_and_the_rest_loads() {
    let db = unique("corrupt");
    let writer = Repo::open_store(&db).await.unwrap();
    let doc = writer.create(log_template(), "Acme", &alice()).unwrap();
    writer
        .change(doc, |d| {
            d.set_field("customer", Value::Text("Acme Ltd".into()))
        })
        .unwrap();
    until("the writes", || writer.status(doc).saved_on_device).await;
    writer
        .store()
        .put_raw(doc, &js_sys::Uint8Array::from(&b"not automerge"[..]).into())
        .await
        .unwrap();
    writer
        .store()
        .put_raw(doc, &JsValue::from_str("not even bytes"))
        .await
        .unwrap();

    let reader = Repo::open_store(&db).await.unwrap();
    reader.open(doc).await.unwrap();
    let errors = reader.errors().get_untracked();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors
            .iter()
            .all(|e| matches!(e, IdbStoreError::Corrupt { doc: d, .. } if d == &doc)),
        "{errors:?}"
    );
    assert_eq!(text(&reader, doc, "customer").as_deref(), Some("Acme Ltd"));
    assert_eq!(
        reader.read(doc, |d| d.title().unwrap()).as_deref(),
        Some("Acme")
    );
}

/// Two tabs of one browser (one database, one channel) with a document
/// `a` created and stored and `b` opened.
async fn two_tabs(
    prefix: &str,
    template: &'static Template,
    title: &str,
) -> (Repo, Repo, DocumentId) {
    let (db, channel) = (unique(prefix), unique(prefix));
    let a = Repo::open_store(&db).await.unwrap();
    let b = Repo::open_store(&db).await.unwrap();
    a.share_between_tabs(&channel).unwrap();
    b.share_between_tabs(&channel).unwrap();
    let doc = a.create(template, title, &alice()).unwrap();
    until("the first write", || a.status(doc).saved_on_device).await;
    b.open(doc).await.unwrap();
    (a, b, doc)
}

#[wasm_bindgen_test]
async fn two_tabs_share_changes_over_a_broadcast_channel_and_converge() {
    let (a, b, doc) = two_tabs("tabs", log_template(), "Visit").await;
    let seen_by_b = b.subscribe(doc).unwrap();
    let before = seen_by_b.any.get_untracked();

    // Concurrent edits: neither tab has heard of the other's yet.
    a.change(doc, |d| d.set_field("customer", Value::Text("Acme".into())))
        .unwrap();
    b.change(doc, |d| d.set_field("contact", Value::Text("Ms Li".into())))
        .unwrap();
    a.change(doc, |d| d.splice_text("requirement", 0, 0, "fast "))
        .unwrap();
    b.change(doc, |d| d.splice_text("requirement", 0, 0, "cheap"))
        .unwrap();
    until("both tabs to hear each other", || {
        text(&a, doc, "contact").is_some() && text(&b, doc, "customer").is_some()
    })
    .await;
    until("the long text to merge", || {
        let read = |r: &Repo| r.read(doc, |d| format!("{:?}", d.field("requirement")));
        read(&a) == read(&b) && read(&a).is_some_and(|t| t.contains("fast") && t.contains("cheap"))
    })
    .await;
    assert_eq!(text(&b, doc, "customer").as_deref(), Some("Acme"));
    assert_eq!(text(&a, doc, "contact").as_deref(), Some("Ms Li"));
    assert!(
        seen_by_b.any.get_untracked() > before,
        "b's subscribers heard of a's change"
    );
    until("both tabs to store what they heard", || {
        a.status(doc).saved_on_device && b.status(doc).saved_on_device
    })
    .await;
}

/// Screens re-read a 2,000-row table only when rows may have moved, and
/// look for conflicts only when some key took a value: typing moves neither.
#[wasm_bindgen_test]
async fn screens_are_told_what_each_change_touched() {
    let (a, b, doc) = two_tabs("touched", find_template("task-tracker").unwrap(), "Q4").await;
    let counts = |repo: &Repo| {
        let seen = repo.subscribe(doc).unwrap();
        (
            seen.any.get_untracked(),
            seen.row_places.get_untracked(),
            seen.keys.get_untracked(),
            seen.table_texts.get_untracked(),
        )
    };

    let (any, rows, keys, texts) = counts(&a);
    a.change(doc, |d| d.splice_text("notes", 0, 0, "会议纪要"))
        .unwrap();
    assert_eq!(counts(&a), (any + 1, rows, keys, texts), "typing");
    let row = a
        .change(doc, |d| d.add_row("tasks", None, &mut CryptoRng))
        .unwrap();
    assert_eq!(
        counts(&a),
        (any + 2, rows + 1, keys + 1, texts),
        "a new row"
    );
    a.change(doc, |d| {
        d.set_cell("tasks", &row, "task", Value::Text("联调".into()))
    })
    .unwrap();
    assert_eq!(
        counts(&a),
        (any + 3, rows + 1, keys + 2, texts),
        "a cell set"
    );
    a.change(doc, |d| {
        d.splice_cell_text("tasks", &row, "progress", 0, 0, "进度")
    })
    .unwrap();
    assert_eq!(
        counts(&a),
        (any + 4, rows + 1, keys + 2, texts + 1),
        "typing in a cell"
    );

    // The other tab hears the same of the changes it merges.
    // Every change of a's so far: the row, its cell set and typed.
    until("b has the row as a left it", || {
        b.read(doc, |d| {
            let keys = d.row_keys("tasks").unwrap();
            keys.len() == 1 && format!("{:?}", d.row_cells_at("tasks", &keys[0])).contains("进度")
        }) == Some(true)
    })
    .await;
    let (any, rows, keys, texts) = counts(&b);
    a.change(doc, |d| d.splice_text("notes", 0, 0, "新"))
        .unwrap();
    until("b has the text", || {
        b.read(doc, |d| format!("{:?}", d.field("notes")))
            .is_some_and(|t| t.contains("新会议纪要"))
    })
    .await;
    assert_eq!(counts(&b), (any + 1, rows, keys, texts), "typing heard");
    a.change(doc, |d| d.delete_row("tasks", &row)).unwrap();
    until("b loses the row", || {
        b.read(doc, |d| d.row_keys("tasks").unwrap().len()) == Some(0)
    })
    .await;
    let (_, rows_now, keys_now, _) = counts(&b);
    assert!(rows_now > rows && keys_now > keys, "a deleted row heard");
}

/// Stands in for the relay's websocket: records each frame with how many
/// chunks the store had made durable when it went out.
struct FakeRelay {
    repo: RefCell<Option<Repo>>,
    sent: RefCell<Vec<(Message, u64)>>,
    closed: RefCell<u32>,
}

impl FrameSink for FakeRelay {
    fn send(&self, frame: &[u8]) {
        let durable = self.repo.borrow().as_ref().unwrap().store().appended();
        self.sent
            .borrow_mut()
            .push((Message::decode(frame).unwrap(), durable));
    }

    fn close(&self) {
        *self.closed.borrow_mut() += 1;
    }
}

impl FakeRelay {
    fn attach(repo: &Repo) -> Rc<Self> {
        let relay = Rc::new(Self {
            repo: RefCell::new(Some(repo.clone())),
            sent: RefCell::default(),
            closed: RefCell::default(),
        });
        repo.use_sink(relay.clone());
        relay
    }

    fn syncs(&self, doc: DocumentId) -> Vec<(Vec<u8>, u64)> {
        self.sent
            .borrow()
            .iter()
            .filter_map(|(m, durable)| match m {
                Message::Sync {
                    document_id, data, ..
                }
                | Message::Request {
                    document_id, data, ..
                } if *document_id == doc => Some((data.clone(), *durable)),
                _ => None,
            })
            .collect()
    }
}

fn relay_id() -> PeerId {
    "relay".parse().unwrap()
}

/// Opens the link and answers the repo's `join` as a relay would.
async fn handshake(repo: &Repo, relay: &FakeRelay) -> PeerId {
    repo.link_event(LinkEvent::Opened);
    until("the join", || !relay.sent.borrow().is_empty()).await;
    let Message::Join { sender_id, .. } = relay.sent.borrow()[0].0.clone() else {
        panic!("the first frame is not a join");
    };
    let peer = Message::Peer {
        sender_id: relay_id(),
        target_id: sender_id.clone(),
        selected_protocol_version: PROTOCOL_V1.into(),
        peer_metadata: PeerMetadata::default(),
    };
    repo.link_event(LinkEvent::Frame(peer.encode()));
    assert!(repo.online().get_untracked());
    sender_id
}

#[wasm_bindgen_test]
async fn a_local_change_is_in_indexeddb_before_it_is_sent() {
    let db = unique("order");
    let repo = Repo::open_store(&db).await.unwrap();
    let relay = FakeRelay::attach(&repo);
    handshake(&repo, &relay).await;

    let doc = repo.create(log_template(), "Call", &alice()).unwrap();
    until("the offer", || !relay.syncs(doc).is_empty()).await;
    repo.change(doc, |d| d.set_field("customer", Value::Text("Acme".into())))
        .unwrap();
    until("the second offer", || relay.syncs(doc).len() >= 2).await;

    // Each offer left only after the chunks with its changes were durable.
    let syncs = relay.syncs(doc);
    assert_eq!(
        syncs[0].1, 1,
        "the created document was stored before its first offer"
    );
    assert_eq!(syncs[1].1, 2, "the edit was stored before it was offered");
    let stored = repo.store().load(doc).await.unwrap();
    let mut replica = Automerge::new();
    for (_, bytes) in &stored.pieces {
        replica.load_incremental(bytes).unwrap();
    }
    let offered = automerge::sync::Message::decode(&syncs[1].0).unwrap();
    assert_eq!(
        replica.get_heads(),
        offered.heads,
        "what was offered is what is stored"
    );
    assert!(repo.status(doc).saved_on_device);
    assert!(!repo.status(doc).saved_on_relay);
    assert_eq!(repo.status(doc).waiting, 2);
}

#[wasm_bindgen_test]
async fn the_relay_storing_a_change_shows_as_saved_on_the_relay() {
    let repo = Repo::open_store(&unique("relay-heads")).await.unwrap();
    let relay = FakeRelay::attach(&repo);
    let me = handshake(&repo, &relay).await;
    let doc = repo.create(log_template(), "Call", &alice()).unwrap();
    repo.change(doc, |d| d.set_field("customer", Value::Text("Acme".into())))
        .unwrap();

    let mut relay_doc = Automerge::new();
    serve(&repo, &relay, &me, doc, &mut relay_doc, || {
        repo.status(doc).saved_on_relay
    })
    .await;
    let status = repo.status(doc);
    assert!(status.saved_on_relay, "{status:?}");
    assert_eq!(status.waiting, 0);
    assert!(relay_doc.get(automerge::ROOT, "meta").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn what_waits_for_the_relay_is_counted_from_storage_after_a_reload() {
    let db = unique("waiting");
    let repo = Repo::open_store(&db).await.unwrap();
    let relay = FakeRelay::attach(&repo);
    let me = handshake(&repo, &relay).await;
    let doc = repo.create(log_template(), "Call", &alice()).unwrap();
    let mut relay_doc = Automerge::new();
    serve(&repo, &relay, &me, doc, &mut relay_doc, || {
        repo.status(doc).saved_on_relay
    })
    .await;
    until("the relay's heads in the list", || {
        repo.documents()
            .get_untracked()
            .iter()
            .any(|e| e.id == doc && e.relay_heads.is_some() && e.waiting == 0)
    })
    .await;

    // The connection drops; two edits wait.
    repo.link_event(LinkEvent::Closed);
    for customer in ["Acme", "Acme Ltd"] {
        repo.change(doc, |d| {
            d.set_field("customer", Value::Text(customer.into()))
        })
        .unwrap();
    }
    until("both stored", || repo.status(doc).saved_on_device).await;
    until("both listed as waiting", || {
        repo.documents()
            .get_untracked()
            .iter()
            .any(|e| e.id == doc && e.waiting == 2)
    })
    .await;
    assert_eq!(repo.status(doc).waiting, 2);
    assert_eq!(repo.waiting(), 2);

    // Reloaded with no relay: counted before the document is opened, and
    // once it is, from its stored pieces and the relay's last heads.
    let reloaded = Repo::open_store(&db).await.unwrap();
    assert_eq!(reloaded.waiting(), 2, "from the list, nothing open");
    reloaded.open(doc).await.unwrap();
    until("the status", || reloaded.status(doc).saved_on_device).await;
    assert_eq!(
        reloaded.status(doc).waiting,
        2,
        "from storage, not from this tab's memory"
    );
    assert_eq!(reloaded.waiting(), 2);
    reloaded
        .change(doc, |d| d.set_field("contact", Value::Text("Wang".into())))
        .unwrap();
    until("a third waits", || reloaded.waiting() == 3).await;

    // The relay takes them: nothing waits, in this tab or after another reload.
    let relay = FakeRelay::attach(&reloaded);
    let me = handshake(&reloaded, &relay).await;
    serve(&reloaded, &relay, &me, doc, &mut relay_doc, || {
        reloaded.status(doc).saved_on_relay
    })
    .await;
    until("nothing listed as waiting", || {
        reloaded
            .documents()
            .get_untracked()
            .iter()
            .any(|e| e.id == doc && e.waiting == 0)
    })
    .await;
    assert_eq!(reloaded.waiting(), 0);
    let again = Repo::open_store(&db).await.unwrap();
    assert_eq!(again.waiting(), 0);
    again.open(doc).await.unwrap();
    until("the status", || again.status(doc).saved_on_device).await;
    assert_eq!(again.status(doc).waiting, 0);
}

/// Plays the relay for `doc` with `relay_doc` as its copy: takes every offer
/// and answers, as the hub does, until `done`.
async fn serve(
    repo: &Repo,
    relay: &FakeRelay,
    me: &PeerId,
    doc: DocumentId,
    relay_doc: &mut Automerge,
    done: impl Fn() -> bool,
) {
    let mut state = automerge::sync::State::new();
    let mut answered = 0;
    for _ in 0..20 {
        until("an offer", || relay.syncs(doc).len() > answered).await;
        for (data, _) in relay.syncs(doc).split_off(answered) {
            answered += 1;
            let message = automerge::sync::Message::decode(&data).unwrap();
            relay_doc.receive_sync_message(&mut state, message).unwrap();
        }
        if let Some(reply) = relay_doc.generate_sync_message(&mut state) {
            repo.link_event(LinkEvent::Frame(
                Message::Sync {
                    sender_id: relay_id(),
                    target_id: me.clone(),
                    document_id: doc,
                    data: reply.encode(),
                }
                .encode(),
            ));
        }
        sleep(10).await;
        if done() {
            return;
        }
    }
    panic!("the relay's conversation did not finish");
}

#[wasm_bindgen_test]
async fn a_document_this_browser_lacks_comes_from_the_relay_and_is_stored() {
    let db = unique("fetch");
    let repo = Repo::open_store(&db).await.unwrap();
    let relay = FakeRelay::attach(&repo);
    let me = handshake(&repo, &relay).await;
    let (doc, mut relay_doc) = colleagues_document("From a colleague");

    repo.open(doc).await.unwrap();
    assert!(
        repo.read(doc, |_| ()).is_none(),
        "not here until the relay sends it"
    );
    serve(&repo, &relay, &me, doc, &mut relay_doc, || {
        repo.status(doc).saved_on_device
    })
    .await;
    assert_eq!(text(&repo, doc, "customer").as_deref(), Some("Acme"));
    assert!(repo.errors().get_untracked().is_empty());

    // The next visit opens it from this browser, with no relay at all.
    let offline = Repo::open_store(&db).await.unwrap();
    offline.open(doc).await.unwrap();
    assert_eq!(text(&offline, doc, "customer").as_deref(), Some("Acme"));
}

#[wasm_bindgen_test]
async fn a_malformed_frame_closes_the_link() {
    let repo = Repo::open_store(&unique("malformed")).await.unwrap();
    let relay = FakeRelay::attach(&repo);
    handshake(&repo, &relay).await;
    repo.link_event(LinkEvent::Frame(vec![0xff, 0x00, 0x13]));
    until("the close", || *relay.closed.borrow() == 1).await;
    assert!(!repo.online().get_untracked());
}

#[wasm_bindgen_test]
async fn only_one_holder_of_a_web_lock_at_a_time() {
    let name = unique("lock");
    let again = name.clone();
    let outer = with_lock_if_available(&name, move || async move {
        // While this holds the lock, a second request must not run.
        let inner = with_lock_if_available(&again, || async { "ran" }).await;
        (inner, "outer")
    })
    .await;
    assert_eq!(outer, Locked::Ran((Locked::Busy, "outer")));
    // Released: the next request gets it.
    assert_eq!(
        with_lock_if_available(&name, || async { 1 }).await,
        Locked::Ran(1)
    );
}

#[wasm_bindgen_test]
async fn pieces_are_compacted_into_a_snapshot_and_reload() {
    let db = unique("compact");
    let repo = Repo::open_store(&db).await.unwrap();
    let doc = repo.create(log_template(), "Many edits", &alice()).unwrap();
    // 40 edits of 3 KB: more stored since the snapshot than the 64 KB
    // after which a document is compacted.
    let filler = "x".repeat(3000);
    for i in 0..40 {
        repo.change(doc, |d| {
            d.set_field("customer", Value::Text(format!("v{i} {filler}")))
        })
        .unwrap();
        // Let each edit reach the store as its own chunk, as typing would.
        until("the write", || repo.status(doc).saved_on_device).await;
    }
    until("every chunk", || repo.store().appended() >= 41).await;
    // Compaction runs after the queue empties.
    sleep(100).await;
    let stored = repo.store().load(doc).await.unwrap();
    let snapshots = stored
        .pieces
        .iter()
        .filter(|(k, _)| k.part == Part::Snapshot)
        .count();
    assert!(snapshots >= 1, "a snapshot was written");
    assert!(
        stored.pieces.len() < 30,
        "{} pieces left of 41 written",
        stored.pieces.len()
    );

    let reopened = Repo::open_store(&db).await.unwrap();
    reopened.open(doc).await.unwrap();
    assert!(reopened.errors().get_untracked().is_empty());
    assert_eq!(
        text(&reopened, doc, "customer").as_deref(),
        Some(format!("v39 {filler}").as_str())
    );
}

#[wasm_bindgen_test]
async fn the_document_list_follows_creation_and_changes_and_survives_a_reload() {
    let db = unique("list");
    let repo = Repo::open_store(&db).await.unwrap();
    assert!(repo.documents().get_untracked().is_empty());
    let first = repo.create(log_template(), "Acme call", &alice()).unwrap();
    until("the first listing", || {
        repo.documents()
            .get_untracked()
            .iter()
            .any(|e| e.id == first)
    })
    .await;
    let entry = repo.documents().get_untracked()[0].clone();
    assert_eq!(entry.title, "Acme call");
    assert_eq!(entry.template_id, log_template().id.0);
    assert!(!entry.status.is_empty());

    sleep(5).await;
    let second = repo.create(log_template(), "Beta call", &alice()).unwrap();
    until("the second listing", || {
        repo.documents().get_untracked().len() == 2
    })
    .await;
    assert_eq!(
        repo.documents().get_untracked()[0].id,
        second,
        "the newest change first"
    );

    sleep(5).await;
    repo.change(first, |d| d.set_title("Acme call, follow-up"))
        .unwrap();
    until("the renamed listing", || {
        repo.documents().get_untracked()[0].title == "Acme call, follow-up"
    })
    .await;
    let renamed = repo.documents().get_untracked()[0].clone();
    assert_eq!(renamed.id, first, "a change moves the document to the top");
    assert!(renamed.updated_ms > entry.updated_ms);

    let reopened = Repo::open_store(&db).await.unwrap();
    let titles: Vec<_> = reopened
        .documents()
        .get_untracked()
        .iter()
        .map(|e| e.title.clone())
        .collect();
    assert_eq!(titles, ["Acme call, follow-up", "Beta call"]);
}

#[wasm_bindgen_test]
async fn a_document_from_the_relay_is_listed_once_stored() {
    let repo = Repo::open_store(&unique("list-relay")).await.unwrap();
    let relay = FakeRelay::attach(&repo);
    let me = handshake(&repo, &relay).await;
    let (doc, mut relay_doc) = colleagues_document("Shared by Bo");
    repo.open(doc).await.unwrap();
    serve(&repo, &relay, &me, doc, &mut relay_doc, || {
        repo.status(doc).saved_on_device
    })
    .await;
    until("the listing", || {
        !repo.documents().get_untracked().is_empty()
    })
    .await;
    assert_eq!(repo.documents().get_untracked()[0].title, "Shared by Bo");
}

/// A document made by someone else, as the relay holds it.
fn colleagues_document(title: &str) -> (DocumentId, Automerge) {
    let mut made_elsewhere = concord_model::ConcordDoc::create(
        log_template(),
        title,
        &alice(),
        0,
        automerge::ActorId::random(),
    )
    .unwrap();
    made_elsewhere
        .set_field("customer", Value::Text("Acme".into()))
        .unwrap();
    made_elsewhere.commit(0, None);
    let relay_doc = Automerge::load(&made_elsewhere.save()).unwrap();
    (DocumentId::from_bytes(random_bytes()), relay_doc)
}

fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    for b in &mut bytes {
        *b = (js_sys::Math::random() * 256.0) as u8;
    }
    bytes
}

#[wasm_bindgen_test]
async fn reset_from_relay_forgets_the_local_copy_and_fetches_the_relays() {
    let db = unique("reset");
    let repo = Repo::open_store(&db).await.unwrap();
    let relay = FakeRelay::attach(&repo);
    let me = handshake(&repo, &relay).await;
    let (doc, mut relay_doc) = colleagues_document("Damaged here");
    repo.open(doc).await.unwrap();
    serve(&repo, &relay, &me, doc, &mut relay_doc, || {
        repo.status(doc).saved_on_device
    })
    .await;
    // A local edit the relay never hears of, then damage to the stored copy.
    relay.sent.borrow_mut().clear();
    repo.change(doc, |d| {
        d.set_field("customer", Value::Text("Local only".into()))
    })
    .unwrap();
    until("the stored edit", || repo.status(doc).saved_on_device).await;
    repo.store()
        .put_raw(doc, &js_sys::Uint8Array::from(&b"not automerge"[..]).into())
        .await
        .unwrap();
    let damaged = Repo::open_store(&db).await.unwrap();
    let relay = FakeRelay::attach(&damaged);
    let me = handshake(&damaged, &relay).await;
    damaged.open(doc).await.unwrap();
    assert!(
        damaged
            .errors()
            .get_untracked()
            .iter()
            .any(|e| matches!(e, IdbStoreError::Corrupt { doc: d, .. } if *d == doc))
    );

    // What the person can download first holds the local edit.
    let copy = Automerge::load(&damaged.local_copy(doc).unwrap()).unwrap();
    let local = concord_model::ConcordDoc::load(&copy.save()).unwrap();
    assert!(matches!(
        local.field("customer"),
        Ok(Some(Value::Text(t))) if t == "Local only"
    ));

    damaged.reset_from_relay(doc).await.unwrap();
    assert_eq!(*relay.closed.borrow(), 1, "the connection restarts afresh");
    assert!(
        damaged.read(doc, |_| ()).is_none(),
        "not here until the relay sends it"
    );
    assert!(damaged.store().load(doc).await.unwrap().pieces.is_empty());
    assert!(
        damaged.errors().get_untracked().is_empty(),
        "the damage report is settled"
    );

    damaged.link_event(LinkEvent::Closed);
    relay.sent.borrow_mut().clear();
    let me2 = handshake(&damaged, &relay).await;
    assert_eq!(me2, me);
    serve(&damaged, &relay, &me, doc, &mut relay_doc, || {
        damaged.status(doc).saved_on_device
    })
    .await;
    assert_eq!(text(&damaged, doc, "customer").as_deref(), Some("Acme"));
    let stored = damaged.store().load(doc).await.unwrap();
    assert!(stored.corrupt.is_empty() && !stored.pieces.is_empty());
}
