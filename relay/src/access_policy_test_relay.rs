//! A relay without sockets: one room and one engine `Connection` per
//! client, wired as the relay wires them. Every message goes through the
//! connection (handshake, sender check, `Policy::admit`) before a room sees
//! it, and a room's refusal closes the connection, so the matrix sees
//! exactly what a client would.

use std::{
    collections::{BTreeMap, VecDeque},
    sync::Arc,
};

use automerge::{
    AutoCommit, Automerge, ChangeHash,
    sync::{self, SyncDoc},
};
use concord_sync::{
    DocumentId, Message, PROTOCOL_V1, PeerId, PeerMetadata,
    engine::{
        Limits,
        hub::{Connection, ConnectionOutput, Room, RoomInput, RoomOutput},
    },
};

use crate::access_policy::AccessPolicy;

/// One client of the relay: its connection, its replica and what it heard.
pub struct MatrixPeer {
    connection: Connection,
    /// The client's replica; it edits nothing once connected.
    doc: Automerge,
    state: sync::State,
    /// Every message the relay sent this client after its handshake, in order.
    pub heard: Vec<Message>,
    /// Why the connection closed, once it did.
    pub closed: Option<String>,
}

impl MatrixPeer {
    /// Sync messages and ephemeral messages heard from `from` on:
    /// anything of the document that reached this client.
    pub fn learned_since(&self, from: usize) -> Vec<&Message> {
        self.heard[from..]
            .iter()
            .filter(|m| matches!(m, Message::Sync { .. } | Message::Ephemeral { .. }))
            .collect()
    }

    pub fn was_told_unavailable_since(&self, from: usize) -> bool {
        self.heard[from..]
            .iter()
            .any(|m| matches!(m, Message::DocUnavailable { .. }))
    }

    pub fn heads(&self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }
}

enum Work {
    FromConnection(PeerId, ConnectionOutput),
    FromRoom(RoomOutput),
}

/// One room and the connections of its clients, carried out as the relay does.
pub struct InMemoryRelay {
    relay: PeerId,
    room: Room,
    clients: BTreeMap<PeerId, MatrixPeer>,
}

impl InMemoryRelay {
    /// A relay holding `stored` as `document_id`, or, with `None`, a relay
    /// that has never seen it.
    pub fn new(policy: &Arc<AccessPolicy>, document_id: DocumentId, stored: Option<&[u8]>) -> Self {
        let relay: PeerId = "relay".parse().unwrap();
        let mut room = Room::new(
            document_id,
            relay.clone(),
            Limits::default(),
            policy.clone(),
        );
        let loaded = match stored {
            Some(bytes) => RoomInput::Loaded {
                chunks: vec![bytes.to_vec()],
            },
            None => RoomInput::NotFound,
        };
        assert!(room.handle(loaded).is_empty());
        Self {
            relay,
            room,
            clients: BTreeMap::new(),
        }
    }

    /// The document as the relay holds it.
    pub fn doc(&self) -> &Automerge {
        self.room.doc()
    }

    pub fn client(&self, peer: &PeerId) -> &MatrixPeer {
        &self.clients[peer]
    }

    /// A new connection from `peer`, holding `doc`, past its handshake.
    pub fn connect(&mut self, peer: &PeerId, mut doc: AutoCommit, policy: &Arc<AccessPolicy>) {
        let mut connection = Connection::new(
            self.relay.clone(),
            "store".parse().unwrap(),
            Limits::default(),
            policy.clone(),
        );
        let join = Message::Join {
            sender_id: peer.clone(),
            supported_protocol_versions: vec![PROTOCOL_V1.into()],
            peer_metadata: PeerMetadata::default(),
        };
        let answer = connection.receive(&join.encode());
        assert!(
            matches!(
                answer.as_slice(),
                [ConnectionOutput::Send(Message::Peer { .. })]
            ),
            "{peer} joins: {answer:?}"
        );
        let client = MatrixPeer {
            connection,
            doc: Automerge::load(&doc.save()).unwrap(),
            state: sync::State::new(),
            heard: Vec::new(),
            closed: None,
        };
        self.clients.insert(peer.clone(), client);
    }

    /// Syncs `peer` with the relay until neither has more to say or the
    /// connection closed. A client without the document starts with a
    /// `request`, as automerge-repo does.
    pub fn sync(&mut self, peer: &PeerId) {
        for _ in 0..20 {
            let client = self.clients.get_mut(peer).unwrap();
            if client.closed.is_some() {
                return;
            }
            let heard = client.heard.len();
            let data = client
                .doc
                .generate_sync_message(&mut client.state)
                .map(sync::Message::encode);
            let spoke = data.is_some();
            if let Some(data) = data {
                let message = self.sync_message(peer, data);
                self.send(peer, message);
            }
            self.tick();
            if !spoke && self.clients[peer].heard.len() == heard {
                return;
            }
        }
        panic!("{peer} and the relay never fell quiet");
    }

    fn sync_message(&self, peer: &PeerId, data: Vec<u8>) -> Message {
        Message::document_sync(
            peer.clone(),
            self.relay.clone(),
            self.room.document_id(),
            data,
            self.clients[peer].doc.get_heads().is_empty(),
        )
    }

    /// Presence data from `peer` about the room's document.
    pub fn send_ephemeral(&mut self, peer: &PeerId, data: &[u8]) {
        let message = Message::Ephemeral {
            sender_id: peer.clone(),
            target_id: self.relay.clone(),
            document_id: self.room.document_id(),
            session_id: "session".into(),
            count: 1,
            data: data.to_vec(),
        };
        self.send(peer, message);
        self.tick();
    }

    /// One frame from `peer`, through its connection, and all that follows.
    pub fn send(&mut self, peer: &PeerId, message: Message) {
        let outputs = self
            .clients
            .get_mut(peer)
            .unwrap()
            .connection
            .receive(&message.encode());
        let work = outputs
            .into_iter()
            .map(|output| Work::FromConnection(peer.clone(), output));
        self.carry(work.collect());
    }

    fn tick(&mut self) {
        let outputs = self.room.tick();
        self.carry(outputs.into_iter().map(Work::FromRoom).collect());
    }

    fn carry(&mut self, mut work: VecDeque<Work>) {
        while let Some(next) = work.pop_front() {
            match next {
                Work::FromConnection(peer, ConnectionOutput::Send(message)) => {
                    self.deliver(&peer, message)
                }
                Work::FromConnection(_, ConnectionOutput::Route { document_id, input }) => {
                    assert_eq!(document_id, self.room.document_id(), "one room only");
                    work.extend(self.room.handle(input).into_iter().map(Work::FromRoom));
                }
                Work::FromConnection(peer, ConnectionOutput::Close { reason }) => {
                    self.clients.get_mut(&peer).unwrap().closed = Some(reason);
                }
                // The relay drops what is addressed to a closed connection.
                Work::FromRoom(RoomOutput::Send { to, message }) => {
                    if self.clients[&to].closed.is_none() {
                        self.deliver(&to, message);
                    }
                }
                Work::FromRoom(RoomOutput::Refused {
                    peer,
                    document_id,
                    reason,
                }) => {
                    let client = self.clients.get_mut(&peer).unwrap();
                    let outputs = client.connection.refused(&document_id, &reason);
                    work.extend(
                        outputs
                            .into_iter()
                            .map(|output| Work::FromConnection(peer.clone(), output)),
                    );
                }
                Work::FromRoom(RoomOutput::Store { .. } | RoomOutput::Compact { .. }) => {}
                Work::FromRoom(RoomOutput::Failed { reason }) => {
                    panic!("the room failed: {reason}")
                }
            }
        }
    }

    fn deliver(&mut self, to: &PeerId, message: Message) {
        let client = self.clients.get_mut(to).unwrap();
        if let Message::Sync { data, .. } = &message {
            let decoded = sync::Message::decode(data).unwrap();
            client
                .doc
                .receive_sync_message(&mut client.state, decoded)
                .unwrap();
        }
        client.heard.push(message);
    }
}
