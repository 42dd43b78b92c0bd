//! The policy at the engine, no sockets: every person × every kind of
//! message × every document state, each cell's answer written by hand from
//! SPEC and DESIGN (Trust); and actor ids bound to their person.

use std::sync::Arc;

use automerge::{AutoCommit, ChangeHash};
use concord_model::{Classification, ConcordDoc};
use concord_sync::{DocumentId, Message, PeerId, engine::Verdict};

use super::*;

#[path = "access_policy_calendar_tests.rs"]
mod calendar;
#[path = "access_policy_test_documents.rs"]
mod documents;
#[path = "access_policy_test_flows.rs"]
mod flows;
#[path = "access_policy_test_relay.rs"]
mod relay;

use documents::{
    DocState, EVERYONE, MatrixPerson, STATES, actor, new_requirement, peer, replica, retitled,
    shared_requirement,
};
use relay::InMemoryRelay;

/// The requirement every person is asked about, as the relay stores it.
const SHARED: DocumentId = DocumentId::from_bytes([7; 16]);
/// A document the relay has never seen, until someone creates it.
const NEW: DocumentId = DocumentId::from_bytes([8; 16]);
/// What a person's ephemeral message carries (a cursor, say).
const PRESENCE: &[u8] = b"cursor at title";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A `request` from a peer with nothing.
    Request,
    /// A `sync` from a replica that already has the document.
    SyncWithoutChanges,
    /// A `sync` bringing a new title, a field any editor may write while open.
    SyncWithAChange,
    /// An `ephemeral` message from a peer that asked for the document first.
    Ephemeral,
    /// A `sync` bringing a requirement of the person's own that the relay
    /// has never seen, already in the cell's state.
    Create,
}

const KINDS: [Kind; 5] = [
    Kind::Request,
    Kind::SyncWithoutChanges,
    Kind::SyncWithAChange,
    Kind::Ephemeral,
    Kind::Create,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// Read, kept, forwarded or created, as the kind goes.
    Yes,
    /// Answered `doc-unavailable`, exactly as if there were no such document.
    Hidden,
    /// The changes are refused, not kept, not forwarded, and the connection
    /// closes with the reason.
    Refused,
    /// The connection closes with "sign in first" before any room sees the message.
    SignIn,
    /// Nothing at all: no cell should see this.
    Nothing,
}

use Kind::{Create, Ephemeral, Request, SyncWithAChange, SyncWithoutChanges};
use Outcome::{Hidden, Refused, SignIn, Yes};

/// What each person gets, in the states draft, approved, archived,
/// confidential. Written by hand, not asked of the code under test:
/// readers are the named people and, unless confidential, the partner
/// organisation it was shared with; only editors write, only while the
/// state is open; a new document starts in its first state and only
/// internal staff create documents (SPEC, People and roles); a disabled
/// account's connection is no longer anybody's.
#[rustfmt::skip]
const MATRIX: [(MatrixPerson, Kind, [Outcome; 4]); 35] = [
    //                                                 draft    approved archived confidential
    (MatrixPerson::Owner,               Request,            [Yes,     Yes,     Yes,     Yes]),
    (MatrixPerson::Owner,               SyncWithoutChanges, [Yes,     Yes,     Yes,     Yes]),
    (MatrixPerson::Owner,               SyncWithAChange,    [Yes,     Refused, Refused, Yes]),
    (MatrixPerson::Owner,               Ephemeral,          [Yes,     Yes,     Yes,     Yes]),
    (MatrixPerson::Owner,               Create,             [Yes,     Refused, Refused, Yes]),
    (MatrixPerson::Editor,              Request,            [Yes,     Yes,     Yes,     Yes]),
    (MatrixPerson::Editor,              SyncWithoutChanges, [Yes,     Yes,     Yes,     Yes]),
    (MatrixPerson::Editor,              SyncWithAChange,    [Yes,     Refused, Refused, Yes]),
    (MatrixPerson::Editor,              Ephemeral,          [Yes,     Yes,     Yes,     Yes]),
    (MatrixPerson::Editor,              Create,             [Yes,     Refused, Refused, Yes]),
    (MatrixPerson::Viewer,              Request,            [Yes,     Yes,     Yes,     Yes]),
    (MatrixPerson::Viewer,              SyncWithoutChanges, [Yes,     Yes,     Yes,     Yes]),
    (MatrixPerson::Viewer,              SyncWithAChange,    [Refused, Refused, Refused, Refused]),
    (MatrixPerson::Viewer,              Ephemeral,          [Yes,     Yes,     Yes,     Yes]),
    (MatrixPerson::Viewer,              Create,             [Yes,     Refused, Refused, Yes]),
    // An organisation's grant does not reach a confidential document.
    (MatrixPerson::PartnerOfTheOrg,     Request,            [Yes,     Yes,     Yes,     Hidden]),
    (MatrixPerson::PartnerOfTheOrg,     SyncWithoutChanges, [Yes,     Yes,     Yes,     Hidden]),
    (MatrixPerson::PartnerOfTheOrg,     SyncWithAChange,    [Yes,     Refused, Refused, Hidden]),
    (MatrixPerson::PartnerOfTheOrg,     Ephemeral,          [Yes,     Yes,     Yes,     Hidden]),
    (MatrixPerson::PartnerOfTheOrg,     Create,             [Refused, Refused, Refused, Refused]),
    (MatrixPerson::PartnerOfAnotherOrg, Request,            [Hidden,  Hidden,  Hidden,  Hidden]),
    (MatrixPerson::PartnerOfAnotherOrg, SyncWithoutChanges, [Hidden,  Hidden,  Hidden,  Hidden]),
    (MatrixPerson::PartnerOfAnotherOrg, SyncWithAChange,    [Hidden,  Hidden,  Hidden,  Hidden]),
    (MatrixPerson::PartnerOfAnotherOrg, Ephemeral,          [Hidden,  Hidden,  Hidden,  Hidden]),
    (MatrixPerson::PartnerOfAnotherOrg, Create,             [Refused, Refused, Refused, Refused]),
    (MatrixPerson::Disabled,            Request,            [SignIn,  SignIn,  SignIn,  SignIn]),
    (MatrixPerson::Disabled,            SyncWithoutChanges, [SignIn,  SignIn,  SignIn,  SignIn]),
    (MatrixPerson::Disabled,            SyncWithAChange,    [SignIn,  SignIn,  SignIn,  SignIn]),
    (MatrixPerson::Disabled,            Ephemeral,          [SignIn,  SignIn,  SignIn,  SignIn]),
    (MatrixPerson::Disabled,            Create,             [SignIn,  SignIn,  SignIn,  SignIn]),
    (MatrixPerson::NoAccess,            Request,            [Hidden,  Hidden,  Hidden,  Hidden]),
    (MatrixPerson::NoAccess,            SyncWithoutChanges, [Hidden,  Hidden,  Hidden,  Hidden]),
    (MatrixPerson::NoAccess,            SyncWithAChange,    [Hidden,  Hidden,  Hidden,  Hidden]),
    (MatrixPerson::NoAccess,            Ephemeral,          [Hidden,  Hidden,  Hidden,  Hidden]),
    (MatrixPerson::NoAccess,            Create,             [Yes,     Refused, Refused, Yes]),
];

/// Alice's second device, in the room before every cell: whatever the
/// relay forwards, it hears.
fn listener() -> PeerId {
    peer("alice-listening")
}

fn policy_with_everyone() -> Arc<AccessPolicy> {
    policy_over(Arc::new(crate::actor_registry::InMemoryActors::default()))
}

fn policy_over(actors: Arc<dyn crate::actor_registry::ActorRegistry>) -> Arc<AccessPolicy> {
    let policy = Arc::new(AccessPolicy::new(actors, Default::default()));
    for who in EVERYONE {
        policy.bind_peer(who.peer(), who.person());
    }
    policy.bind_peer(listener(), MatrixPerson::Owner.person());
    policy
}

#[test]
fn the_matrix_names_every_person_and_kind_once() {
    for who in EVERYONE {
        for kind in KINDS {
            let rows = MATRIX.iter().filter(|(w, k, _)| *w == who && *k == kind);
            assert_eq!(rows.count(), 1, "{who:?} {kind:?}");
        }
    }
}

#[test]
fn each_state_of_the_matrix_is_the_one_it_is_named_for() {
    for (state, status, classification) in [
        (DocState::Draft, "draft", Classification::Internal),
        (DocState::Approved, "approved", Classification::Internal),
        (DocState::Archived, "archived", Classification::Internal),
        (
            DocState::Confidential,
            "draft",
            Classification::Confidential,
        ),
    ] {
        let meta = ConcordDoc::load(&shared_requirement(state))
            .unwrap()
            .meta()
            .unwrap();
        assert_eq!(meta.template_id, "requirement-approval");
        assert_eq!(
            (meta.status.as_str(), meta.classification),
            (status, classification)
        );
    }
}

#[test]
fn the_matrix_of_people_message_kinds_and_states() {
    let shared: Vec<Vec<u8>> = STATES.into_iter().map(shared_requirement).collect();
    let mut wrong = Vec::new();
    let mut cells = 0;
    for (who, kind, expected) in MATRIX {
        for (column, state) in STATES.into_iter().enumerate() {
            let cell = format!("{} ({who:?}) / {kind:?} / {state:?}", who.name());
            let (got, broken) = run_cell(who, kind, state, &shared[column]);
            if got != expected[column] {
                wrong.push(format!(
                    "{cell}: expected {:?}, got {got:?}",
                    expected[column]
                ));
            }
            wrong.extend(broken.into_iter().map(|b| format!("{cell}: {b}")));
            cells += 1;
        }
    }
    assert_eq!(cells, 7 * 5 * 4);
    assert!(wrong.is_empty(), "of {cells} cells:\n{}", wrong.join("\n"));
}

/// Plays one cell on a fresh relay; its outcome, and every promise the
/// cell broke whatever its outcome (heads moved, something forwarded or
/// learned that should not have been).
fn run_cell(
    who: MatrixPerson,
    kind: Kind,
    state: DocState,
    shared: &[u8],
) -> (Outcome, Vec<String>) {
    let (relay, marks) = play(who, kind, state, shared);
    let outcome = outcome_of(&relay, who, kind, &marks);
    let broken = broken_promises(&relay, who, kind, outcome, &marks);
    (outcome, broken)
}

/// Where a cell began: what the relay held and how much each client had
/// heard, so only what the cell's own message caused is judged.
struct Marks {
    relay_before: Vec<ChangeHash>,
    listener_from: usize,
    /// The person's connection, right after its handshake.
    joined: usize,
    /// The person's connection, right before the cell's message.
    from: usize,
}

fn play(who: MatrixPerson, kind: Kind, state: DocState, shared: &[u8]) -> (InMemoryRelay, Marks) {
    let policy = policy_with_everyone();
    let mut relay = match kind {
        Create => InMemoryRelay::new(&policy, NEW, None),
        _ => InMemoryRelay::new(&policy, SHARED, Some(shared)),
    };
    relay.connect(&listener(), AutoCommit::new(), &policy);
    relay.sync(&listener());
    let relay_before = relay.doc().get_heads();
    let listener_from = relay.client(&listener()).heard.len();

    let me = who.peer();
    let mine = match kind {
        Request | Ephemeral => AutoCommit::new(),
        SyncWithoutChanges => replica(shared, who.actor()),
        SyncWithAChange => retitled(replica(shared, who.actor()), "CRM, phase 2"),
        Create => new_requirement(who, state),
    };
    relay.connect(&me, mine, &policy);
    let joined = relay.client(&me).heard.len();
    if kind == Ephemeral {
        // Into the room first: ephemeral messages go only where one was let in.
        relay.sync(&me);
    }
    if who == MatrixPerson::Disabled {
        policy.unbind_person(&who.person().id);
    }
    let from = relay.client(&me).heard.len();
    match kind {
        Ephemeral => relay.send_ephemeral(&me, PRESENCE),
        _ => relay.sync(&me),
    }
    let marks = Marks {
        relay_before,
        listener_from,
        joined,
        from,
    };
    (relay, marks)
}

fn outcome_of(relay: &InMemoryRelay, who: MatrixPerson, kind: Kind, marks: &Marks) -> Outcome {
    let client = relay.client(&who.peer());
    let relay_now = relay.doc().get_heads();
    let happened = match kind {
        Request => !relay_now.is_empty() && client.heads() == relay_now,
        SyncWithoutChanges => true,
        SyncWithAChange | Create => relay_now != marks.relay_before && client.heads() == relay_now,
        Ephemeral => !relay
            .client(&listener())
            .learned_since(marks.listener_from)
            .is_empty(),
    };
    match &client.closed {
        Some(reason) if reason == "sign in first" => Outcome::SignIn,
        Some(_) => Outcome::Refused,
        None if client.was_told_unavailable_since(marks.joined) => Outcome::Hidden,
        None if happened => Outcome::Yes,
        None => Outcome::Nothing,
    }
}

fn broken_promises(
    relay: &InMemoryRelay,
    who: MatrixPerson,
    kind: Kind,
    outcome: Outcome,
    marks: &Marks,
) -> Vec<String> {
    let me = who.peer();
    let client = relay.client(&me);
    let listening = relay.client(&listener());
    let relay_now = relay.doc().get_heads();
    let mut broken = Vec::new();
    let changes_kept = outcome == Yes && matches!(kind, SyncWithAChange | Create);
    if !changes_kept && relay_now != marks.relay_before {
        broken.push("the relay's heads moved".to_string());
    }
    let forwarded = listening.learned_since(marks.listener_from);
    match (outcome, kind) {
        (Yes, SyncWithAChange) if listening.heads() != relay_now => {
            broken.push("the kept change did not reach the room".into())
        }
        (Yes, SyncWithAChange) => {}
        // Alice's own listener may read what she creates.
        (Yes, Create) => {}
        (Yes, Ephemeral) => {
            let from_me = |m: &&Message| {
                matches!(m, Message::Ephemeral { sender_id, target_id, data, .. }
                    if *sender_id == me && *target_id == listener() && data == PRESENCE)
            };
            if forwarded.len() != 1 || !forwarded.iter().all(from_me) {
                broken.push(format!("forwarded {forwarded:?}"));
            }
        }
        _ if !forwarded.is_empty() => broken.push(format!("forwarded {forwarded:?}")),
        _ => {}
    }
    // Hidden from the start; signed out only from the disabling on.
    let learned = client.learned_since(marks.joined);
    let since_disabled = &client.heard[marks.from..];
    match outcome {
        Hidden if !learned.is_empty() => broken.push(format!("learned {learned:?}")),
        Hidden if kind == Request && !client.heads().is_empty() => {
            broken.push("got the document".into())
        }
        SignIn => {
            let told_only_to_sign_in = matches!(since_disabled,
                [Message::Error { message, .. }] if message == "sign in first");
            if !told_only_to_sign_in {
                broken.push(format!("heard {since_disabled:?}"));
            }
        }
        Refused
            if !client
                .closed
                .as_ref()
                .is_some_and(|r| r.starts_with("document ")) =>
        {
            broken.push(format!("closed with {:?}", client.closed))
        }
        _ => {}
    }
    broken
}

#[test]
fn a_person_disabled_while_in_the_room_hears_nothing_more() {
    let bytes = shared_requirement(DocState::Draft);
    let policy = policy_with_everyone();
    let mut relay = InMemoryRelay::new(&policy, SHARED, Some(&bytes));
    let bob = MatrixPerson::Editor.peer();
    relay.connect(&bob, AutoCommit::new(), &policy);
    relay.sync(&bob);
    assert_eq!(relay.client(&bob).heads(), relay.doc().get_heads());
    let from = relay.client(&bob).heard.len();

    policy.unbind_person(&MatrixPerson::Editor.person().id);
    let alice = MatrixPerson::Owner.peer();
    relay.connect(
        &alice,
        retitled(replica(&bytes, actor(9)), "CRM, phase 2"),
        &policy,
    );
    relay.sync(&alice);
    assert_eq!(
        relay.doc().get_heads(),
        relay.client(&alice).heads(),
        "kept"
    );
    let bob_now = relay.client(&bob);
    assert!(
        bob_now.learned_since(from).is_empty(),
        "{:?}",
        bob_now.heard
    );
    assert!(bob_now.was_told_unavailable_since(from));
}

/// Presence is the document's too: a disabled person still in the room
/// must not hear where the others are.
#[test]
fn a_person_disabled_while_in_the_room_hears_nobodys_presence() {
    let bytes = shared_requirement(DocState::Draft);
    let policy = policy_with_everyone();
    let mut relay = InMemoryRelay::new(&policy, SHARED, Some(&bytes));
    let bob = MatrixPerson::Editor.peer();
    for peer in [&bob, &listener()] {
        relay.connect(peer, AutoCommit::new(), &policy);
        relay.sync(peer);
    }
    let from = relay.client(&bob).heard.len();

    policy.unbind_person(&MatrixPerson::Editor.person().id);
    relay.send_ephemeral(&listener(), PRESENCE);
    let heard = &relay.client(&bob).heard[from..];
    assert!(heard.is_empty(), "bob, disabled, heard {heard:?}");
}

#[test]
fn a_signed_out_peer_is_closed_and_the_persons_other_peers_go_on() {
    let bytes = shared_requirement(DocState::Draft);
    let policy = policy_with_everyone();
    let mut relay = InMemoryRelay::new(&policy, SHARED, Some(&bytes));
    let laptop = MatrixPerson::Owner.peer();
    relay.connect(&laptop, AutoCommit::new(), &policy);
    relay.connect(&listener(), AutoCommit::new(), &policy);

    policy.unbind_peer(&laptop);
    relay.sync(&laptop);
    relay.sync(&listener());
    assert_eq!(
        relay.client(&laptop).closed.as_deref(),
        Some("sign in first")
    );
    assert!(relay.client(&laptop).heads().is_empty());
    assert_eq!(relay.client(&listener()).heads(), relay.doc().get_heads());
}

#[test]
fn an_actor_id_belongs_to_the_person_who_first_used_it() {
    let in_memory = policy_with_everyone();
    // As the relay keeps them: in the accounts database.
    let accounts = crate::accounts::Accounts::in_memory(Default::default()).unwrap();
    let in_sqlite = policy_over(Arc::new(accounts));
    for policy in [in_memory, in_sqlite] {
        actor_theft_is_refused(&policy);
    }
}

fn actor_theft_is_refused(policy: &Arc<AccessPolicy>) {
    let bytes = shared_requirement(DocState::Draft);
    let mut relay = InMemoryRelay::new(policy, SHARED, Some(&bytes));
    let alice = MatrixPerson::Owner.peer();
    relay.connect(
        &alice,
        retitled(replica(&bytes, actor(9)), "alice's"),
        policy,
    );
    relay.sync(&alice);
    let heads = relay.doc().get_heads();
    assert_eq!(
        relay.client(&alice).heads(),
        heads,
        "alice's change is kept"
    );
    let saved = relay.doc().save();

    // Bob, an editor, signs with alice's actor.
    let bob = MatrixPerson::Editor.peer();
    relay.connect(
        &bob,
        retitled(replica(&saved, actor(9)), "bob's, as alice"),
        policy,
    );
    relay.sync(&bob);
    assert!(relay.client(&bob).closed.is_some(), "refused");
    assert_eq!(relay.doc().get_heads(), heads, "not kept");

    // With his own actor, on another connection, the same edit stands.
    let bob_again = peer("bob-again");
    policy.bind_peer(bob_again.clone(), MatrixPerson::Editor.person());
    relay.connect(
        &bob_again,
        retitled(replica(&saved, actor(10)), "bob's"),
        policy,
    );
    relay.sync(&bob_again);
    assert_eq!(relay.client(&bob_again).closed, None);
    assert_ne!(relay.doc().get_heads(), heads);
}

#[test]
fn a_change_naming_another_author_is_refused() {
    let bytes = shared_requirement(DocState::Draft);
    let policy = policy_with_everyone();
    let mut relay = InMemoryRelay::new(&policy, SHARED, Some(&bytes));
    let signed = |name: &str, actor_byte: u8| {
        let mut typed =
            concord_model::ConcordDoc::from_automerge(replica(&bytes, actor(actor_byte))).unwrap();
        typed
            .set_field("title", concord_model::Value::Text("bob's".into()))
            .unwrap();
        typed.commit(documents::NOW, Some(name));
        std::mem::take(typed.automerge_mut())
    };
    // Bob, an editor, writes the history as if alice had made his edit.
    let bob = MatrixPerson::Editor.peer();
    let owner = MatrixPerson::Owner.person().id.to_string();
    relay.connect(&bob, signed(&owner, 41), &policy);
    relay.sync(&bob);
    assert!(relay.client(&bob).closed.is_some(), "refused");
    assert_eq!(
        relay.doc().get_heads(),
        automerge::AutoCommit::load(&bytes).unwrap().get_heads()
    );
    // Under his own name, the same edit stands.
    let bob_again = peer("bob-named");
    policy.bind_peer(bob_again.clone(), MatrixPerson::Editor.person());
    let his = MatrixPerson::Editor.person().id.to_string();
    relay.connect(&bob_again, signed(&his, 42), &policy);
    relay.sync(&bob_again);
    assert_eq!(relay.client(&bob_again).closed, None);
    assert_eq!(relay.client(&bob_again).heads(), relay.doc().get_heads());
}

#[test]
fn a_peer_nobody_signed_in_is_closed() {
    let policy = AccessPolicy::default();
    let verdict = policy.admit(
        &"stranger".parse().unwrap(),
        &Message::Leave {
            sender_id: "stranger".parse().unwrap(),
        },
    );
    assert_eq!(verdict, Verdict::Close("sign in first".into()));
}

#[test]
fn a_refused_batch_binds_no_actor() {
    let bytes = shared_requirement(DocState::Draft);
    let policy = policy_with_everyone();
    let mut relay = InMemoryRelay::new(&policy, SHARED, Some(&bytes));
    // Vic, a viewer, may not write: his new actor is not kept as his.
    let vic = MatrixPerson::Viewer.peer();
    relay.connect(&vic, retitled(replica(&bytes, actor(33)), "vic's"), &policy);
    relay.sync(&vic);
    assert!(relay.client(&vic).closed.is_some(), "refused");
    let bob = MatrixPerson::Editor.peer();
    relay.connect(&bob, retitled(replica(&bytes, actor(33)), "bob's"), &policy);
    relay.sync(&bob);
    assert_eq!(relay.client(&bob).closed, None);
    assert_eq!(relay.client(&bob).heads(), relay.doc().get_heads());
}

/// Alice's draft submitted on her replica, naming `superior` as hers.
fn submitted_to(bytes: &[u8], superior: &str) -> automerge::AutoCommit {
    let mut typed =
        concord_model::ConcordDoc::from_automerge(replica(bytes, MatrixPerson::Owner.actor()))
            .unwrap();
    typed
        .set_direct_superior(&superior.parse().unwrap())
        .unwrap();
    typed.set_status("submitted").unwrap();
    typed.commit(documents::NOW, None);
    std::mem::take(typed.automerge_mut())
}

#[test]
fn a_request_goes_only_to_the_superior_the_directory_names() {
    let bytes = shared_requirement(DocState::Draft);
    let policy = policy_with_everyone();
    let mut relay = InMemoryRelay::new(&policy, SHARED, Some(&bytes));
    let before = relay.doc().get_heads();
    // Alice names bob, a friend, instead of boss: refused, nothing kept.
    let alice = MatrixPerson::Owner.peer();
    relay.connect(&alice, submitted_to(&bytes, "bob"), &policy);
    relay.sync(&alice);
    let closed = relay.client(&alice).closed.clone().expect("refused");
    assert!(closed.contains("not your direct superior"), "{closed}");
    assert_eq!(relay.doc().get_heads(), before);
    // Naming the directory's superior is accepted.
    let again = peer("alice-again");
    policy.bind_peer(again.clone(), MatrixPerson::Owner.person());
    relay.connect(&again, submitted_to(&bytes, "boss"), &policy);
    relay.sync(&again);
    assert_eq!(relay.client(&again).closed, None);
    assert_eq!(relay.client(&again).heads(), relay.doc().get_heads());
}

type FieldEdit<'a> = dyn Fn(&mut ConcordDoc) + 'a;
/// Writes a custom field entry's keys, as a hostile peer would.
type EntryWrite = dyn Fn(&mut AutoCommit, &automerge::ObjId);

/// `edit` on a replica of the shared draft by `who`, as their peer sends it.
fn field_edit(bytes: &[u8], who: MatrixPerson, edit: impl FnOnce(&mut ConcordDoc)) -> AutoCommit {
    let mut typed = ConcordDoc::from_automerge(replica(bytes, who.actor())).unwrap();
    edit(&mut typed);
    typed.commit(documents::NOW, None);
    std::mem::take(typed.automerge_mut())
}

#[test]
fn only_the_owner_adds_renames_moves_and_removes_custom_fields() {
    use concord_model::{CustomField, CustomKind, FieldMove, Label};
    let budget = CustomField {
        id: "cf-budget".into(),
        label: Label::new("预算", "Budget"),
        kind: CustomKind::Money,
        required: false,
        table: None,
    };
    let policy = policy_with_everyone();
    let bytes = shared_requirement(DocState::Draft);
    let mut relay = InMemoryRelay::new(&policy, SHARED, Some(&bytes));
    // The editor adding a field is refused like any edit: nothing kept.
    let before = relay.doc().get_heads();
    let bob = MatrixPerson::Editor.peer();
    let added = |d: &mut ConcordDoc| d.add_custom_field(&budget).unwrap();
    relay.connect(
        &bob,
        field_edit(&bytes, MatrixPerson::Editor, added),
        &policy,
    );
    relay.sync(&bob);
    let closed = relay.client(&bob).closed.clone().expect("refused");
    assert!(closed.contains("only a document owner"), "{closed}");
    assert_eq!(relay.doc().get_heads(), before);
    // The owner's is kept.
    let alice = MatrixPerson::Owner.peer();
    relay.connect(
        &alice,
        field_edit(&bytes, MatrixPerson::Owner, added),
        &policy,
    );
    relay.sync(&alice);
    assert_eq!(relay.client(&alice).closed, None);
    let with_field = relay.doc().save();
    // Renaming, moving or removing it is the owner's alone too.
    let rename = |d: &mut ConcordDoc| {
        d.rename_custom_field("cf-budget", &Label::new("费用", "Cost"))
            .unwrap()
    };
    let second = |d: &mut ConcordDoc| {
        let mut other = budget.clone();
        other.id = "cf-other".into();
        d.add_custom_field(&other).unwrap();
        d.move_custom_field("cf-other", FieldMove::Up).unwrap();
    };
    let remove = |d: &mut ConcordDoc| d.remove_custom_field("cf-budget").unwrap();
    let edits: [(&str, &FieldEdit<'_>); 3] =
        [("rename", &rename), ("move", &second), ("remove", &remove)];
    for (what, edit) in edits {
        let policy = policy_with_everyone();
        let mut relay = InMemoryRelay::new(&policy, SHARED, Some(&with_field));
        let before = relay.doc().get_heads();
        relay.connect(
            &bob,
            field_edit(&with_field, MatrixPerson::Editor, edit),
            &policy,
        );
        relay.sync(&bob);
        assert!(relay.client(&bob).closed.is_some(), "{what} by an editor");
        assert_eq!(relay.doc().get_heads(), before, "{what} by an editor");
        relay.connect(
            &alice,
            field_edit(&with_field, MatrixPerson::Owner, edit),
            &policy,
        );
        relay.sync(&alice);
        assert_eq!(relay.client(&alice).closed, None, "{what} by the owner");
        assert_ne!(relay.doc().get_heads(), before, "{what} by the owner");
    }
}

#[test]
fn hostile_field_definitions_are_refused_whoever_sends_them() {
    use automerge::{ObjType, ROOT, ReadDoc, transaction::Transactable};
    let policy = policy_with_everyone();
    let bytes = shared_requirement(DocState::Draft);
    let hostile: [(&str, &EntryWrite); 4] = [
        ("a very long name", &|doc, entry| {
            let label = doc.put_object(entry, "label", ObjType::Map).unwrap();
            doc.put(&label, "zh-CN", "长".repeat(10_000)).unwrap();
            doc.put(&label, "en", "").unwrap();
            doc.put(entry, "kind", "text").unwrap();
        }),
        ("an unknown kind", &|doc, entry| {
            let label = doc.put_object(entry, "label", ObjType::Map).unwrap();
            doc.put(&label, "zh-CN", "公式").unwrap();
            doc.put(&label, "en", "Formula").unwrap();
            doc.put(entry, "kind", "formula").unwrap();
        }),
        ("thousands of options", &|doc, entry| {
            let label = doc.put_object(entry, "label", ObjType::Map).unwrap();
            doc.put(&label, "zh-CN", "选项").unwrap();
            doc.put(&label, "en", "").unwrap();
            doc.put(entry, "kind", "single_choice").unwrap();
            let list = doc.put_object(entry, "options", ObjType::List).unwrap();
            for i in 0..5_000 {
                let item = doc.insert_object(&list, i, ObjType::Map).unwrap();
                doc.put(&item, "id", format!("o{i}")).unwrap();
                let label = doc.put_object(&item, "label", ObjType::Map).unwrap();
                doc.put(&label, "zh-CN", format!("选项{i}")).unwrap();
                doc.put(&label, "en", "").unwrap();
            }
        }),
        ("no label at all", &|doc, entry| {
            doc.put(entry, "kind", "text").unwrap();
        }),
    ];
    for (what, write) in hostile {
        let mut relay = InMemoryRelay::new(&policy, SHARED, Some(&bytes));
        let before = relay.doc().get_heads();
        let mut doc = replica(&bytes, MatrixPerson::Owner.actor());
        let part = match doc.get(&ROOT, "custom_fields").unwrap() {
            Some((_, part)) => part,
            None => panic!("a document has its custom_fields part"),
        };
        let entry = doc.put_object(&part, "cf-hostile", ObjType::Map).unwrap();
        write(&mut doc, &entry);
        doc.put(&entry, "required", false).unwrap();
        doc.commit();
        let alice = peer(&format!("alice-{}", what.len()));
        policy.bind_peer(alice.clone(), MatrixPerson::Owner.person());
        relay.connect(&alice, doc, &policy);
        relay.sync(&alice);
        let closed = relay.client(&alice).closed.clone();
        assert!(
            closed
                .as_deref()
                .is_some_and(|c| c.contains("custom_fields.cf-hostile")),
            "{what}: {closed:?}"
        );
        assert_eq!(relay.doc().get_heads(), before, "{what}");
    }
    // Emoji and right-to-left names are names.
    let mut relay = InMemoryRelay::new(&policy, SHARED, Some(&bytes));
    let alice = MatrixPerson::Owner.peer();
    let emoji = |d: &mut ConcordDoc| {
        let field = concord_model::CustomField {
            id: "cf-emoji".into(),
            label: concord_model::Label::new("🎉 预算 ‏مرحبا", "\u{202e}tegdub"),
            kind: concord_model::CustomKind::Text,
            required: true,
            table: None,
        };
        d.add_custom_field(&field).unwrap();
    };
    relay.connect(
        &alice,
        field_edit(&bytes, MatrixPerson::Owner, emoji),
        &policy,
    );
    relay.sync(&alice);
    assert_eq!(relay.client(&alice).closed, None);
}
