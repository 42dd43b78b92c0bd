//! Every order in which the relay's rooms and the clients can take their
//! steps: frames delivered from any busy queue (in order per connection, as
//! a websocket keeps them), a room's tick after any number of inputs (the
//! relay batches what arrived while it was storing), a client's tick at any
//! time. Whatever the order, a change the relay accepted reaches every
//! reader who keeps listening.
//!
//! A schedule is a list of choices (each picks one of the steps possible at
//! that moment), so proptest shrinks a failing schedule to a short one.

use automerge::{
    ActorId, Automerge, ROOT, ReadDoc,
    transaction::{CommitOptions, Transactable},
};
use proptest::prelude::*;

use super::{
    network::{Network, Queue, heads_of},
    scenarios::{doc_id, network, value},
};
use crate::DocumentId;

/// Hands out the schedule's choices; past its end, each step in turn, so
/// every schedule finishes.
struct Schedule<'a> {
    choices: &'a [u8],
    at: usize,
}

impl Schedule<'_> {
    fn pick(&mut self, len: usize) -> usize {
        let choice = self
            .choices
            .get(self.at)
            .map_or(self.at, |&c| usize::from(c));
        self.at += 1;
        choice % len
    }
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Deliver(Queue),
    TickRoom,
    TickClient(usize),
}

/// The steps possible now for the relay and the clients in `listening`
/// (a client not listening is a browser tab the test does not poll: frames
/// to it wait, and it sends nothing).
fn possible(net: &Network, listening: &[usize]) -> Vec<Step> {
    let mut steps: Vec<Step> = net
        .busy_queues()
        .into_iter()
        .filter(|queue| match queue {
            Queue::ToRelay(_) => true,
            Queue::ToClient(index) => listening.contains(index),
        })
        .map(Step::Deliver)
        .collect();
    steps.push(Step::TickRoom);
    steps.extend(listening.iter().map(|&index| Step::TickClient(index)));
    steps
}

fn take(net: &mut Network, document_id: DocumentId, step: Step) {
    match step {
        Step::Deliver(queue) => net.deliver_from(queue),
        Step::TickRoom => net.tick_room(document_id),
        Step::TickClient(index) => net.tick_client(index),
    }
}

/// Takes scheduled steps until `done` holds; `false` if it never does
/// within the bound (the caller decides whether that is a failure).
fn run_until(
    net: &mut Network,
    schedule: &mut Schedule,
    document_id: DocumentId,
    listening: &[usize],
    mut done: impl FnMut(&mut Network) -> bool,
) -> bool {
    for _ in 0..2_000 {
        if done(net) {
            return true;
        }
        let steps = possible(net, listening);
        let step = steps[schedule.pick(steps.len())];
        take(net, document_id, step);
    }
    done(net)
}

/// Nothing more moves however often the room and the listening clients
/// tick: what they hold now is all they will ever hold without a reconnect.
fn quiesce(
    net: &mut Network,
    schedule: &mut Schedule,
    document_id: DocumentId,
    listening: &[usize],
) {
    for _ in 0..5_000 {
        let deliverable = |net: &Network| {
            possible(net, listening)
                .iter()
                .any(|step| matches!(step, Step::Deliver(_)))
        };
        if !deliverable(net) {
            net.tick_room(document_id);
            for &index in listening {
                net.tick_client(index);
            }
            if !deliverable(net) {
                return;
            }
        }
        let steps = possible(net, listening);
        let step = steps[schedule.pick(steps.len())];
        take(net, document_id, step);
    }
    panic!("the network never went quiet");
}

/// An edit with a fixed actor and time: the change hashes, and so whether
/// a peer's bloom filter happens to match a change (a false positive, which
/// is what lost changes), are the same on every run.
fn put(doc: &mut Automerge, actor: [u8; 2], key: &str, value: &str) {
    doc.set_actor(ActorId::from(actor.as_slice()));
    let mut tx = doc.transaction();
    tx.put(ROOT, key, value).unwrap();
    tx.commit_with(CommitOptions::default().with_time(0));
}

fn holds(net: &Network, index: usize, document_id: &DocumentId, key: &str) -> bool {
    net.endpoints[index]
        .client
        .doc(document_id)
        .is_some_and(|doc| value(doc, key).is_some())
}

/// `relay/tests/sync_two_peers.rs`'s scenario, step by step: alice creates a
/// document and waits until the relay has it, then stops listening; bob
/// joins, fetches it, edits and sends; alice listens again and must receive
/// bob's change.
fn two_peers(seed: u8, choices: &[u8]) {
    let mut schedule = Schedule { choices, at: 0 };
    let document = doc_id(21);
    let mut net = network();
    let (alice, bob) = (net.add_client(), net.add_client());

    net.connect(alice);
    let mut created = Automerge::new();
    put(&mut created, [seed, 1], "title", "minutes");
    net.client(alice).create(document, created);
    let saved = run_until(&mut net, &mut schedule, document, &[alice], |net| {
        net.client(alice).saved_on_relay(&document)
    });
    assert!(saved, "the relay acknowledges alice's document");

    net.connect(bob);
    let joined = run_until(&mut net, &mut schedule, document, &[bob], |net| {
        net.client(bob).relay_id().is_some()
    });
    assert!(joined, "bob's handshake");
    net.client(bob).find(document);
    let fetched = run_until(&mut net, &mut schedule, document, &[bob], |net| {
        holds(net, bob, &document, "title")
    });
    assert!(fetched, "bob receives the document");

    put(
        net.client(bob).doc_mut(&document).unwrap(),
        [seed, 2],
        "decision",
        "ship it",
    );
    net.tick_client(bob);
    quiesce(&mut net, &mut schedule, document, &[alice]);
    assert!(
        holds(&net, alice, &document, "decision"),
        "bob's change reaches alice"
    );
    assert_eq!(
        heads_of(&net, alice, &document),
        heads_of(&net, bob, &document)
    );
}

/// Several peers edit at random moments while every step happens in a
/// random order; at the end (everyone listening) every peer holds every
/// change the relay accepted.
fn many_peers(peers: usize, choices: &[u8], edits: &[(u8, u8)]) {
    let mut schedule = Schedule { choices, at: 0 };
    let document = doc_id(22);
    let mut net = network();
    let ids: Vec<usize> = (0..peers).map(|_| net.add_client()).collect();
    for &peer in &ids {
        net.connect(peer);
    }
    let mut created = Automerge::new();
    put(&mut created, [0, 0], "seed", "0");
    net.client(ids[0]).create(document, created);
    for &peer in &ids[1..] {
        net.client(peer).find(document);
    }
    for (n, &(who, after)) in edits.iter().enumerate() {
        let who = ids[usize::from(who) % peers];
        for _ in 0..after % 16 {
            let steps = possible(&net, &ids);
            let step = steps[schedule.pick(steps.len())];
            take(&mut net, document, step);
        }
        // A peer still waiting for its first copy has nothing to edit.
        if let Some(doc) = net
            .client(who)
            .doc_mut(&document)
            .filter(|doc| !doc.get_heads().is_empty())
        {
            let actor = u8::try_from(who).unwrap();
            put(doc, [actor, 1], &format!("edit-{n}"), &format!("by {who}"));
        }
    }
    quiesce(&mut net, &mut schedule, document, &ids);
    let relay = net.rooms[&document].doc().get_heads();
    for &peer in &ids {
        assert_eq!(
            heads_of(&net, peer, &document),
            relay,
            "peer {peer} holds every change the relay accepted"
        );
        let doc = net.client(peer).doc(&document).unwrap();
        assert_eq!(
            doc.keys(automerge::ROOT).count(),
            net.rooms[&document].doc().keys(automerge::ROOT).count()
        );
    }
}

/// Actor seeds whose change hashes make the relay's one-entry bloom filter
/// match bob's edit (found by running every seed without the fix): the
/// schedules that lost his change.
const FALSE_POSITIVE_SEEDS: [u8; 5] = [19, 29, 34, 51, 198];

#[test]
fn the_two_peer_scenario_with_every_actor_seed() {
    for seed in 0..=u8::MAX {
        two_peers(seed, &[]);
    }
}

#[test]
fn the_two_peer_scenario_in_every_short_schedule() {
    // Every schedule of up to 6 choices among 4 (a room's tick between any
    // two messages, an acknowledgement before or after it), for a seed
    // with a false positive and one without.
    for seed in [FALSE_POSITIVE_SEEDS[0], 0] {
        let mut choices = [0u8; 6];
        loop {
            two_peers(seed, &choices);
            let Some(digit) = choices.iter().position(|&c| c < 3) else {
                break;
            };
            choices[digit] += 1;
            choices[..digit].iter_mut().for_each(|c| *c = 0);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1_000, ..ProptestConfig::default() })]

    #[test]
    fn the_two_peer_scenario_in_any_schedule(
        seed in prop_oneof![proptest::sample::select(FALSE_POSITIVE_SEEDS.to_vec()), any::<u8>()],
        choices in proptest::collection::vec(any::<u8>(), 0..120),
    ) {
        two_peers(seed, &choices);
    }

    #[test]
    fn every_accepted_change_reaches_every_peer_in_any_schedule(
        peers in 2usize..5,
        choices in proptest::collection::vec(any::<u8>(), 0..300),
        edits in proptest::collection::vec((any::<u8>(), any::<u8>()), 1..12),
    ) {
        many_peers(peers, &choices, &edits);
    }
}
