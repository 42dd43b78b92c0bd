//! Issue 19's flows against a hostile client, over real websockets: what a
//! modified client sends that the rules forbid is refused, neither kept nor
//! forwarded (the relay's heads stay where they were).

mod support;

use std::net::SocketAddr;

use automerge::{ActorId, AutoCommit, Automerge, ChangeHash};
use concord_model::{ConcordDoc, DocRole, PersonId, RowId, Value, find_template};
use concord_sync::DocumentId;
use serde_json::json;
use support::{
    TestRelay, counter::Counter, http::call, start_guarded_relay, sync_client::SyncClient,
};

const PASSWORD: &str = "a long enough password";
const NOW: i64 = 1_700_000_000_000;
const INTAKE: DocumentId = DocumentId::from_bytes([11; 16]);
const TRACKER: DocumentId = DocumentId::from_bytes([12; 16]);
const PLAN: DocumentId = DocumentId::from_bytes([13; 16]);

fn pid(s: &str) -> PersonId {
    s.parse().unwrap()
}

/// Alice (admin), bob (staff) and li (a partner of acme, the customer),
/// each with a session cookie.
struct Workspace {
    relay: TestRelay,
    alice: String,
    bob: String,
    li: String,
}

impl Workspace {
    async fn new() -> Self {
        let (relay, secret) = start_guarded_relay().await;
        let addr = relay.addr;
        let setup = call(
            addr,
            "POST",
            "/api/setup",
            None,
            Some(json!({"secret": secret, "id": "alice", "display_name": "Alice", "password": PASSWORD})),
        )
        .await;
        assert_eq!(setup.status, 201, "{}", setup.json);
        let alice = setup.session.unwrap();
        let added = call(
            addr,
            "POST",
            "/api/admin/people",
            Some(&alice),
            Some(json!({"id": "bob", "display_name": "Bob", "password": PASSWORD})),
        )
        .await;
        assert_eq!(added.status, 201, "{}", added.json);
        let bob = call(
            addr,
            "POST",
            "/api/login",
            None,
            Some(json!({"id": "bob", "password": PASSWORD})),
        )
        .await
        .session
        .unwrap();
        let org = call(
            addr,
            "POST",
            "/api/admin/orgs",
            Some(&alice),
            Some(json!({"id": "acme", "name": "ACME", "kind": "customer"})),
        )
        .await;
        assert_eq!(org.status, 201, "{}", org.json);
        let invite = call(
            addr,
            "POST",
            "/api/admin/invites",
            Some(&alice),
            Some(json!({"org": "acme"})),
        )
        .await;
        let link = invite.json["link"].as_str().unwrap().to_owned();
        let token = link.split_once('#').unwrap().1;
        let joined = call(
            addr,
            "POST",
            "/api/invite/accept",
            None,
            Some(json!({"token": token, "id": "li", "display_name": "Li", "password": PASSWORD})),
        )
        .await;
        assert_eq!(joined.status, 201, "{}", joined.json);
        Self {
            relay,
            alice,
            bob,
            li: joined.session.unwrap(),
        }
    }

    fn addr(&self) -> SocketAddr {
        self.relay.addr
    }
}

fn created(template: &str, title: &str, make: impl FnOnce(&mut ConcordDoc)) -> Automerge {
    let template = find_template(template).unwrap();
    let mut doc =
        ConcordDoc::create(template, title, &pid("alice"), NOW, ActorId::random()).unwrap();
    doc.set_member_role(&pid("bob"), DocRole::Editor).unwrap();
    make(&mut doc);
    doc.commit(NOW, None);
    Automerge::load(&doc.save()).unwrap()
}

async fn signed_in(addr: SocketAddr, name: &str, cookie: &str) -> SyncClient {
    let mut client = SyncClient::new(name);
    client.connect_as(addr, cookie).await.expect("connected");
    client
}

async fn fetch(client: &mut SyncClient, id: DocumentId) {
    client.client.find(id);
    let arrived = client
        .until(|c| c.client.doc(&id).is_some_and(|d| !d.get_heads().is_empty()))
        .await
        .expect("still connected");
    assert!(arrived, "{id} arrived");
}

/// A typed change in `client`'s copy of `id`, under a fresh actor.
fn edit(client: &mut SyncClient, id: DocumentId, change: impl FnOnce(&mut ConcordDoc)) {
    let current = client.client.doc_mut(&id).unwrap();
    let before = current.get_heads();
    let mut copy = AutoCommit::load(&current.save()).unwrap();
    copy.set_actor(ActorId::random());
    let mut typed = ConcordDoc::from_automerge(copy).unwrap();
    change(&mut typed);
    typed.commit(NOW + 1, None);
    let changes = typed.automerge_mut().get_changes(&before);
    current.apply_changes(changes).unwrap();
}

/// `cookie`'s person makes an allowed change; the relay keeps it.
async fn allowed(
    ws: &Workspace,
    cookie: &str,
    id: DocumentId,
    change: impl FnOnce(&mut ConcordDoc),
) {
    let mut client = signed_in(ws.addr(), &format!("ok-{}", rand_name()), cookie).await;
    fetch(&mut client, id).await;
    edit(&mut client, id, change);
    let kept = client
        .until(|c| c.client.saved_on_relay(&id))
        .await
        .expect("stays connected");
    assert!(kept && client.refused.is_empty(), "{:?}", client.refused);
}

/// `cookie`'s person makes a forbidden change: refused with `code`, and the
/// relay's heads are what they were.
async fn forbidden(
    ws: &Workspace,
    what: &str,
    cookie: &str,
    id: DocumentId,
    code: &str,
    change: impl FnOnce(&mut ConcordDoc),
) {
    let before = relay_heads(ws, id).await;
    let mut hostile = signed_in(ws.addr(), &format!("hostile-{}", rand_name()), cookie).await;
    fetch(&mut hostile, id).await;
    edit(&mut hostile, id, change);
    let _ = hostile.until(|_| false).await;
    let [(document, notice)] = &hostile.refused[..] else {
        panic!("{what}: one refusal, not {:?}", hostile.refused);
    };
    assert_eq!(*document, id, "{what}");
    assert_eq!(notice.code, code, "{what}: {notice:?}");
    assert_eq!(
        relay_heads(ws, id).await,
        before,
        "{what}: kept by the relay"
    );
}

async fn relay_heads(ws: &Workspace, id: DocumentId) -> Vec<ChangeHash> {
    let mut fresh = signed_in(ws.addr(), &format!("check-{}", rand_name()), &ws.alice).await;
    fetch(&mut fresh, id).await;
    fresh.client.doc(&id).unwrap().get_heads()
}

fn rand_name() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// Moves the document by `step`, writing what it records, as the app does.
fn take(step: &'static str) -> impl FnOnce(&mut ConcordDoc) {
    move |d: &mut ConcordDoc| {
        let status = d.meta().unwrap().status;
        let workflow = &d.template().workflow;
        let t = *workflow.from(&status).find(|t| t.id == step).unwrap();
        d.record_step(&t, NOW).unwrap();
        d.set_status(t.to).unwrap();
        if t.requires == concord_model::Requires::Reason {
            d.set_status_reason("because").unwrap();
        }
    }
}

#[tokio::test]
async fn the_flows_refuse_what_their_rules_forbid_and_keep_nothing_of_it() {
    let ws = Workspace::new().await;
    let mut alices_row: Option<RowId> = None;
    let intake = created("customer-requirement-intake", "ACME export", |d| {
        d.set_member_role(&pid("li"), DocRole::Editor).unwrap();
        d.set_field("customer", Value::Text("ACME".into())).unwrap();
        d.set_field("requirement", Value::Text("export".into()))
            .unwrap();
        d.set_field("owner", Value::Person("bob".into())).unwrap();
        d.set_field("reviewers", Value::People(vec!["alice".into()]))
            .unwrap();
    });
    let tracker = created("task-tracker", "Q4", |d| {
        let row = d.add_row("tasks", None, &mut Counter(3)).unwrap();
        d.set_cell("tasks", &row, "task", Value::Text("quote".into()))
            .unwrap();
        d.set_cell("tasks", &row, "owner", Value::Person("alice".into()))
            .unwrap();
        alices_row = Some(row);
    });
    let alices_row = alices_row.unwrap();
    let plan = created("emergency-response", "Flood", |_| {});
    let mut alice = signed_in(ws.addr(), "alice-laptop", &ws.alice).await;
    alice.client.create(INTAKE, intake);
    alice.client.create(TRACKER, tracker);
    alice.client.create(PLAN, plan);
    let stored = alice
        .until(|c| {
            [INTAKE, TRACKER, PLAN]
                .iter()
                .all(|id| c.client.saved_on_relay(id))
        })
        .await
        .unwrap();
    assert!(stored);
    // The intake: reviewed by its named reviewer, delivered by staff.
    allowed(&ws, &ws.alice, INTAKE, take("submit")).await;
    forbidden(
        &ws,
        "bob reviews, not named",
        &ws.bob,
        INTAKE,
        "transition-not-allowed",
        take("accept"),
    )
    .await;
    allowed(&ws, &ws.alice, INTAKE, take("accept")).await;
    allowed(&ws, &ws.bob, INTAKE, take("deliver")).await;
    // Staff giving the customer's acceptance or score: refused.
    forbidden(
        &ws,
        "bob accepts for the customer",
        &ws.bob,
        INTAKE,
        "transition-not-allowed",
        take("close"),
    )
    .await;
    forbidden(
        &ws,
        "alice (owner) scores for the customer",
        &ws.alice,
        INTAKE,
        "field-not-writable",
        |d| d.set_field("satisfaction", Value::Rating(5)).unwrap(),
    )
    .await;
    // The customer does both.
    allowed(&ws, &ws.li, INTAKE, |d| {
        d.set_field("satisfaction", Value::Rating(4)).unwrap()
    })
    .await;
    allowed(&ws, &ws.li, INTAKE, take("close")).await;

    // The tracker: bob confirming alice's row is refused; alice confirms it.
    let row = alices_row.clone();
    forbidden(
        &ws,
        "bob confirms alice's row",
        &ws.bob,
        TRACKER,
        "transition-not-allowed",
        move |d| {
            d.confirm_row(
                &pid("bob"),
                "confirm_row",
                "tasks",
                &row,
                NOW,
                &mut Counter(9),
            )
            .unwrap();
        },
    )
    .await;
    let row = alices_row.clone();
    allowed(&ws, &ws.alice, TRACKER, move |d| {
        d.confirm_row(
            &pid("alice"),
            "confirm_row",
            "tasks",
            &row,
            NOW,
            &mut Counter(10),
        )
        .unwrap();
    })
    .await;

    // The plan: a log entry before it is triggered is refused.
    let log = |d: &mut ConcordDoc| {
        let row = d.add_row("log", None, &mut Counter(11)).unwrap();
        d.set_cell("log", &row, "time", Value::DateTime(NOW))
            .unwrap();
        d.set_cell("log", &row, "reporter", Value::Person("bob".into()))
            .unwrap();
        d.set_cell("log", &row, "status", Value::Text("on site".into()))
            .unwrap();
    };
    forbidden(
        &ws,
        "bob logs in a prepared plan",
        &ws.bob,
        PLAN,
        "field-not-writable",
        log,
    )
    .await;
}
