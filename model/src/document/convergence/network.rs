//! Replicas that talk through `automerge::sync` over lossy links: messages
//! queue per direction and may be delivered out of order, twice, or never;
//! links may be cut. `heal` is a reconnect: fresh sync states, all links up,
//! every message delivered, until nobody has anything left to say. Healing
//! goes through replica 0 as the hub, as clients sync through the relay.

use automerge::sync::{Message, State, SyncDoc};

use crate::document::ConcordDoc;

pub struct Network {
    pub docs: Vec<ConcordDoc>,
    /// Per ordered pair (from, to): the sender's sync state for that peer.
    states: Vec<State>,
    /// Per ordered pair: encoded messages in flight from → to.
    queues: Vec<Vec<Vec<u8>>>,
    /// Per unordered pair (stored at both orders): the link is cut.
    cut: Vec<bool>,
}

impl Network {
    pub fn new(docs: Vec<ConcordDoc>) -> Self {
        let n = docs.len();
        Self {
            docs,
            states: (0..n * n).map(|_| State::new()).collect(),
            queues: vec![Vec::new(); n * n],
            cut: vec![false; n * n],
        }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    fn link(&self, from: usize, to: usize) -> usize {
        from * self.len() + to
    }

    /// `from` says what it has to `to`, if the link is up.
    pub fn send(&mut self, from: usize, to: usize) {
        let link = self.link(from, to);
        if from == to || self.cut[link] {
            return;
        }
        let message = self.docs[from]
            .automerge_mut()
            .sync()
            .generate_sync_message(&mut self.states[link]);
        if let Some(message) = message {
            self.queues[link].push(message.encode());
        }
    }

    /// Delivers the `pick`-th message in flight from → to (any order), and
    /// once more when `twice`. A cut link delivers nothing.
    pub fn deliver(&mut self, from: usize, to: usize, pick: usize, twice: bool) {
        let link = self.link(from, to);
        if self.cut[link] || self.queues[link].is_empty() {
            return;
        }
        let i = pick % self.queues[link].len();
        let bytes = self.queues[link].remove(i);
        for _ in 0..if twice { 2 } else { 1 } {
            self.receive(from, to, &bytes);
        }
    }

    /// Loses the `pick`-th message in flight from → to.
    pub fn drop_message(&mut self, from: usize, to: usize, pick: usize) {
        let link = self.link(from, to);
        if !self.queues[link].is_empty() {
            let i = pick % self.queues[link].len();
            self.queues[link].remove(i);
        }
    }

    pub fn set_cut(&mut self, a: usize, b: usize, cut: bool) {
        let (ab, ba) = (self.link(a, b), self.link(b, a));
        self.cut[ab] = cut;
        self.cut[ba] = cut;
    }

    fn receive(&mut self, from: usize, to: usize, bytes: &[u8]) {
        let message = Message::decode(bytes).expect("our own encoding decodes");
        // `to` answers `from` with its state for that direction.
        let back = self.link(to, from);
        self.docs[to]
            .automerge_mut()
            .sync()
            .receive_sync_message(&mut self.states[back], message)
            .expect("a valid sync message is accepted, even late or twice");
    }

    /// Reconnects everyone to the hub (replica 0) and syncs to quiescence;
    /// returns how many rounds it took.
    pub fn heal(&mut self) -> usize {
        let n = self.len();
        self.states.iter_mut().for_each(|s| *s = State::new());
        self.queues.iter_mut().for_each(Vec::clear);
        self.cut.iter_mut().for_each(|c| *c = false);
        for round in 1..=64 {
            let mut quiet = true;
            for peer in 1..n {
                for (from, to) in [(peer, 0), (0, peer)] {
                    self.send(from, to);
                    let link = self.link(from, to);
                    while !self.queues[link].is_empty() {
                        quiet = false;
                        self.deliver(from, to, 0, false);
                    }
                }
            }
            if quiet {
                return round;
            }
        }
        panic!("sync did not settle in 64 rounds");
    }
}

impl Network {
    /// Hands `from`'s whole document to `to` (as tabs of one browser do).
    pub fn merge(&mut self, from: usize, to: usize) {
        if from == to {
            return;
        }
        // Two live borrows, not a clone: a clone would copy the uncommitted
        // transaction and so the same change number under one actor.
        let (low, high) = self.docs.split_at_mut(from.max(to));
        let (source, target) = if from < to {
            (&mut low[from], &mut high[0])
        } else {
            (&mut high[0], &mut low[to])
        };
        target.merge(source).expect("merge");
    }
}
