//! The policy at the engine's room, no sockets: who may read and who may
//! write, by role and document state, and actor ids bound to their person.

use std::sync::Arc;

use automerge::{ActorId, sync, sync::SyncDoc};
use concord_model::{Classification, ConcordDoc, DocRole, OrgId, Value, find_template};
use concord_sync::engine::{
    Limits,
    hub::{Room, RoomInput, RoomOutput},
};

use super::*;

const DOC: DocumentId = DocumentId::from_bytes([7; 16]);
const NOW: i64 = 1_700_000_000_000;

fn pid(s: &str) -> PersonId {
    s.parse().unwrap()
}

fn org(s: &str) -> OrgId {
    s.parse().unwrap()
}

fn people() -> Vec<(&'static str, Person)> {
    vec![
        ("alice", Person::staff(pid("alice"), vec![])), // owner
        ("bob", Person::staff(pid("bob"), vec![])),     // editor
        ("vic", Person::staff(pid("vic"), vec![])),     // viewer
        ("li", Person::partner(pid("li"), org("acme"))), // partner of the org it is shared with
        ("wu", Person::partner(pid("wu"), org("other"))), // partner of another org
        ("eve", Person::staff(pid("eve"), vec![])),     // staff without access
    ]
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum State {
    Active,
    Archived,
    Confidential,
}

/// A task tracker by alice, shared with bob (editor), vic (viewer) and the
/// partner organisation acme (editor), in `state`.
fn document(state: State) -> Vec<u8> {
    let template = find_template("task-tracker").unwrap();
    let mut doc = ConcordDoc::create(template, "Q4", &pid("alice"), NOW, actor(1)).unwrap();
    doc.set_member_role(&pid("bob"), DocRole::Editor).unwrap();
    doc.set_member_role(&pid("vic"), DocRole::Viewer).unwrap();
    doc.set_org_role(&org("acme"), DocRole::Editor).unwrap();
    match state {
        State::Active => {}
        State::Archived => doc.set_status("archived").unwrap(),
        State::Confidential => doc
            .set_classification(Classification::Confidential)
            .unwrap(),
    }
    doc.commit(NOW, None);
    doc.save()
}

fn actor(n: u8) -> ActorId {
    ActorId::from(vec![n; 16])
}

fn room(policy: &Arc<AccessPolicy>, bytes: &[u8]) -> Room {
    let mut room = Room::new(
        DOC,
        "relay".parse().unwrap(),
        Limits::default(),
        policy.clone(),
    );
    room.handle(RoomInput::Loaded {
        chunks: vec![bytes.to_vec()],
    });
    room
}

/// One person's replica and sync state towards the room.
struct Peer {
    id: PeerId,
    doc: automerge::AutoCommit,
    state: sync::State,
}

impl Peer {
    fn empty(name: &str) -> Self {
        Self {
            id: name.parse().unwrap(),
            doc: automerge::AutoCommit::new(),
            state: sync::State::new(),
        }
    }

    /// A replica that already has the document (a former member, say),
    /// writing as `actor`.
    fn holding(name: &str, bytes: &[u8], actor: ActorId) -> Self {
        let mut doc = automerge::AutoCommit::load(bytes).unwrap();
        doc.set_actor(actor);
        Self {
            id: name.parse().unwrap(),
            doc,
            state: sync::State::new(),
        }
    }

    fn set_project(&mut self, text: &str) {
        let mut typed = ConcordDoc::from_automerge(std::mem::take(&mut self.doc)).unwrap();
        typed
            .set_field("project", Value::Text(text.into()))
            .unwrap();
        typed.commit(NOW, None);
        self.doc = std::mem::take(typed.automerge_mut());
    }

    /// Syncs with the room until quiet; what the room said to this peer.
    fn sync_with(&mut self, room: &mut Room) -> Heard {
        let mut heard = Heard::default();
        for _ in 0..20 {
            let mut quiet = true;
            let message = self.doc.sync().generate_sync_message(&mut self.state);
            if let Some(message) = message {
                quiet = false;
                let data = message.encode();
                let peer = self.id.clone();
                let input = if self.doc.get_heads().is_empty() {
                    RoomInput::Request { peer, data }
                } else {
                    RoomInput::Sync { peer, data }
                };
                let outputs = room.handle(input);
                quiet &= !self.hear(&outputs, &mut heard);
            }
            let outputs = room.tick();
            quiet &= !self.hear(&outputs, &mut heard);
            if quiet || heard.unavailable || heard.refused {
                break;
            }
        }
        heard
    }

    fn hear(&mut self, outputs: &[RoomOutput], heard: &mut Heard) -> bool {
        let mut any = false;
        for output in outputs {
            match output {
                RoomOutput::Send { to, message } if *to == self.id => {
                    any = true;
                    match message {
                        Message::Sync { data, .. } => {
                            let message = sync::Message::decode(data).unwrap();
                            self.doc
                                .sync()
                                .receive_sync_message(&mut self.state, message)
                                .unwrap();
                        }
                        Message::DocUnavailable { .. } => heard.unavailable = true,
                        _ => {}
                    }
                }
                RoomOutput::Refused { peer, .. } if *peer == self.id => heard.refused = true,
                _ => {}
            }
        }
        any
    }
}

#[derive(Default, Debug)]
struct Heard {
    unavailable: bool,
    refused: bool,
}

fn policy_with_everyone() -> Arc<AccessPolicy> {
    policy_over(Arc::new(crate::actor_registry::InMemoryActors::default()))
}

fn policy_over(actors: Arc<dyn crate::actor_registry::ActorRegistry>) -> Arc<AccessPolicy> {
    let policy = Arc::new(AccessPolicy::new(actors, Default::default()));
    for (name, person) in people() {
        policy.bind_peer(name.parse().unwrap(), person);
    }
    policy
}

/// Who may read, by state: a hand-written table, not the model's answer.
fn may_read(name: &str, state: State) -> bool {
    match (name, state) {
        ("alice" | "bob" | "vic", _) => true,
        // An organisation's grant does not reach a confidential document.
        ("li", State::Active | State::Archived) => true,
        _ => false,
    }
}

/// Who may set a form field, by state.
fn may_write(name: &str, state: State) -> bool {
    match (name, state) {
        (_, State::Archived) => false,
        ("alice" | "bob", _) => true,
        ("li", State::Active) => true,
        _ => false,
    }
}

#[test]
fn the_matrix_of_roles_message_kinds_and_states() {
    let mut cells = 0;
    for state in [State::Active, State::Archived, State::Confidential] {
        let bytes = document(state);
        for (n, (name, _)) in people().into_iter().enumerate() {
            // A request from a peer with nothing.
            let policy = policy_with_everyone();
            let mut room = room(&policy, &bytes);
            let mut reader = Peer::empty(name);
            let heard = reader.sync_with(&mut room);
            let got_it = reader.doc.get_heads() == room.doc().get_heads();
            assert_eq!(got_it, may_read(name, state), "{name} reads {state:?}");
            assert_eq!(
                heard.unavailable,
                !may_read(name, state),
                "{name} {state:?}: {heard:?}"
            );
            cells += 1;

            // A sync without changes from a replica that has the document.
            let mut holder = Peer::holding(name, &bytes, actor(50 + n as u8));
            let before = room.doc().get_heads();
            let heard = holder.sync_with(&mut room);
            assert_eq!(
                heard.unavailable,
                !may_read(name, state),
                "{name} syncs {state:?}"
            );
            assert!(!heard.refused, "nothing to refuse in {name}'s plain sync");
            assert_eq!(room.doc().get_heads(), before);
            cells += 1;

            // A sync with a change to a form field.
            let mut writer = Peer::holding(name, &bytes, actor(100 + n as u8));
            writer.set_project("changed");
            let heard = writer.sync_with(&mut room);
            let kept = room.doc().get_heads() != before;
            assert_eq!(
                kept,
                may_write(name, state),
                "{name} writes {state:?}: {heard:?}"
            );
            if !may_write(name, state) {
                assert!(
                    heard.refused || heard.unavailable,
                    "{name} is told: {heard:?}"
                );
            }
            cells += 1;
        }
    }
    assert_eq!(cells, 3 * 6 * 3);
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
    let bytes = document(State::Active);
    let mut room = room(policy, &bytes);
    let mut alice = Peer::holding("alice", &bytes, actor(9));
    alice.set_project("alice's");
    alice.sync_with(&mut room);
    let heads = room.doc().get_heads();

    // Bob, an editor, signs with alice's actor.
    let mut bob = Peer::holding("bob", &room.doc().save(), actor(9));
    bob.set_project("bob's, as alice");
    let heard = bob.sync_with(&mut room);
    assert!(heard.refused, "{heard:?}");
    assert_eq!(room.doc().get_heads(), heads, "not kept");

    // With his own actor the same edit stands.
    let mut bob = Peer::holding("bob", &room.doc().save(), actor(10));
    bob.set_project("bob's");
    let heard = bob.sync_with(&mut room);
    assert!(!heard.refused && !heard.unavailable, "{heard:?}");
    assert_ne!(room.doc().get_heads(), heads);
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
    let bytes = document(State::Active);
    let policy = policy_with_everyone();
    let mut room = room(&policy, &bytes);
    // Vic, a viewer, may not write: his new actor is not kept as his.
    let mut vic = Peer::holding("vic", &bytes, actor(33));
    vic.set_project("vic's");
    assert!(vic.sync_with(&mut room).refused);
    let mut bob = Peer::holding("bob", &bytes, actor(33));
    bob.set_project("bob's");
    let heard = bob.sync_with(&mut room);
    assert!(!heard.refused, "{heard:?}");
}
