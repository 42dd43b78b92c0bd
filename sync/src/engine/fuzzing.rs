//! The fuzz driver (`sync/fuzz`, target `frame`), kept in the crate so that
//! every input the fuzzer ever crashed on replays as an ordinary test.
//!
//! One relay connection and its rooms are wired to one client, and the
//! client's real handshake runs first; then the input injects frames into
//! either side. Each injected frame is followed by a tick and a bounded number
//! of exchanges, so the fuzzer reaches deep states (joined, documents open,
//! sync in progress) and not only the decoder.

use std::{collections::BTreeMap, sync::Arc};

use automerge::{ActorId, Automerge, ROOT, transaction::CommitOptions, transaction::Transactable};

use super::{
    AllowAll, Limits,
    client::{Client, ClientOutput},
    hub::{Connection, ConnectionOutput, Room, RoomInput, RoomOutput},
};
use crate::{DocumentId, Message, PeerId, PeerMetadata};

/// Exchanges between the two sides after each injected frame: enough for
/// a sync round trip or three, few enough to keep every run short.
const MAX_EXCHANGES: usize = 64;

/// Documents the driver knows: one the relay has stored, one the client
/// creates, one nobody has, and one past the connection's limit.
const STORED: DocumentId = DocumentId::from_bytes([1; 16]);
const CREATED: DocumentId = DocumentId::from_bytes([2; 16]);
const MISSING: DocumentId = DocumentId::from_bytes([3; 16]);
const ONE_TOO_MANY: DocumentId = DocumentId::from_bytes([4; 16]);

/// Runs one fuzz input. Never panics unless the engine does.
///
/// Input: a sequence of `[kind, len_lo, len_hi, bytes…]` records (a short
/// last record takes what is left). `kind % 4`: 0 a raw frame to the relay,
/// 1 sync data the client "sends" about a document, 2 a raw frame to the
/// client, 3 sync data the relay "sends"; `kind / 4 % 4` picks the document.
pub fn drive(data: &[u8]) {
    let mut world = World::new();
    let mut rest = data;
    while let [kind, lo, hi, tail @ ..] = rest {
        let len = usize::from(u16::from_le_bytes([*lo, *hi])).min(tail.len());
        let (bytes, next) = tail.split_at(len);
        rest = next;
        world.inject(*kind, bytes);
    }
}

struct World {
    relay_id: PeerId,
    client_id: PeerId,
    connection: Connection,
    rooms: BTreeMap<DocumentId, Room>,
    stored: Vec<u8>,
    client: Client,
    /// Frames in flight: `true` towards the relay.
    queue: Vec<(bool, Vec<u8>)>,
    /// Every frame delivered, when recording seeds.
    recorded: Option<Vec<(bool, Vec<u8>)>>,
}

impl World {
    fn new() -> Self {
        Self::recording(false)
    }

    /// A world after the client's handshake and first syncs, which it keeps
    /// the frames of if `record`.
    fn recording(record: bool) -> Self {
        let relay_id: PeerId = "relay".parse().unwrap_or_else(|_| unreachable!());
        let client_id: PeerId = "peer-fuzz".parse().unwrap_or_else(|_| unreachable!());
        let limits = Limits {
            max_documents_per_connection: 3,
            max_document_bytes: 1 << 16,
            max_frame_bytes: 1 << 16,
        };
        let connection = Connection::new(
            relay_id.clone(),
            "relay-storage".parse().unwrap_or_else(|_| unreachable!()),
            limits,
            Arc::new(AllowAll),
        );
        let client = Client::new(client_id.clone(), PeerMetadata::default());
        let mut world = Self {
            relay_id,
            client_id,
            connection,
            rooms: BTreeMap::new(),
            stored: small_doc(b"relay-actor", "stored").save(),
            client,
            queue: Vec::new(),
            recorded: record.then(Vec::new),
        };
        let join = world.client.connect();
        world.client_outputs(join);
        world.client.find(STORED);
        world.client.find(MISSING);
        world
            .client
            .create(CREATED, small_doc(b"client-actor", "created"));
        world.exchange();
        world
    }

    fn inject(&mut self, kind: u8, bytes: &[u8]) {
        let document_id = [STORED, CREATED, MISSING, ONE_TOO_MANY][usize::from(kind / 4 % 4)];
        match kind % 4 {
            0 => self.queue.push((true, bytes.to_vec())),
            1 => {
                let message = Message::Sync {
                    sender_id: self.client_id.clone(),
                    target_id: self.relay_id.clone(),
                    document_id,
                    data: bytes.to_vec(),
                };
                self.queue.push((true, message.encode()));
            }
            2 => self.queue.push((false, bytes.to_vec())),
            _ => {
                let message = Message::Sync {
                    sender_id: self.relay_id.clone(),
                    target_id: self.client_id.clone(),
                    document_id,
                    data: bytes.to_vec(),
                };
                self.queue.push((false, message.encode()));
            }
        }
        self.exchange();
    }

    fn exchange(&mut self) {
        for _ in 0..MAX_EXCHANGES {
            if self.queue.is_empty() {
                self.tick();
                if self.queue.is_empty() {
                    return;
                }
            }
            let (to_relay, frame) = self.queue.remove(0);
            if let Some(recorded) = &mut self.recorded {
                recorded.push((to_relay, frame.clone()));
            }
            if to_relay {
                let outputs = self.connection.receive(&frame);
                self.connection_outputs(outputs);
            } else {
                let outputs = self.client.receive(&frame);
                self.client_outputs(outputs);
            }
        }
    }

    fn tick(&mut self) {
        let ids: Vec<DocumentId> = self.rooms.keys().copied().collect();
        for document_id in ids {
            if let Some(room) = self.rooms.get_mut(&document_id) {
                let outputs = room.tick();
                self.room_outputs(outputs);
            }
        }
        let outputs = self.client.tick();
        self.client_outputs(outputs);
    }

    fn connection_outputs(&mut self, outputs: Vec<ConnectionOutput>) {
        for output in outputs {
            match output {
                ConnectionOutput::Send(message) => self.queue.push((false, message.encode())),
                ConnectionOutput::Route { document_id, input } => self.route(document_id, input),
                ConnectionOutput::Close { .. } => self.client.disconnected(),
            }
        }
    }

    fn route(&mut self, document_id: DocumentId, input: RoomInput) {
        let outputs = match self.rooms.get_mut(&document_id) {
            Some(room) => room.handle(input),
            None => {
                let mut room = Room::new(
                    document_id,
                    self.relay_id.clone(),
                    Limits::default(),
                    Arc::new(AllowAll),
                );
                let mut outputs = room.handle(input);
                let answer = if document_id == STORED {
                    RoomInput::Loaded {
                        chunks: vec![self.stored.clone()],
                    }
                } else {
                    RoomInput::NotFound
                };
                outputs.extend(room.handle(answer));
                self.rooms.insert(document_id, room);
                outputs
            }
        };
        self.room_outputs(outputs);
    }

    fn room_outputs(&mut self, outputs: Vec<RoomOutput>) {
        for output in outputs {
            match output {
                RoomOutput::Send { to, message } if to == self.client_id => {
                    self.queue.push((false, message.encode()));
                }
                RoomOutput::Refused {
                    document_id,
                    reason,
                    ..
                } => {
                    let outputs = self.connection.refused(&document_id, &reason);
                    self.connection_outputs(outputs);
                }
                RoomOutput::Store { .. }
                | RoomOutput::Compact { .. }
                | RoomOutput::Send { .. }
                | RoomOutput::Failed { .. } => {}
            }
        }
    }

    fn client_outputs(&mut self, outputs: Vec<ClientOutput>) {
        for output in outputs {
            match output {
                ClientOutput::Send(message) => self.queue.push((true, message.encode())),
                ClientOutput::Close { .. } => {
                    let outputs = self.connection.close();
                    self.connection_outputs(outputs);
                }
                ClientOutput::Store { .. }
                | ClientOutput::DocChanged { .. }
                | ClientOutput::DocUnavailable { .. }
                | ClientOutput::RelayHeads { .. }
                | ClientOutput::Refused { .. } => {}
            }
        }
    }
}

/// A one-change document with a fixed actor and time, so runs are repeatable.
fn small_doc(actor: &[u8], value: &str) -> Automerge {
    let mut doc = Automerge::new().with_actor(ActorId::from(actor));
    let mut tx = doc.transaction();
    // A failure here would be automerge's bug on constant input, not the fuzzer's find.
    let _ = tx.put(ROOT, "title", value);
    tx.commit_with(CommitOptions::default().with_time(0));
    doc
}

/// Starting points for the fuzzer: the frames of a real session (a stored
/// document found, one created, one missing, then edits), each alone and all
/// together, in the input format of [`drive`].
pub fn seed_inputs() -> Vec<Vec<u8>> {
    let mut world = World::recording(true);
    let mut doc = world
        .client
        .doc(&STORED)
        .cloned()
        .unwrap_or_default()
        .with_actor(ActorId::from(&b"seed-actor"[..]));
    let mut tx = doc.transaction();
    let _ = tx.put(ROOT, "edited", "yes");
    tx.commit_with(CommitOptions::default().with_time(0));
    if let Some(mine) = world.client.doc_mut(&STORED) {
        let _ = mine.merge(&mut doc);
    }
    world.exchange();
    let frames = world.recorded.take().unwrap_or_default();
    let mut seeds = Vec::new();
    let mut all = Vec::new();
    for (to_relay, frame) in frames {
        let mut records = vec![record(if to_relay { 0 } else { 2 }, &frame)];
        if let Ok(Message::Sync {
            document_id, data, ..
        }) = Message::decode(&frame)
        {
            let doc_kind = [STORED, CREATED, MISSING, ONE_TOO_MANY]
                .iter()
                .position(|d| *d == document_id)
                .unwrap_or(0) as u8;
            records.push(record(doc_kind * 4 + if to_relay { 1 } else { 3 }, &data));
        }
        for r in records {
            all.extend_from_slice(&r);
            seeds.push(r);
        }
    }
    seeds.push(all);
    seeds
}

fn record(kind: u8, bytes: &[u8]) -> Vec<u8> {
    let len = u16::try_from(bytes.len()).unwrap_or(u16::MAX);
    let mut out = vec![kind];
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&bytes[..usize::from(len)]);
    out
}

// An input the fuzzer crashes on becomes a test below: its bytes as a
// constant, passed to `drive`, named after what it found.
#[cfg(test)]
mod tests {
    use super::*;
    use automerge::ReadDoc;

    /// Fuzz crash 77369d13 (second run): the relay "sent" a sync message
    /// whose bloom filter has entries but zero bits per entry; automerge
    /// accepted it and divided by zero in the next `generate_sync_message`.
    /// Fixed by `decode_sync_message` refusing unusable filters.
    const CRASH_BLOOM_WITHOUT_BITS: &[u8] = &[
        0x03, 0xac, 0x00, 0x43, 0x01, 0x5e, 0x4c, 0x7a, 0x74, 0x0a, 0xc8, 0x38, 0xf8, 0xce, 0x8d,
        0x31, 0x86, 0x12, 0xe1, 0x4b, 0x57, 0xb9, 0x89, 0x30, 0xbe, 0x10, 0x56, 0xea, 0x62, 0x90,
        0x5c, 0x60, 0x42, 0x15, 0xa4, 0x7c, 0x80, 0x00, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x07, 0x55, 0x45, 0x01, 0x7c, 0x85, 0x6f, 0x4a, 0x83,
        0x44, 0xcc, 0x80, 0xfe, 0x00, 0x72, 0x01, 0x0b, 0x72, 0x65, 0x6c, 0x61, 0x79, 0x2d, 0x61,
        0x63, 0x74, 0x6f, 0x72, 0x01, 0x5e, 0x4c, 0x5a, 0x74, 0x0a, 0xc8, 0xf8, 0x02, 0x60, 0x00,
        0xa4, 0x64, 0x74, 0x79, 0x63, 0x64, 0x6f, 0x06, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x56,
        0x57, 0xb9, 0x89, 0x30, 0xbe, 0x10, 0x56, 0xea, 0x62, 0x90, 0x5c, 0x60, 0x42, 0x15, 0xa4,
        0x7c, 0x80, 0x06, 0x01, 0x02, 0x03, 0x43, 0x01, 0xc1, 0x42, 0x02, 0x56, 0x02, 0x57, 0x06,
        0x80, 0x01, 0x02, 0x7f, 0x00, 0x7f, 0x01, 0x7f, 0x01, 0x6f, 0x6f, 0x65, 0x2d, 0x75, 0x6e,
        0x61, 0x76, 0x61, 0x69, 0x6c, 0x61, 0x62, 0x6c, 0x65, 0x68, 0x73, 0x65, 0x40, 0x6e, 0x64,
        0x65, 0x72, 0x49, 0x64, 0x65, 0x72, 0x65, 0x6c, 0x7f, 0x00, 0x56, 0x02, 0x57, 0x06, 0x80,
        0x01, 0x7f, 0x00, 0x7f, 0x07, 0x7f, 0x05, 0x74, 0x69, 0x74, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0x01, 0x0a, 0x7f, 0x65, 0x73, 0x61, 0x79, 0x68, 0x74, 0x61, 0x72, 0x67,
        0x7f, 0x50, 0x46, 0x00, 0x00, 0x02, 0x02, 0x84,
    ];

    #[test]
    fn crash_bloom_without_bits() {
        drive(CRASH_BLOOM_WITHOUT_BITS);
    }

    #[test]
    fn the_driver_reaches_a_synced_client() {
        let world = World::new();
        let doc = world.client.doc(&STORED).expect("the client found it");
        let (value, _) = doc.get(ROOT, "title").unwrap().unwrap();
        assert_eq!(value.into_string().ok().as_deref(), Some("stored"));
        assert!(
            world.rooms.contains_key(&CREATED),
            "the created document reached the relay"
        );
    }

    #[test]
    fn seeds_replay_cleanly() {
        let seeds = seed_inputs();
        assert!(seeds.len() > 10, "{} seeds", seeds.len());
        for seed in &seeds {
            drive(seed);
        }
    }

    /// Writes the seeds for `cargo fuzz run frame` into `$FUZZ_SEEDS_DIR`.
    #[test]
    #[ignore = "writes files; run when seeding the fuzz corpus"]
    fn write_fuzz_seeds() {
        let dir = std::env::var("FUZZ_SEEDS_DIR").expect("FUZZ_SEEDS_DIR");
        for (i, seed) in seed_inputs().iter().enumerate() {
            std::fs::write(format!("{dir}/seed-{i:03}"), seed).unwrap();
        }
    }

    #[test]
    fn garbage_of_every_kind_is_survived() {
        let mut input = Vec::new();
        for kind in 0..16u8 {
            input.extend([kind, 5, 0, 0x42, 0xff, 0x00, 0xa1, 0x61]);
        }
        drive(&input);
    }
}
