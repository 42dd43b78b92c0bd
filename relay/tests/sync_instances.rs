//! Relays sharing one PostgreSQL database, as behind a load balancer: each
//! keeps its own rooms, PostgreSQL orders every document's writes, and a
//! room catches up with what the others wrote (under the document's lock
//! before it judges a batch, and at the periodic check).

mod support;

use std::{net::SocketAddr, time::Duration};

use automerge::{ActorId, AutoCommit, Automerge, ChangeHash, ReadDoc as _};
use concord_local_postgres::LocalPostgres;
use concord_model::{ConcordDoc, DocRole, PersonId, RowId, Value, find_template};
use concord_relay::{
    SyncLimits,
    store::{LoadedDoc, PostgresStore, Store as _},
};
use concord_sync::{DocumentId, Message};
use support::{
    counter::Counter,
    deployment::Deployment,
    instances::{CATCH_UP, Instances, Shared},
    plain_doc::{put, read},
    sync_client::SyncClient,
    workspace::{self, edit, fetch, relay_heads, signed_in},
};

const NOW: i64 = 1_700_000_000_000;

fn heads(client: &SyncClient, doc: &DocumentId) -> Vec<ChangeHash> {
    client
        .client
        .doc(doc)
        .map(|d| d.get_heads())
        .unwrap_or_default()
}

fn pid(s: &str) -> PersonId {
    s.parse().unwrap()
}

/// A plain client on `addr` that has `doc`.
async fn reader(addr: std::net::SocketAddr, name: &str, doc: DocumentId) -> SyncClient {
    let mut client = SyncClient::new(name);
    client.connect(addr).await.unwrap();
    client.client.find(doc);
    let found = client.until(|c| !heads(c, &doc).is_empty()).await.unwrap();
    assert!(found, "{name} gets the document");
    client
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_both_ways_reach_the_other_instance_and_converge_on_all_three() {
    let Some(url) = LocalPostgres::database_for_test() else {
        return;
    };
    let shared = Shared {
        database_url: &url,
        broker_url: None,
        open_sync: true,
        catch_up: CATCH_UP,
    };
    let relays = Instances::start(3, shared).await;
    let doc = DocumentId::from_bytes([31; 16]);
    let mut ann = SyncClient::new("ann");
    ann.connect(relays.addr(0)).await.unwrap();
    ann.client.create(doc, Automerge::new());
    put(&mut ann, &doc, "title", "minutes");
    assert!(ann.until(|c| c.client.saved_on_relay(&doc)).await.unwrap());
    let mut ben = reader(relays.addr(1), "ben", doc).await;
    assert_eq!(read(&ben, &doc, "title").as_deref(), Some("minutes"));

    // Both write at once, round after round, each on their own relay.
    for round in 0..5 {
        put(&mut ann, &doc, &format!("ann-{round}"), "a");
        put(&mut ben, &doc, &format!("ben-{round}"), "b");
        ann.flush().await.unwrap();
        ben.flush().await.unwrap();
        ann.receive_for(Duration::from_millis(30)).await.unwrap();
        ben.receive_for(Duration::from_millis(30)).await.unwrap();
    }
    assert!(
        ben.until(|c| read(c, &doc, "ann-4").is_some())
            .await
            .unwrap(),
        "ann's edits reach ben on the other relay"
    );
    assert!(
        ann.until(|c| read(c, &doc, "ben-4").is_some())
            .await
            .unwrap(),
        "ben's edits reach ann on the other relay"
    );
    let converged = |ann: &SyncClient, ben: &SyncClient| heads(ann, &doc) == heads(ben, &doc);
    for _ in 0..100 {
        if converged(&ann, &ben) {
            break;
        }
        ann.receive_for(Duration::from_millis(20)).await.unwrap();
        ben.receive_for(Duration::from_millis(20)).await.unwrap();
    }
    assert!(converged(&ann, &ben), "ann and ben hold the same document");
    for round in 0..5 {
        for who in ["ann", "ben"] {
            assert!(read(&ann, &doc, &format!("{who}-{round}")).is_some());
        }
    }
    // The third relay, which no one used, serves the merged document.
    let cal = reader(relays.addr(2), "cal", doc).await;
    assert_eq!(heads(&cal, &doc), heads(&ann, &doc));
}

/// Alice (admin, owner) with bob (editor) and vic (viewer) on a task
/// tracker whose one row bob owns; the relays check access.
struct Tracker {
    relays: Instances,
    url: String,
    alice: String,
    bob: String,
    vic: String,
    doc: DocumentId,
    row: RowId,
}

impl Tracker {
    async fn start(catch_up: Duration) -> Option<Self> {
        let url = LocalPostgres::database_for_test()?;
        let relays = Instances::start(
            3,
            Shared {
                database_url: &url,
                broker_url: None,
                open_sync: false,
                catch_up,
            },
        )
        .await;
        let addr = relays.addr(0);
        let secret = relays.secret.clone().expect("a new workspace offers setup");
        let alice = workspace::admin(addr, &secret, "alice", "Alice").await;
        let bob = workspace::staff(addr, &alice, "bob", "bob").await;
        let vic = workspace::staff(addr, &alice, "vic", "vic").await;
        let template = find_template("task-tracker").unwrap();
        let mut made =
            ConcordDoc::create(template, "Tasks", &pid("alice"), NOW, ActorId::random()).unwrap();
        made.set_member_role(&pid("bob"), DocRole::Editor).unwrap();
        made.set_member_role(&pid("vic"), DocRole::Viewer).unwrap();
        let row = made.add_row("tasks", None, &mut Counter(3)).unwrap();
        made.set_cell("tasks", &row, "task", Value::Text("bob's task".into()))
            .unwrap();
        made.set_cell("tasks", &row, "owner", Value::Person("bob".into()))
            .unwrap();
        made.commit(NOW, None);
        let doc = DocumentId::from_bytes([32; 16]);
        // Made on the third relay: the tests' A and B open it fresh.
        let mut maker = signed_in(relays.addr(2), "alice-setup", &alice).await;
        maker
            .client
            .create(doc, Automerge::load(&made.save()).unwrap());
        assert!(
            maker
                .until(|c| c.client.saved_on_relay(&doc))
                .await
                .unwrap()
        );
        Some(Self {
            relays,
            url,
            alice,
            bob,
            vic,
            doc,
            row,
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_refused_on_one_instance_never_reaches_another() {
    let Some(tracker) = Tracker::start(CATCH_UP).await else {
        return;
    };
    let (a, b) = (tracker.relays.addr(0), tracker.relays.addr(1));
    let mut bob = signed_in(b, "bob-on-b", &tracker.bob).await;
    assert!(fetch(&mut bob, tracker.doc).await);
    let before = heads(&bob, &tracker.doc);
    let mut vic = signed_in(a, "vic-on-a", &tracker.vic).await;
    assert!(fetch(&mut vic, tracker.doc).await);
    edit(&mut vic, tracker.doc, ActorId::random(), NOW + 1, |doc| {
        doc.set_field("project", Value::Text("a viewer was here".into()))
            .unwrap()
    });
    let _ = vic.until(|_| false).await;
    assert!(
        vic.closed_with
            .as_deref()
            .is_some_and(|why| why.contains("viewer")),
        "A refuses the viewer's change: {:?}",
        vic.closed_with
    );
    // Several periodic checks later, B has heard nothing of it.
    bob.receive_for(CATCH_UP * 4).await.unwrap();
    assert_eq!(heads(&bob, &tracker.doc), before);
    for addr in tracker.relays.addrs.clone() {
        assert_eq!(relay_heads(addr, &tracker.bob, tracker.doc).await, before);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_is_judged_against_what_another_instance_committed_first() {
    // No periodic check within the test: only the document's lock, taken
    // before B judges bob's batch, can tell B what A committed.
    let Some(tracker) = Tracker::start(Duration::from_secs(600)).await else {
        return;
    };
    let (a, b) = (tracker.relays.addr(0), tracker.relays.addr(1));
    let (doc, row) = (tracker.doc, tracker.row.clone());
    let mut bob = signed_in(b, "bob-on-b", &tracker.bob).await;
    assert!(fetch(&mut bob, doc).await);
    // The row is bob's: B takes his first write in it.
    let first = row.clone();
    edit(&mut bob, doc, ActorId::random(), NOW + 1, move |d| {
        d.set_cell(
            "tasks",
            &first,
            "status",
            Value::Choice("in_progress".into()),
        )
        .unwrap()
    });
    assert!(bob.until(|c| c.client.saved_on_relay(&doc)).await.unwrap());
    let mut alice = signed_in(a, "alice-on-a", &tracker.alice).await;
    assert!(fetch(&mut alice, doc).await);
    assert_eq!(
        heads(&alice, &doc),
        heads(&bob, &doc),
        "A loads bob's write"
    );

    // Alice takes the row back; A commits it. B's room has not heard.
    let taken = row.clone();
    edit(&mut alice, doc, ActorId::random(), NOW + 2, move |d| {
        d.set_cell("tasks", &taken, "owner", Value::Person("alice".into()))
            .unwrap()
    });
    assert!(
        alice
            .until(|c| c.client.saved_on_relay(&doc))
            .await
            .unwrap()
    );
    // Bob, on B, still sees the row as his and writes in it.
    let written = row.clone();
    edit(&mut bob, doc, ActorId::random(), NOW + 3, move |d| {
        d.set_cell("tasks", &written, "status", Value::Choice("done".into()))
            .unwrap()
    });
    let _ = bob.until(|_| false).await;
    let [(refused_doc, notice)] = &bob.refused[..] else {
        panic!(
            "B refuses bob's change: {:?} {:?}",
            bob.refused, bob.closed_with
        );
    };
    assert_eq!(*refused_doc, doc);
    assert_eq!(notice.code, "not-row-owner", "{notice:?}");

    // A and B serve the same document (C's room, open since it made the
    // document, waits for a periodic check): alice owns the row, and bob's
    // refused status is not in it.
    let expected = heads(&alice, &doc);
    for addr in [a, b] {
        assert_eq!(relay_heads(addr, &tracker.alice, doc).await, expected);
    }
    let merged = ConcordDoc::from_automerge(
        automerge::AutoCommit::load(&alice.client.doc(&doc).unwrap().save()).unwrap(),
    )
    .unwrap();
    assert_eq!(merged.row_owner("tasks", &row).unwrap(), Some(pid("alice")));
    assert_eq!(
        merged.cell("tasks", &row, "status").unwrap(),
        Some(Value::Choice("in_progress".into()))
    );
}

/// A fresh client of `cookie`'s person on `addr` once it serves `hash` in
/// `doc`; a connection closed meanwhile (a room restarting) is opened again.
async fn serving(addr: SocketAddr, cookie: &str, doc: DocumentId, hash: ChangeHash) -> SyncClient {
    let deadline = tokio::time::Instant::now() + support::WAIT;
    loop {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{addr} serves {hash}"
        );
        let mut client = SyncClient::new(&format!("check-{}", workspace::unique()));
        if client.connect_as(addr, cookie).await.is_err() {
            continue;
        }
        client.client.find(doc);
        let has = |c: &mut SyncClient| {
            c.client
                .doc(&doc)
                .is_some_and(|d| d.get_change_by_hash(&hash).is_some())
        };
        if let Ok(true) = client.until(has).await {
            return client;
        }
    }
}

/// A change sent to A whose dependency A lacks waits inside Automerge. If B
/// then commits that dependency, A's room would apply both as other
/// relays' changes, which are not judged again: a forbidden change would
/// enter unjudged. A's room restarts instead (its peers reconnect), and the
/// forbidden change is never served, forwarded or stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_held_back_on_one_instance_never_enters_with_anothers_commit() {
    let Some(tracker) = Tracker::start(CATCH_UP).await else {
        return;
    };
    let (a, b) = (tracker.relays.addr(0), tracker.relays.addr(1));
    let (doc, row) = (tracker.doc, tracker.row.clone());
    let mut watching = signed_in(a, "alice-on-a", &tracker.alice).await;
    assert!(fetch(&mut watching, doc).await);
    let mut bob = signed_in(b, "bob-on-b", &tracker.bob).await;
    assert!(fetch(&mut bob, doc).await);
    // Bob's allowed change on B, made but not yet sent...
    edit(&mut bob, doc, ActorId::random(), NOW + 1, move |d| {
        d.set_cell("tasks", &row, "status", Value::Choice("done".into()))
            .unwrap()
    });
    let allowed = heads(&bob, &doc);
    // ...and on top of it a forbidden one (an editor making himself owner).
    let mut copy = AutoCommit::load(&bob.client.doc(&doc).unwrap().save()).unwrap();
    copy.set_actor(ActorId::random());
    let mut typed = ConcordDoc::from_automerge(copy).unwrap();
    typed.set_member_role(&pid("bob"), DocRole::Owner).unwrap();
    typed.commit(NOW + 2, None);
    let forbidden = typed.automerge_mut().get_changes(&allowed);
    let [forbidden] = &forbidden[..] else {
        panic!("one forbidden change, not {}", forbidden.len());
    };
    let forbidden_hash = forbidden.hash();

    // Only the forbidden change goes to A, where it waits for its dependency.
    let mut hostile = signed_in(a, "bob-on-a", &tracker.bob).await;
    assert!(fetch(&mut hostile, doc).await);
    let relay = hostile.client.relay_id().unwrap().clone();
    let data = automerge::sync::Message {
        heads: vec![forbidden_hash],
        need: Vec::new(),
        have: Vec::new(),
        changes: automerge::sync::ChunkList::from(vec![forbidden.raw_bytes().to_vec()]),
        flags: None,
        version: automerge::sync::MessageVersion::V1,
    }
    .encode();
    let answers = hostile.frames_received;
    hostile
        .send_raw(&Message::Sync {
            sender_id: hostile.client.peer_id().clone(),
            target_id: relay,
            document_id: doc,
            data,
        })
        .await
        .unwrap();
    // A's room answers once it has taken the message in.
    let answered = hostile.until(|c| c.frames_received > answers).await;
    assert!(
        matches!(answered, Ok(true)),
        "A answers the held-back change"
    );

    // B commits the allowed change; A hears of it at its periodic check.
    assert!(bob.until(|c| c.client.saved_on_relay(&doc)).await.unwrap());
    let on_a = serving(a, &tracker.alice, doc, allowed[0]).await;
    // Alice's client on A hears what A sends her, until the room's restart
    // closes her connection.
    let _ = watching.until(|c| heads(c, &doc) == allowed).await;
    for (who, seen) in [
        ("a fresh client on A", &on_a),
        ("alice, on A before", &watching),
        ("bob, on B", &bob),
    ] {
        let seen = seen.client.doc(&doc).unwrap();
        assert!(
            seen.get_change_by_hash(&forbidden_hash).is_none(),
            "{who} has the forbidden change"
        );
    }
    assert_eq!(
        heads(&on_a, &doc),
        allowed,
        "A serves the allowed change only"
    );
    for addr in [a, b] {
        assert_eq!(relay_heads(addr, &tracker.alice, doc).await, allowed);
    }
    let url = tracker.url.clone();
    let stored = tokio::task::spawn_blocking(move || {
        let store = PostgresStore::open(&url).unwrap();
        let stored = store.load(&doc).unwrap().unwrap();
        LoadedDoc::from_stored(&stored).doc.get_heads()
    })
    .await
    .unwrap();
    assert_eq!(stored, allowed, "only the allowed change is stored");
}

/// Both clients, the one at `stays` first, the other second.
fn pair(clients: &mut [SyncClient; 2], stays: usize) -> (&mut SyncClient, &mut SyncClient) {
    let [first, second] = clients;
    if stays == 0 {
        (first, second)
    } else {
        (second, first)
    }
}

/// Compaction during cold loads: two relays sharing PostgreSQL and NATS,
/// each compacting a document after every third chunk it writes, and
/// unloading a room as soon as nobody uses it. Round after round, one
/// writer stays on its relay and writes a burst there, which that relay
/// commits and compacts, while the other writer comes back to the other
/// relay, whose room loads the document afresh from PostgreSQL meanwhile;
/// then that writer writes there too. The writers swap every round, so
/// each relay compacts while the other loads. Nothing is lost: both
/// writers, a fresh reader on each relay and the store end with the same
/// heads and every change.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_compacted_on_one_instance_while_another_loads_it_loses_nothing() {
    const ROUNDS: usize = 12;
    const BURST: usize = 3;
    let limits = SyncLimits {
        compact_after_chunks: 2,
        room_idle_secs: 0,
        ..SyncLimits::default()
    };
    let Some(relays) = Deployment::TwoRelays.start(limits, true).await else {
        return;
    };
    let addrs = [relays.a, relays.b];
    let names = ["ann", "ben"];
    let doc = DocumentId::from_bytes([33; 16]);
    let mut ann = SyncClient::new("ann");
    ann.connect(relays.a).await.unwrap();
    ann.client.create(doc, Automerge::new());
    put(&mut ann, &doc, "title", "minutes");
    assert!(ann.until(|c| c.client.saved_on_relay(&doc)).await.unwrap());
    let ben = reader(relays.b, "ben", doc).await;
    let mut clients = [ann, ben];
    let mut keys = vec!["title".to_owned()];

    for round in 0..ROUNDS {
        let (stays, comes) = (round % 2, 1 - round % 2);
        let (stayer, comer) = pair(&mut clients, stays);
        // The comer leaves: its relay's room has no peer and unloads.
        drop(comer.take_socket());
        // The stayer's burst, each change sent as it is made: its relay
        // commits them and compacts the document...
        let burst: Vec<String> = (0..BURST)
            .map(|n| format!("{}-{round}-{n}", names[stays]))
            .collect();
        for key in &burst {
            put(stayer, &doc, key, "burst");
            stayer.flush().await.unwrap();
        }
        // ...while the comer's relay loads it afresh for the comer.
        comer.connect(addrs[comes]).await.unwrap();
        assert!(
            stayer
                .until(|c| c.client.saved_on_relay(&doc))
                .await
                .unwrap(),
            "round {round}: {}'s burst is acknowledged",
            names[stays]
        );
        assert!(
            comer
                .until(|c| burst.iter().all(|key| read(c, &doc, key).is_some()))
                .await
                .unwrap(),
            "round {round}: {}'s burst reaches {} on the other relay",
            names[stays],
            names[comes]
        );
        let key = format!("{}-{round}", names[comes]);
        put(comer, &doc, &key, "back");
        assert!(
            comer
                .until(|c| c.client.saved_on_relay(&doc))
                .await
                .unwrap(),
            "round {round}: {}'s change is acknowledged",
            names[comes]
        );
        assert!(
            stayer
                .until(|c| read(c, &doc, &key).is_some())
                .await
                .unwrap(),
            "round {round}: {}'s change reaches {}",
            names[comes],
            names[stays]
        );
        keys.extend(burst);
        keys.push(key);
    }

    let [ann, ben] = &mut clients;
    let deadline = tokio::time::Instant::now() + support::WAIT;
    while heads(ann, &doc) != heads(ben, &doc) && tokio::time::Instant::now() < deadline {
        ann.receive_for(Duration::from_millis(20)).await.unwrap();
        ben.receive_for(Duration::from_millis(20)).await.unwrap();
    }
    let expected = heads(ann, &doc);
    assert_eq!(heads(ben, &doc), expected, "ann and ben converge");
    for (who, client) in [("ann", &*ann), ("ben", &*ben)] {
        let lost: Vec<&String> = keys
            .iter()
            .filter(|key| read(client, &doc, key).is_none())
            .collect();
        assert!(lost.is_empty(), "{who} lacks {lost:?}");
    }
    for (n, addr) in addrs.into_iter().enumerate() {
        let mut fresh = reader(addr, &format!("fresh-{n}"), doc).await;
        assert!(
            fresh.until(|c| heads(c, &doc) == expected).await.unwrap(),
            "relay {n} serves the converged document"
        );
    }
    assert_eq!(
        relays.stored_heads(doc).await,
        expected,
        "the store's heads"
    );
    let stored = relays.stored(doc).await.expect("the document is stored");
    assert!(
        stored.snapshot.is_some() && stored.chunks.len() < keys.len(),
        "the relays compacted the document: {} chunks after {} changes",
        stored.chunks.len(),
        keys.len()
    );
}
