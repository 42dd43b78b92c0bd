//! An in-memory relay and its clients, wired as the real adapters wire the
//! engine, with no sockets. Frames wait in queues so a test can deliver them in
//! order, reordered or twice. Every delivery checks the durability contract:
//! no sync message carries heads its sender has not stored.

use std::{
    collections::{BTreeMap, VecDeque},
    sync::Arc,
};

use automerge::{Automerge, ChangeHash, ReadDoc, sync};

use crate::{
    DocumentId, Message, PeerId, PeerMetadata, StorageId,
    engine::{
        Limits, Policy,
        client::{Client, ClientOutput},
        hub::{Connection, ConnectionOutput, Room, RoomInput, RoomOutput},
    },
};

/// What a websocket carries towards a client: a frame, or the relay closing it.
#[derive(Debug, Clone)]
enum Downstream {
    Frame(Vec<u8>),
    Close,
}

/// Where frames wait: towards the relay on one connection, or towards one client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    ToRelay(usize),
    ToClient(usize),
}

pub struct Endpoint {
    pub client: Client,
    /// The connection this client is on, while it is connected.
    connection: Option<usize>,
    /// What the client stored, per document, as chunks in order.
    pub storage: BTreeMap<DocumentId, Vec<Vec<u8>>>,
    pub events: Vec<ClientOutput>,
    inbox: VecDeque<Downstream>,
}

/// Picks which queued frame goes next and whether it is delivered twice.
pub trait Delivery {
    /// Index into a queue of `len` (> 0) frames.
    fn pick(&mut self, len: usize) -> usize;
    fn duplicate(&mut self) -> bool;
}

/// In order, once each: what a websocket does.
pub struct InOrder;

impl Delivery for InOrder {
    fn pick(&mut self, _len: usize) -> usize {
        0
    }
    fn duplicate(&mut self) -> bool {
        false
    }
}

/// Reorders and duplicates frames, from a seed (xorshift: deterministic, no dependency).
pub struct Chaos {
    state: u64,
    pub duplicate_one_in: u64,
    pub reorder: bool,
}

impl Chaos {
    pub fn new(seed: u64, reorder: bool, duplicate_one_in: u64) -> Self {
        Self {
            state: seed | 1,
            duplicate_one_in,
            reorder,
        }
    }

    fn next(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }
}

impl Delivery for Chaos {
    fn pick(&mut self, len: usize) -> usize {
        if self.reorder {
            (self.next() % len as u64) as usize
        } else {
            0
        }
    }
    fn duplicate(&mut self) -> bool {
        self.duplicate_one_in > 0 && self.next().is_multiple_of(self.duplicate_one_in)
    }
}

pub struct Network {
    pub relay_id: PeerId,
    limits: Limits,
    policy: Arc<dyn Policy>,
    connections: Vec<Connection>,
    /// Which client each connection belongs to.
    connection_client: Vec<usize>,
    pub rooms: BTreeMap<DocumentId, Room>,
    /// The relay's storage: chunks per document, as `Store` and `Compact` left them.
    pub relay_storage: BTreeMap<DocumentId, Vec<Vec<u8>>>,
    pub endpoints: Vec<Endpoint>,
    /// Frames from clients to the relay: (connection, frame).
    upstream: VecDeque<(usize, Vec<u8>)>,
    /// Every room output, in order, for tests that look at them.
    pub room_log: Vec<(DocumentId, RoomOutput)>,
    /// Every `error` the relay sent, with the peer it was sent to.
    pub errors: Vec<String>,
    compact_floor: Option<usize>,
}

impl Network {
    pub fn new(limits: Limits, policy: Arc<dyn Policy>) -> Self {
        Self {
            relay_id: "relay".parse().unwrap(),
            limits,
            policy,
            connections: Vec::new(),
            connection_client: Vec::new(),
            rooms: BTreeMap::new(),
            relay_storage: BTreeMap::new(),
            endpoints: Vec::new(),
            upstream: VecDeque::new(),
            room_log: Vec::new(),
            errors: Vec::new(),
            compact_floor: None,
        }
    }

    pub fn set_compact_floor(&mut self, bytes: usize) {
        self.compact_floor = Some(bytes);
    }

    /// Adds a client named `peer-<n>`; returns its index.
    pub fn add_client(&mut self) -> usize {
        let index = self.endpoints.len();
        let peer: PeerId = format!("peer-{index}").parse().unwrap();
        let storage: StorageId = format!("storage-{index}").parse().unwrap();
        let metadata = PeerMetadata {
            storage_id: Some(storage),
            is_ephemeral: false,
        };
        self.endpoints.push(Endpoint {
            client: Client::new(peer, metadata),
            connection: None,
            storage: BTreeMap::new(),
            events: Vec::new(),
            inbox: VecDeque::new(),
        });
        index
    }

    pub fn client(&mut self, index: usize) -> &mut Client {
        &mut self.endpoints[index].client
    }

    /// Opens a websocket for the client and sends its `join`.
    pub fn connect(&mut self, index: usize) {
        let connection = Connection::new(
            self.relay_id.clone(),
            "relay-storage".parse().unwrap(),
            self.limits,
            self.policy.clone(),
        );
        self.connections.push(connection);
        self.connection_client.push(index);
        self.endpoints[index].connection = Some(self.connections.len() - 1);
        let outputs = self.endpoints[index].client.connect();
        self.client_outputs(index, outputs);
    }

    /// The client's websocket drops (both sides notice at once).
    pub fn disconnect(&mut self, index: usize) {
        if let Some(connection) = self.endpoints[index].connection.take() {
            self.upstream.retain(|(c, _)| *c != connection);
            let outputs = self.connections[connection].close();
            self.connection_outputs(connection, outputs);
        }
        let endpoint = &mut self.endpoints[index];
        endpoint.inbox.clear();
        endpoint.client.disconnected();
    }

    /// Sends raw bytes on the client's connection, as a hostile client could.
    pub fn send_raw(&mut self, index: usize, frame: Vec<u8>) {
        if let Some(connection) = self.endpoints[index].connection {
            self.upstream.push_back((connection, frame));
        }
    }

    /// Frames queued towards the relay or any client.
    pub fn in_flight(&self) -> usize {
        self.upstream.len() + self.endpoints.iter().map(|e| e.inbox.len()).sum::<usize>()
    }

    /// Delivers one queued frame (if any), chosen by `delivery`.
    pub fn deliver_one(&mut self, delivery: &mut dyn Delivery) -> bool {
        let upstream = self.upstream.len();
        let total = self.in_flight();
        if total == 0 {
            return false;
        }
        let mut pick = delivery.pick(total);
        let twice = delivery.duplicate();
        if pick < upstream {
            let (connection, frame) = self.upstream.remove(pick).unwrap();
            self.relay_receive(connection, &frame);
            if twice {
                self.relay_receive(connection, &frame);
            }
            return true;
        }
        pick -= upstream;
        for index in 0..self.endpoints.len() {
            let len = self.endpoints[index].inbox.len();
            if pick < len {
                let item = self.endpoints[index].inbox.remove(pick).unwrap();
                self.client_receive(index, item.clone());
                if twice {
                    self.client_receive(index, item);
                }
                return true;
            }
            pick -= len;
        }
        unreachable!("pick is below the number of frames in flight")
    }

    /// The queues holding frames now, each delivered in order (a websocket
    /// keeps the order of one connection, not between connections).
    pub fn busy_queues(&self) -> Vec<Queue> {
        let mut connections: Vec<usize> = self.upstream.iter().map(|(c, _)| *c).collect();
        connections.sort_unstable();
        connections.dedup();
        let mut queues: Vec<Queue> = connections.into_iter().map(Queue::ToRelay).collect();
        queues.extend(
            (0..self.endpoints.len())
                .filter(|&i| !self.endpoints[i].inbox.is_empty())
                .map(Queue::ToClient),
        );
        queues
    }

    /// Delivers the oldest frame of one queue.
    pub fn deliver_from(&mut self, queue: Queue) {
        match queue {
            Queue::ToRelay(connection) => {
                if let Some(at) = self.upstream.iter().position(|(c, _)| *c == connection) {
                    let (_, frame) = self.upstream.remove(at).unwrap();
                    self.relay_receive(connection, &frame);
                }
            }
            Queue::ToClient(index) => {
                if let Some(item) = self.endpoints[index].inbox.pop_front() {
                    self.client_receive(index, item);
                }
            }
        }
    }

    /// Ticks one room: the relay ends a batch of inputs.
    pub fn tick_room(&mut self, document_id: DocumentId) {
        if let Some(room) = self.rooms.get_mut(&document_id) {
            let outputs = room.tick();
            self.room_outputs(document_id, outputs);
        }
    }

    /// Ticks one client: it stores and sends what it has.
    pub fn tick_client(&mut self, index: usize) {
        let outputs = self.endpoints[index].client.tick();
        self.client_outputs(index, outputs);
    }

    /// Ticks every room and every client once.
    pub fn tick(&mut self) {
        let ids: Vec<DocumentId> = self.rooms.keys().copied().collect();
        for document_id in ids {
            let outputs = self.room(document_id).tick();
            self.room_outputs(document_id, outputs);
        }
        for index in 0..self.endpoints.len() {
            let outputs = self.endpoints[index].client.tick();
            self.client_outputs(index, outputs);
        }
    }

    /// Delivers and ticks until nothing moves; panics if that never happens.
    pub fn settle(&mut self, delivery: &mut dyn Delivery) {
        for _ in 0..10_000 {
            while self.deliver_one(delivery) {}
            self.tick();
            if self.in_flight() == 0 {
                return;
            }
        }
        panic!("the network did not settle");
    }

    pub fn settle_in_order(&mut self) {
        self.settle(&mut InOrder);
    }

    /// The relay's copy, loaded from what it stored.
    pub fn relay_stored_doc(&self, document_id: &DocumentId) -> Option<Automerge> {
        let chunks = self.relay_storage.get(document_id)?;
        Some(load(chunks))
    }

    fn room(&mut self, document_id: DocumentId) -> &mut Room {
        self.rooms.get_mut(&document_id).unwrap()
    }

    fn relay_receive(&mut self, connection: usize, frame: &[u8]) {
        let outputs = self.connections[connection].receive(frame);
        self.connection_outputs(connection, outputs);
    }

    fn connection_outputs(&mut self, connection: usize, outputs: Vec<ConnectionOutput>) {
        let index = self.connection_client[connection];
        for output in outputs {
            match output {
                ConnectionOutput::Send(message) => {
                    if let Message::Error { message, .. } = &message {
                        self.errors.push(message.clone());
                    }
                    self.send_to_client(index, connection, &message);
                }
                ConnectionOutput::Route { document_id, input } => {
                    self.route(document_id, input);
                }
                ConnectionOutput::Close { .. } => {
                    if self.endpoints[index].connection == Some(connection) {
                        self.endpoints[index].inbox.push_back(Downstream::Close);
                    }
                }
            }
        }
    }

    fn route(&mut self, document_id: DocumentId, input: RoomInput) {
        if !self.rooms.contains_key(&document_id) {
            let mut room = Room::new(
                document_id,
                self.relay_id.clone(),
                self.limits,
                self.policy.clone(),
            );
            if let Some(floor) = self.compact_floor {
                room.set_compact_floor(floor);
            }
            self.rooms.insert(document_id, room);
            // Storage answers after the first input, as an async load would.
            let outputs = self.room(document_id).handle(input);
            self.room_outputs(document_id, outputs);
            let answer = match self.relay_storage.get(&document_id) {
                Some(chunks) => RoomInput::Loaded {
                    chunks: chunks.clone(),
                },
                None => RoomInput::NotFound,
            };
            let outputs = self.room(document_id).handle(answer);
            self.room_outputs(document_id, outputs);
            return;
        }
        let outputs = self.room(document_id).handle(input);
        self.room_outputs(document_id, outputs);
    }

    fn room_outputs(&mut self, document_id: DocumentId, outputs: Vec<RoomOutput>) {
        for output in outputs {
            self.room_log.push((document_id, output.clone()));
            match output {
                RoomOutput::Store { chunk } => {
                    self.relay_storage
                        .entry(document_id)
                        .or_default()
                        .push(chunk);
                }
                RoomOutput::Compact { snapshot } => {
                    self.relay_storage.insert(document_id, vec![snapshot]);
                }
                RoomOutput::Send { to, message } => {
                    let stored = self.relay_stored_doc(&document_id);
                    assert_heads_stored(&message, stored.as_ref(), "relay");
                    let connection = self
                        .endpoints
                        .iter()
                        .position(|e| e.client.peer_id() == &to)
                        .and_then(|index| Some((index, self.endpoints[index].connection?)));
                    if let Some((index, connection)) = connection {
                        self.send_to_client(index, connection, &message);
                    }
                }
                RoomOutput::Refused {
                    peer,
                    document_id,
                    reason,
                    ..
                } => {
                    let connection = self
                        .endpoints
                        .iter()
                        .find(|e| e.client.peer_id() == &peer)
                        .and_then(|e| e.connection);
                    if let Some(connection) = connection {
                        let outputs = self.connections[connection].refused(&document_id, &reason);
                        self.connection_outputs(connection, outputs);
                    }
                }
                RoomOutput::Failed { reason } => panic!("room failed: {reason}"),
            }
        }
    }

    fn send_to_client(&mut self, index: usize, connection: usize, message: &Message) {
        if self.endpoints[index].connection == Some(connection) {
            self.endpoints[index]
                .inbox
                .push_back(Downstream::Frame(message.encode()));
        }
    }

    fn client_receive(&mut self, index: usize, item: Downstream) {
        match item {
            Downstream::Frame(frame) => {
                let outputs = self.endpoints[index].client.receive(&frame);
                self.client_outputs(index, outputs);
            }
            Downstream::Close => self.disconnect(index),
        }
    }

    fn client_outputs(&mut self, index: usize, outputs: Vec<ClientOutput>) {
        for output in outputs {
            match &output {
                ClientOutput::Send(message) => {
                    let stored = match message {
                        Message::Sync { document_id, .. }
                        | Message::Request { document_id, .. } => self.endpoints[index]
                            .storage
                            .get(document_id)
                            .map(|c| load(c)),
                        _ => None,
                    };
                    assert_heads_stored(message, stored.as_ref(), "client");
                    if let Some(connection) = self.endpoints[index].connection {
                        self.upstream.push_back((connection, message.encode()));
                    }
                }
                ClientOutput::Store { document_id, chunk } => {
                    self.endpoints[index]
                        .storage
                        .entry(*document_id)
                        .or_default()
                        .push(chunk.clone());
                }
                ClientOutput::Close { .. } => {
                    if let Some(connection) = self.endpoints[index].connection.take() {
                        let outputs = self.connections[connection].close();
                        self.connection_outputs(connection, outputs);
                    }
                    self.endpoints[index].client.disconnected();
                }
                _ => {}
            }
            self.endpoints[index].events.push(output);
        }
    }
}

pub fn load(chunks: &[Vec<u8>]) -> Automerge {
    let mut doc = Automerge::new();
    for chunk in chunks {
        doc.load_incremental(chunk).unwrap();
    }
    doc
}

/// The durability contract: a sync message's heads are all in what its sender stored.
fn assert_heads_stored(message: &Message, stored: Option<&Automerge>, who: &str) {
    let (Message::Sync { data, .. } | Message::Request { data, .. }) = message else {
        return;
    };
    let heads = sync::Message::decode(data).unwrap().heads;
    for head in &heads {
        let stored = stored.is_some_and(|doc| doc.get_change_by_hash(head).is_some());
        assert!(stored, "{who} sent heads {head} before storing them");
    }
}

/// The heads of a client's copy of a document.
pub fn heads_of(network: &Network, index: usize, document_id: &DocumentId) -> Vec<ChangeHash> {
    network.endpoints[index]
        .client
        .doc(document_id)
        .map(Automerge::get_heads)
        .unwrap_or_default()
}
