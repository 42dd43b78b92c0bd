//! Who may see and change what, over real websockets against a relay that
//! asks for sessions: the engine-level matrix's families again, now from
//! hostile clients sending raw frames and modified changes. The read and
//! write matrices run on one relay and again on two sharing PostgreSQL (and
//! NATS where installed): the hostile clients on A, alice watching on B.

mod support;

use std::{net::SocketAddr, time::Duration};

use automerge::{ActorId, Automerge};
use concord_local_nats::LocalNats;
use concord_local_postgres::LocalPostgres;
use concord_model::{ConcordDoc, DocRole, PersonId, RowId, Value, find_template};
use concord_sync::{DocumentId, Message};
use serde_json::json;
use support::{
    Socket, TestRelay, closed, connect_with,
    counter::Counter,
    http::call,
    instances::{CATCH_UP, Instances, Shared},
    join, peer, receive, send, start_guarded_relay,
    sync_client::SyncClient,
    workspace::{self, PASSWORD, edit, fetch, relay_heads, signed_in, unique},
};

const NOW: i64 = 1_700_000_000_000;
const SHARED: DocumentId = DocumentId::from_bytes([1; 16]);
const SECRET: DocumentId = DocumentId::from_bytes([2; 16]);
/// How long to listen for something that must not come.
const QUIET: Duration = Duration::from_millis(400);

fn pid(s: &str) -> PersonId {
    s.parse().unwrap()
}

/// Alice (admin, owner of both documents), bob (editor), vic (viewer),
/// eve (staff, no access), li (partner of acme, which may edit), wu
/// (partner of another organisation); each with a session cookie.
struct Workspace {
    /// Where everyone but alice connects.
    a: SocketAddr,
    /// Where alice connects: `a` itself on one relay.
    b: SocketAddr,
    _relays: Relays,
    alice: String,
    bob: String,
    vic: String,
    eve: String,
    li: String,
    wu: String,
}

/// What keeps the relays running for the test.
enum Relays {
    One(#[allow(dead_code)] TestRelay),
    Two(
        #[allow(dead_code)] Instances,
        #[allow(dead_code)] Option<LocalNats>,
    ),
}

impl Workspace {
    fn addr(&self) -> SocketAddr {
        self.a
    }

    async fn new() -> Self {
        let (relay, secret) = start_guarded_relay().await;
        let addr = relay.addr;
        Self::set_up(addr, addr, secret, Relays::One(relay)).await
    }

    /// Two relays sharing a new PostgreSQL database, and a broker where
    /// nats-server is installed; `None` where PostgreSQL is not.
    async fn on_two_relays() -> Option<Self> {
        let url = LocalPostgres::database_for_test()?;
        let nats = LocalNats::for_test();
        let broker = nats.as_ref().map(LocalNats::url);
        let relays = Instances::start(
            2,
            Shared {
                database_url: &url,
                broker_url: broker.as_deref(),
                open_sync: false,
                catch_up: CATCH_UP,
            },
        )
        .await;
        let secret = relays.secret.clone().expect("a new workspace offers setup");
        let (a, b) = (relays.addr(0), relays.addr(1));
        Some(Self::set_up(a, b, secret, Relays::Two(relays, nats)).await)
    }

    async fn set_up(a: SocketAddr, b: SocketAddr, secret: String, relays: Relays) -> Self {
        let addr = a;
        let alice = workspace::admin(addr, &secret, "alice", "Alice").await;
        let bob = workspace::staff(addr, &alice, "bob", "bob").await;
        let vic = workspace::staff(addr, &alice, "vic", "vic").await;
        let eve = workspace::staff(addr, &alice, "eve", "eve").await;
        let li = workspace::partner(addr, &alice, "li", "acme", "supplier").await;
        let wu = workspace::partner(addr, &alice, "wu", "other", "supplier").await;
        Self {
            a,
            b,
            _relays: relays,
            alice,
            bob,
            vic,
            eve,
            li,
            wu,
        }
    }
}

/// Alice's task tracker shared with bob (editor), vic (viewer) and acme
/// (editor), with one row alice owns; and her confidential one, shared with nobody.
fn alices_documents() -> (Automerge, Automerge, RowId) {
    let template = find_template("task-tracker").unwrap();
    let mut shared =
        ConcordDoc::create(template, "Shared", &pid("alice"), NOW, ActorId::random()).unwrap();
    shared
        .set_member_role(&pid("bob"), DocRole::Editor)
        .unwrap();
    shared
        .set_member_role(&pid("vic"), DocRole::Viewer)
        .unwrap();
    shared
        .set_org_role(&"acme".parse().unwrap(), DocRole::Editor)
        .unwrap();
    let row = shared.add_row("tasks", None, &mut Counter(7)).unwrap();
    shared
        .set_cell("tasks", &row, "task", Value::Text("alice's task".into()))
        .unwrap();
    shared
        .set_cell("tasks", &row, "owner", Value::Person("alice".into()))
        .unwrap();
    shared
        .set_row_owner("tasks", &row, Some(&pid("alice")))
        .unwrap();
    shared.commit(NOW, None);
    let mut secret =
        ConcordDoc::create(template, "Secret", &pid("alice"), NOW, ActorId::random()).unwrap();
    secret
        .set_classification(concord_model::Classification::Confidential)
        .unwrap();
    secret.commit(NOW, None);
    let load = |doc: &mut ConcordDoc| Automerge::load(&doc.save()).unwrap();
    (load(&mut shared), load(&mut secret), row)
}

/// Alice connects (to B) and puts both documents on the relay.
async fn alice_shares(ws: &Workspace) -> (SyncClient, RowId) {
    let (shared, secret, row) = alices_documents();
    let mut alice = signed_in(ws.b, "alice-laptop", &ws.alice).await;
    alice.client.create(SHARED, shared);
    alice.client.create(SECRET, secret);
    let stored = alice
        .until(|c| c.client.saved_on_relay(&SHARED) && c.client.saved_on_relay(&SECRET))
        .await
        .expect("alice stays connected");
    assert!(stored, "the relay kept alice's documents");
    (alice, row)
}

/// Sends what `client` has and waits until the relay closes the connection;
/// the close's text.
async fn refused(client: &mut SyncClient) -> String {
    let _ = client.until(|_| false).await;
    client
        .closed_with
        .clone()
        .expect("the relay closed the connection")
}

#[tokio::test]
async fn sync_needs_a_live_session() {
    let ws = Workspace::new().await;
    assert_eq!(connect_with(ws.addr(), None).await.err(), Some(401));
    assert_eq!(
        connect_with(ws.addr(), Some("garbage")).await.err(),
        Some(401)
    );
    // Every byte of a real session flipped in turn is no session.
    let cookie = ws.bob.as_bytes();
    for at in 0..cookie.len() {
        let mut tampered = cookie.to_vec();
        tampered[at] = if tampered[at] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert_eq!(
            connect_with(ws.addr(), Some(&tampered)).await.err(),
            Some(401),
            "byte {at}"
        );
    }
    let signed_out = call(ws.addr(), "POST", "/api/logout", Some(&ws.bob), None).await;
    assert_eq!(signed_out.status, 204);
    assert_eq!(
        connect_with(ws.addr(), Some(&ws.bob)).await.err(),
        Some(401)
    );
    assert!(connect_with(ws.addr(), Some(&ws.vic)).await.is_ok());
}

#[tokio::test]
async fn each_person_reads_only_what_is_shared_with_them_and_lists_only_that() {
    reads_only_what_is_shared(&Workspace::new().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_two_relays_each_reads_on_a_only_what_alice_shared_on_b() {
    if let Some(ws) = Workspace::on_two_relays().await {
        reads_only_what_is_shared(&ws).await;
    }
}

async fn reads_only_what_is_shared(ws: &Workspace) {
    let (_alice, _) = alice_shares(ws).await;
    // Both documents on one socket: one readable, one refused, as if missing.
    let cases = [
        ("bob", &ws.bob, true),
        ("vic", &ws.vic, true),
        ("li", &ws.li, true),
        ("wu", &ws.wu, false),
        ("eve", &ws.eve, false),
    ];
    for (name, cookie, reads_shared) in cases {
        let mut client = signed_in(ws.addr(), &format!("{name}-phone"), cookie).await;
        assert_eq!(
            fetch(&mut client, SHARED).await,
            reads_shared,
            "{name}: shared"
        );
        assert!(!fetch(&mut client, SECRET).await, "{name}: confidential");
        let listed = call(ws.addr(), "GET", "/api/documents", Some(cookie), None).await;
        let ids: Vec<&str> = listed
            .json
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap())
            .collect();
        let expected: Vec<String> = if reads_shared {
            vec![SHARED.to_string()]
        } else {
            vec![]
        };
        assert_eq!(ids, expected, "{name}: /api/documents");
    }
    let listed = call(ws.addr(), "GET", "/api/documents", Some(&ws.alice), None).await;
    assert_eq!(listed.json.as_array().unwrap().len(), 2, "alice lists both");
    let li_listing = call(ws.addr(), "GET", "/api/documents", Some(&ws.li), None).await;
    assert_eq!(li_listing.json[0]["role"], "editor");
    assert_eq!(li_listing.json[0]["title"], "Shared");
    assert_eq!(li_listing.json[0]["template_id"], "task-tracker");
    // A partner sees only the people named on what is shared with them.
    let people = call(ws.addr(), "GET", "/api/people", Some(&ws.wu), None).await;
    let names: Vec<&str> = people.json["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["wu"]);
    assert_eq!(people.json["departments"].as_array().unwrap().len(), 0);
    let people = call(ws.addr(), "GET", "/api/people", Some(&ws.li), None).await;
    let mut names: Vec<&str> = people.json["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["alice", "bob", "li", "vic"]);
}

#[tokio::test]
async fn refused_writes_are_neither_kept_nor_forwarded() {
    refused_writes(&Workspace::new().await).await;
}

/// Each refused batch is sent to A; alice, on B, must never see it, and
/// neither relay keeps it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_two_relays_a_batch_refused_on_a_never_reaches_b() {
    if let Some(ws) = Workspace::on_two_relays().await {
        refused_writes(&ws).await;
    }
}

async fn refused_writes(ws: &Workspace) {
    let (mut alice, row) = alice_shares(ws).await;
    let alice_heads = |alice: &SyncClient| alice.client.doc(&SHARED).unwrap().get_heads();
    let before = alice_heads(&alice);

    // (who, cookie, what they try, what the refusal says)
    type Attempt = Box<dyn FnOnce(&mut ConcordDoc)>;
    let field = |text: &'static str| -> Attempt {
        Box::new(move |doc: &mut ConcordDoc| {
            doc.set_field("project", Value::Text(text.into())).unwrap()
        })
    };
    let row_once = row.clone();
    let alices_row: Attempt = Box::new(move |doc: &mut ConcordDoc| {
        doc.set_cell("tasks", &row_once, "status", Value::Choice("done".into()))
            .unwrap()
    });
    let row_again = row.clone();
    let alices_row_text: Attempt = Box::new(move |doc: &mut ConcordDoc| {
        doc.splice_cell_text("tasks", &row_again, "progress", 0, 0, "taken over")
            .unwrap()
    });
    let grant_self: Attempt =
        Box::new(|doc: &mut ConcordDoc| doc.set_member_role(&pid("li"), DocRole::Owner).unwrap());
    // The actor that signed alice's changes, bound to her when they arrived.
    let alice_actor = alice.client.doc(&SHARED).unwrap().get_changes(&[])[0]
        .actor_id()
        .clone();
    // The refusal's words, its code and its parameters.
    type Said = (
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    );
    let cases: Vec<(&str, &String, Option<ActorId>, Attempt, Said)> = vec![
        (
            "vic (viewer) writes a field",
            &ws.vic,
            None,
            field("viewer was here"),
            ("viewer", "viewer-cannot-edit", &[]),
        ),
        (
            "bob (editor) sets alice's row's status",
            &ws.bob,
            None,
            alices_row,
            ("row's owner", "not-row-owner", &[("row_owner", "alice")]),
        ),
        (
            "bob (editor) types in alice's row's progress",
            &ws.bob,
            None,
            alices_row_text,
            ("row's owner", "not-row-owner", &[("row_owner", "alice")]),
        ),
        (
            "li (partner) makes herself owner",
            &ws.li,
            None,
            grant_self,
            ("owner", "acl-change-needs-owner", &[]),
        ),
        (
            "bob signs with alice's actor id",
            &ws.bob,
            Some(alice_actor),
            field("as alice"),
            ("another person", "actor-of-another", &[("owner", "alice")]),
        ),
    ];
    for (what, cookie, actor, attempt, (words, code, params)) in cases {
        let mut hostile = signed_in(ws.addr(), &format!("hostile-{}", unique()), cookie).await;
        assert!(fetch(&mut hostile, SHARED).await, "{what}: reads it");
        edit(
            &mut hostile,
            SHARED,
            actor.unwrap_or_else(ActorId::random),
            NOW + 1,
            attempt,
        );
        let why = refused(&mut hostile).await;
        assert!(
            why.contains(&SHARED.to_string()) && why.contains(words),
            "{what}: {why}"
        );
        // The error frame says it as data too, for the app to say in Chinese.
        let [(document, notice)] = &hostile.refused[..] else {
            panic!("{what}: one refusal, not {:?}", hostile.refused);
        };
        assert_eq!(*document, SHARED, "{what}");
        assert_eq!(notice.code, code, "{what}: {notice:?}");
        let expected: std::collections::BTreeMap<String, String> = params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(notice.params, expected, "{what}");
        assert!(notice.message.contains(words), "{what}: {notice:?}");
        // And reads back, as the app reads it, into the model's refusal,
        // which says it in Chinese.
        let refusal = concord_api::refusal_of(notice)
            .unwrap_or_else(|| panic!("{what}: the app cannot read {notice:?}"));
        assert_eq!(refusal.to_string(), notice.message, "{what}");
        let chinese = concord_api::refusal_text(notice, concord_model::Locale::ZhCn);
        assert_eq!(
            chinese,
            refusal.message(concord_model::Locale::ZhCn),
            "{what}"
        );
        assert_ne!(chinese, notice.message, "{what}: said in Chinese");
        alice
            .receive_for(QUIET)
            .await
            .expect("alice stays connected");
        assert_eq!(alice_heads(&alice), before, "{what}: forwarded to alice");
        for relay in [ws.a, ws.b] {
            assert_eq!(
                relay_heads(relay, &ws.alice, SHARED).await,
                before,
                "{what}: kept by the relay at {relay}"
            );
        }
    }

    // The control: what an editor partner may do is kept and reaches alice.
    let mut li = signed_in(ws.addr(), "li-phone", &ws.li).await;
    assert!(fetch(&mut li, SHARED).await);
    edit(&mut li, SHARED, ActorId::random(), NOW + 1, |doc| {
        doc.set_field("project", Value::Text("partner's update".into()))
            .unwrap()
    });
    let kept = li
        .until(|c| c.client.saved_on_relay(&SHARED))
        .await
        .unwrap();
    assert!(kept, "li's allowed edit is kept");
    let reached = alice
        .until(|a| a.client.doc(&SHARED).unwrap().get_heads() != before)
        .await
        .unwrap();
    assert!(reached, "li's allowed edit reaches alice");
    assert!(li.closed_with.is_none());
}

/// Joins as `name` with `cookie` and asks for `id`; the socket and whether
/// the document came (a sync) or not (doc-unavailable).
async fn raw_reader(addr: SocketAddr, cookie: &str, name: &str, id: DocumentId) -> (Socket, bool) {
    let mut socket = connect_with(addr, Some(cookie)).await.unwrap();
    let relay = join(&mut socket, name).await;
    let mut state = automerge::sync::State::new();
    let data = automerge::sync::SyncDoc::generate_sync_message(&Automerge::new(), &mut state)
        .unwrap()
        .encode();
    send(
        &mut socket,
        &Message::Request {
            sender_id: peer(name),
            target_id: relay,
            document_id: id,
            data,
        },
    )
    .await;
    let came = matches!(receive(&mut socket).await, Message::Sync { .. });
    (socket, came)
}

fn ephemeral(from: &str, relay: &str, id: DocumentId) -> Message {
    Message::Ephemeral {
        sender_id: peer(from),
        target_id: relay.parse().unwrap(),
        document_id: id,
        session_id: "s".into(),
        count: 1,
        data: b"cursor".to_vec(),
    }
}

/// Reads for `QUIET`; the ephemeral messages that came.
async fn ephemerals_heard(socket: &mut Socket) -> Vec<Message> {
    use futures_util::StreamExt as _;
    let mut heard = Vec::new();
    let deadline = tokio::time::Instant::now() + QUIET;
    while let Ok(Some(Ok(frame))) = tokio::time::timeout_at(deadline, socket.next()).await {
        if let tokio_tungstenite::tungstenite::Message::Binary(bytes) = frame
            && let Ok(message @ Message::Ephemeral { .. }) = Message::decode(&bytes)
        {
            heard.push(message);
        }
    }
    heard
}

#[tokio::test]
async fn presence_comes_only_from_readers_under_their_own_peer_id() {
    let ws = Workspace::new().await;
    let (_alice, _) = alice_shares(&ws).await;
    let (mut eye, came) = raw_reader(ws.addr(), &ws.alice, "alice-eye", SHARED).await;
    assert!(came);
    let relay = {
        let mut probe = connect_with(ws.addr(), Some(&ws.alice)).await.unwrap();
        join(&mut probe, "alice-probe").await.to_string()
    };

    let (mut bob, came) = raw_reader(ws.addr(), &ws.bob, "bob-tab", SHARED).await;
    assert!(came);
    send(&mut bob, &ephemeral("bob-tab", &relay, SHARED)).await;
    let heard = ephemerals_heard(&mut eye).await;
    assert!(
        matches!(heard.as_slice(), [Message::Ephemeral { sender_id, .. }] if *sender_id == peer("bob-tab")),
        "{heard:?}"
    );

    let (mut eve, came) = raw_reader(ws.addr(), &ws.eve, "eve-tab", SHARED).await;
    assert!(!came, "eve may not read");
    send(&mut eve, &ephemeral("eve-tab", &relay, SHARED)).await;
    assert!(
        ephemerals_heard(&mut eye).await.is_empty(),
        "eve's presence is dropped"
    );
    // Under bob's peer id: the connection is closed for the forged sender.
    send(&mut eve, &ephemeral("bob-tab", &relay, SHARED)).await;
    assert_eq!(closed(&mut eve).await.0, 1002);
    assert!(ephemerals_heard(&mut eye).await.is_empty());
}

#[tokio::test]
async fn a_peer_id_is_never_taken_from_another_person() {
    let ws = Workspace::new().await;
    let mut bob = connect_with(ws.addr(), Some(&ws.bob)).await.unwrap();
    join(&mut bob, "bob-tab").await;
    let mut eve = connect_with(ws.addr(), Some(&ws.eve)).await.unwrap();
    send(
        &mut eve,
        &Message::Join {
            sender_id: peer("bob-tab"),
            supported_protocol_versions: vec![concord_sync::PROTOCOL_V1.into()],
            peer_metadata: Default::default(),
        },
    )
    .await;
    let (code, reason) = closed(&mut eve).await;
    assert_eq!(code, 1008, "{reason}");
    assert!(reason.contains("another person"), "{reason}");
    // Bob's connection is untouched; his own reconnect still takes over.
    let mut again = connect_with(ws.addr(), Some(&ws.bob)).await.unwrap();
    join(&mut again, "bob-tab").await;
    assert_eq!(
        closed(&mut bob).await.0,
        1008,
        "the older of bob's two closes"
    );
}

#[tokio::test]
async fn signing_out_and_being_disabled_close_open_sockets_at_once() {
    let ws = Workspace::new().await;
    let mut bob = connect_with(ws.addr(), Some(&ws.bob)).await.unwrap();
    join(&mut bob, "bob-tab").await;
    let mut vic = connect_with(ws.addr(), Some(&ws.vic)).await.unwrap();
    join(&mut vic, "vic-tab").await;

    call(ws.addr(), "POST", "/api/logout", Some(&ws.bob), None).await;
    let (code, reason) = closed(&mut bob).await;
    assert_eq!((code, reason.as_str()), (1008, "signed out"));

    let disabled = call(
        ws.addr(),
        "PATCH",
        "/api/admin/people/vic",
        Some(&ws.alice),
        Some(json!({"disabled": true})),
    )
    .await;
    assert_eq!(disabled.status, 200, "{}", disabled.json);
    assert_eq!(closed(&mut vic).await.0, 1008);
    assert_eq!(
        connect_with(ws.addr(), Some(&ws.vic)).await.err(),
        Some(401)
    );
    let login = call(
        ws.addr(),
        "POST",
        "/api/login",
        None,
        Some(json!({"id": "vic", "password": PASSWORD})),
    )
    .await;
    assert_eq!(
        (login.status, login.json["error"].as_str()),
        (401, Some("disabled"))
    );

    // Non-admins cannot do it to others.
    let forbidden = call(
        ws.addr(),
        "PATCH",
        "/api/admin/people/alice",
        Some(&ws.eve),
        Some(json!({"disabled": true})),
    )
    .await;
    assert_eq!(forbidden.status, 403);
}

#[tokio::test]
async fn an_invite_link_works_once() {
    let ws = Workspace::new().await;
    let invite = call(
        ws.addr(),
        "POST",
        "/api/admin/invites",
        Some(&ws.alice),
        Some(json!({"org": "acme", "valid_hours": 1})),
    )
    .await;
    assert_eq!(invite.status, 201);
    let token = invite.json["link"]
        .as_str()
        .unwrap()
        .split_once('#')
        .unwrap()
        .1
        .to_owned();
    let check = call(
        ws.addr(),
        "POST",
        "/api/invite/check",
        None,
        Some(json!({"token": token})),
    )
    .await;
    assert_eq!(
        (check.status, check.json["org"].as_str()),
        (200, Some("acme"))
    );
    let addr = ws.addr();
    let accept = |id: &'static str| {
        let token = token.clone();
        async move {
            call(
                addr,
                "POST",
                "/api/invite/accept",
                None,
                Some(json!({"token": token, "id": id, "display_name": id, "password": PASSWORD})),
            )
            .await
        }
    };
    assert_eq!(accept("zhao").await.status, 201);
    let again = accept("qian").await;
    assert_eq!(
        (again.status, again.json["error"].as_str()),
        (404, Some("invite-invalid"))
    );
    let listed = call(
        ws.addr(),
        "GET",
        "/api/admin/directory",
        Some(&ws.alice),
        None,
    )
    .await;
    assert!(
        listed.json["invites"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["used_by"] == "zhao")
    );
    assert!(
        !listed.to_string_lossy().contains(&token),
        "the token is never listed"
    );
}

trait Lossy {
    fn to_string_lossy(&self) -> String;
}

impl Lossy for support::http::Answer {
    fn to_string_lossy(&self) -> String {
        self.json.to_string()
    }
}

#[tokio::test]
async fn losing_access_reaches_an_open_connection_at_once() {
    losing_access_reaches_an_open_connection(&Workspace::new().await).await;
}

/// Alice takes acme's access away on B; li, reading on A, is told at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_two_relays_losing_access_on_b_reaches_a_connection_on_a() {
    if let Some(ws) = Workspace::on_two_relays().await {
        losing_access_reaches_an_open_connection(&ws).await;
    }
}

async fn losing_access_reaches_an_open_connection(ws: &Workspace) {
    let (mut alice, _) = alice_shares(ws).await;
    let (mut li, came) = raw_reader(ws.addr(), &ws.li, "li-tab", SHARED).await;
    assert!(came);
    edit(&mut alice, SHARED, ActorId::random(), NOW + 1, |doc| {
        doc.remove_org(&"acme".parse().unwrap()).unwrap()
    });
    assert!(
        alice
            .until(|c| c.client.saved_on_relay(&SHARED))
            .await
            .unwrap()
    );
    // Whatever else comes first (the change itself never does), the
    // relay says the document is gone for li.
    let told = tokio::time::timeout(support::WAIT, async {
        loop {
            match receive(&mut li).await {
                Message::DocUnavailable { document_id, .. } if document_id == SHARED => break,
                Message::Sync { .. } => panic!("li heard the document after losing it"),
                _ => {}
            }
        }
    })
    .await;
    assert!(told.is_ok(), "li is told at once");
    let listed = call(ws.addr(), "GET", "/api/documents", Some(&ws.li), None).await;
    assert_eq!(
        listed.json.as_array().unwrap().len(),
        0,
        "and no longer lists it"
    );
}

/// The task centre (`/api/tasks`): each person's open tasks, from the
/// documents they may read and nobody else's; done tasks are nobody's.
#[tokio::test]
async fn the_task_centre_lists_each_persons_open_tasks_from_what_they_may_read() {
    let ws = Workspace::new().await;
    let template = find_template("task-tracker").unwrap();
    let mut tracker =
        ConcordDoc::create(template, "Tracker", &pid("alice"), NOW, ActorId::random()).unwrap();
    tracker
        .set_member_role(&pid("bob"), DocRole::Editor)
        .unwrap();
    tracker
        .set_org_role(&"acme".parse().unwrap(), DocRole::Editor)
        .unwrap();
    let mut after = None;
    let mut rng = Counter(11);
    for (task, owner, deadline, status) in [
        ("bob's quote", "bob", "2000-01-03", "in_progress"),
        ("li's samples", "li", "2099-12-31", "not_started"),
        ("bob's done", "bob", "2000-01-03", "done"),
    ] {
        let row = tracker.add_row("tasks", after.as_ref(), &mut rng).unwrap();
        for (field, value) in [
            ("task", Value::Text(task.into())),
            ("owner", Value::Person(owner.into())),
            ("deadline", Value::Date(deadline.into())),
            ("status", Value::Choice(status.into())),
        ] {
            tracker.set_cell("tasks", &row, field, value).unwrap();
        }
        after = Some(row);
    }
    tracker.commit(NOW, None);
    // Bob's task in a confidential document he may not read.
    let mut secret =
        ConcordDoc::create(template, "Secret", &pid("alice"), NOW, ActorId::random()).unwrap();
    secret
        .set_classification(concord_model::Classification::Confidential)
        .unwrap();
    let row = secret.add_row("tasks", None, &mut Counter(12)).unwrap();
    secret
        .set_cell("tasks", &row, "task", Value::Text("hidden".into()))
        .unwrap();
    secret
        .set_cell("tasks", &row, "owner", Value::Person("bob".into()))
        .unwrap();
    secret.commit(NOW, None);
    let load = |doc: &mut ConcordDoc| Automerge::load(&doc.save()).unwrap();
    let mut alice = signed_in(ws.b, "alice-laptop", &ws.alice).await;
    alice.client.create(SHARED, load(&mut tracker));
    alice.client.create(SECRET, load(&mut secret));
    let stored = alice
        .until(|c| c.client.saved_on_relay(&SHARED) && c.client.saved_on_relay(&SECRET))
        .await
        .expect("alice stays connected");
    assert!(stored);

    let addr = ws.addr();
    let centre = |cookie: String| async move {
        let answer = call(addr, "GET", "/api/tasks", Some(&cookie), None).await;
        assert_eq!(answer.status, 200, "{:?}", answer.json);
        answer.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["what"].as_str().unwrap().to_owned(),
                    i["doc"].as_str().unwrap().to_owned(),
                    i["overdue"].as_bool().unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        centre(ws.bob.clone()).await,
        [("bob's quote".to_owned(), SHARED.to_string(), true)]
    );
    assert_eq!(
        centre(ws.li.clone()).await,
        [("li's samples".to_owned(), SHARED.to_string(), false)],
        "a partner sees what is shared with their organisation"
    );
    assert!(
        centre(ws.wu.clone()).await.is_empty(),
        "another partner: nothing"
    );
    assert!(
        centre(ws.vic.clone()).await.is_empty(),
        "vic may not read it"
    );
    let signed_out = call(ws.addr(), "GET", "/api/tasks", None, None).await;
    assert_eq!(signed_out.status, 401);
    // Bob's task marked done, and acme's access taken away: both lists empty.
    let row = tracker.row_keys("tasks").unwrap()[0].id.clone();
    edit(&mut alice, SHARED, ActorId::random(), NOW + 1, |doc| {
        doc.set_cell("tasks", &row, "status", Value::Choice("done".into()))
            .unwrap();
        doc.remove_org(&"acme".parse().unwrap()).unwrap();
    });
    assert!(
        alice
            .until(|c| c.client.saved_on_relay(&SHARED))
            .await
            .unwrap()
    );
    assert!(
        centre(ws.bob.clone()).await.is_empty(),
        "bob's task is done"
    );
    assert!(
        centre(ws.li.clone()).await.is_empty(),
        "li's organisation lost access: nothing about it is hers"
    );
}

/// The message centre (`/api/messages`): an assignment and a mention reach
/// bob in a document he never opened; read marks are his own and stay;
/// a partner hears only of what is shared with them.
#[tokio::test]
async fn the_message_centre_tells_each_person_their_news_and_keeps_their_read_marks() {
    let ws = Workspace::new().await;
    let template = find_template("task-tracker").unwrap();
    let mut tracker =
        ConcordDoc::create(template, "Tracker", &pid("alice"), NOW, ActorId::random()).unwrap();
    tracker
        .set_member_role(&pid("bob"), DocRole::Editor)
        .unwrap();
    tracker
        .set_org_role(&"acme".parse().unwrap(), DocRole::Editor)
        .unwrap();
    let mut rng = Counter(21);
    let row = tracker.add_row("tasks", None, &mut rng).unwrap();
    for (field, value) in [
        ("task", Value::Text("bob's quote".into())),
        ("owner", Value::Person("bob".into())),
        ("deadline", Value::Date("2099-12-31".into())),
    ] {
        tracker.set_cell("tasks", &row, field, value).unwrap();
    }
    tracker
        .add_comment(
            &pid("alice"),
            &concord_model::CommentTarget::Doc,
            "请 @bob 看一下报价",
            // Today: a read message stays listed for 90 days.
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis() as i64,
            &mut rng,
        )
        .unwrap();
    tracker.commit(NOW, Some("alice"));
    let mut alice = signed_in(ws.b, "alice-laptop", &ws.alice).await;
    alice
        .client
        .create(SHARED, Automerge::load(&tracker.save()).unwrap());
    assert!(
        alice
            .until(|c| c.client.saved_on_relay(&SHARED))
            .await
            .expect("alice stays connected")
    );

    let addr = ws.addr();
    let centre = |cookie: String| async move {
        let answer = call(addr, "GET", "/api/messages", Some(&cookie), None).await;
        assert_eq!(answer.status, 200, "{:?}", answer.json);
        answer.json["messages"].as_array().unwrap().clone()
    };
    let bob = centre(ws.bob.clone()).await;
    let mut kinds: Vec<&str> = bob.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    kinds.sort();
    assert_eq!(kinds, ["assigned", "mention"], "{bob:?}");
    assert!(bob.iter().all(|m| m["read"] == false));
    assert!(bob.iter().all(|m| m["by"] == "alice"));
    assert!(
        centre(ws.alice.clone()).await.is_empty(),
        "nobody is told of their own acts"
    );
    assert!(
        centre(ws.vic.clone()).await.is_empty(),
        "vic may not read it"
    );
    assert!(
        centre(ws.li.clone()).await.is_empty(),
        "nothing there is li's"
    );

    // Bob marks the mention read; a key that is not his is ignored.
    let mention = bob.iter().find(|m| m["kind"] == "mention").unwrap()["key"].clone();
    let marked = call(
        addr,
        "POST",
        "/api/messages/read",
        Some(&ws.bob),
        Some(json!({ "keys": [mention, "someone-else/mention:x"] })),
    )
    .await;
    assert_eq!(marked.status, 200, "{:?}", marked.json);
    let bob = centre(ws.bob.clone()).await;
    let read: Vec<bool> = bob
        .iter()
        .filter(|m| m["key"] == mention)
        .map(|m| m["read"].as_bool().unwrap())
        .collect();
    assert_eq!(read, [true]);
    assert_eq!(bob.iter().filter(|m| m["read"] == false).count(), 1);
    // The assignment, from 2023, read: no longer listed after 90 days.
    let assigned = bob.iter().find(|m| m["kind"] == "assigned").unwrap()["key"].clone();
    let marked = call(
        addr,
        "POST",
        "/api/messages/read",
        Some(&ws.bob),
        Some(json!({ "keys": [assigned] })),
    )
    .await;
    assert_eq!(marked.status, 200);
    let bob = centre(ws.bob.clone()).await;
    assert_eq!(bob.len(), 1, "{bob:?}");
    assert_eq!(bob[0]["key"], mention);
    // Too many marks at once: refused, nothing marked.
    let many: Vec<String> = (0..2_001).map(|i| format!("k{i}")).collect();
    let refused = call(
        addr,
        "POST",
        "/api/messages/read",
        Some(&ws.bob),
        Some(json!({ "keys": many })),
    )
    .await;
    assert_eq!(refused.status, 413);
    let signed_out = call(addr, "GET", "/api/messages", None, None).await;
    assert_eq!(signed_out.status, 401);
}
