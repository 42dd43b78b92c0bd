//! One relay room and N peers exchanging edits one at a time, every input
//! ticked on its own (a relay that keeps up), with no sockets or clock: a
//! deterministic load to profile the room under, e.g.
//! `valgrind --tool=callgrind target/release/examples/room_load 20 100`.

use std::{collections::VecDeque, sync::Arc};

use automerge::{
    Automerge, ROOT,
    sync::{self, SyncDoc},
    transaction::Transactable,
};
use concord_sync::{
    DocumentId, Message, PeerId,
    engine::{
        AllowAll, Limits,
        hub::{Room, RoomInput, RoomOutput},
    },
};

struct Peer {
    id: PeerId,
    doc: Automerge,
    state: sync::State,
}

impl Peer {
    fn message(&mut self) -> Option<RoomInput> {
        let data = self.doc.generate_sync_message(&mut self.state)?.encode();
        let peer = self.id.clone();
        Some(if self.doc.get_heads().is_empty() {
            RoomInput::Request { peer, data }
        } else {
            RoomInput::Sync { peer, data }
        })
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let peers: usize = args.next().map_or(Ok(20), |n| n.parse())?;
    let changes: usize = args.next().map_or(Ok(100), |n| n.parse())?;
    let relay: PeerId = "relay".parse()?;
    let mut room = Room::new(
        DocumentId::from_bytes([7; 16]),
        relay,
        Limits::default(),
        Arc::new(AllowAll),
    );
    room.handle(RoomInput::NotFound);
    let mut peers: Vec<Peer> = (0..peers)
        .map(|i| {
            Ok(Peer {
                id: format!("peer{i}").parse()?,
                doc: Automerge::new(),
                state: sync::State::new(),
            })
        })
        .collect::<Result<_, Box<dyn std::error::Error>>>()?;
    let mut tx = peers[0].doc.transaction();
    tx.put(ROOT, "seed", 0)?;
    tx.commit();
    let mut inputs: VecDeque<RoomInput> = peers.iter_mut().filter_map(Peer::message).collect();
    let mut delivered = 0u64;
    // Sync payload bytes and messages each way (the envelope aside).
    let (mut sent, mut sent_bytes, mut heard, mut heard_bytes) = (0u64, 0usize, 0u64, 0usize);
    let mut settle = |room: &mut Room,
                      peers: &mut [Peer],
                      inputs: &mut VecDeque<RoomInput>|
     -> Result<(), Box<dyn std::error::Error>> {
        while let Some(input) = inputs.pop_front() {
            if let RoomInput::Sync { data, .. } | RoomInput::Request { data, .. } = &input {
                heard += 1;
                heard_bytes += data.len();
            }
            let mut outputs = room.handle(input);
            outputs.extend(room.tick());
            for output in outputs {
                let RoomOutput::Send {
                    to,
                    message: Message::Sync { data, .. },
                } = output
                else {
                    continue;
                };
                let Some(peer) = peers.iter_mut().find(|p| p.id == to) else {
                    continue;
                };
                sent += 1;
                sent_bytes += data.len();
                let message = sync::Message::decode(&data)?;
                delivered += u64::from(!message.changes.is_empty());
                peer.doc.receive_sync_message(&mut peer.state, message)?;
                inputs.extend(peer.message());
            }
        }
        Ok(())
    };
    settle(&mut room, &mut peers, &mut inputs)?;
    let count = peers.len();
    for n in 0..changes {
        let author = &mut peers[n % count];
        let mut tx = author.doc.transaction();
        tx.put(ROOT, format!("k{}", n % 50), n as i64)?;
        tx.commit();
        inputs.extend(author.message());
        settle(&mut room, &mut peers, &mut inputs)?;
    }
    let heads = room.doc().get_heads();
    let converged = peers.iter().all(|p| p.doc.get_heads() == heads);
    println!(
        "{count} peers, {changes} changes, {delivered} messages with changes delivered, converged: {converged}"
    );
    println!(
        "to peers: {sent} messages, {sent_bytes} bytes; from peers: {heard} messages, {heard_bytes} bytes"
    );
    if !converged {
        return Err("peers did not converge".into());
    }
    Ok(())
}
