//! The bare broadcast relay: the physical upper bound for this machine.
//!
//! It answers `join` with `peer`, and forwards every `sync` frame unchanged
//! to the other connections that named the same document. It never merges,
//! stores or answers for a document, so the load generator's echo mode sends
//! each change's bytes itself (see `load_client`), and a joining client gets
//! no history (S3 does not apply to it).

use std::{
    collections::HashMap,
    net::SocketAddr,
    sync::{Arc, Mutex, PoisonError},
};

use concord_sync::{DocumentId, Message, PROTOCOL_V1, PeerId, PeerMetadata};
use futures_util::{SinkExt, StreamExt};
use tokio::{
    net::{TcpListener, TcpStream},
    sync::mpsc,
};
use tokio_tungstenite::{accept_async_with_config, tungstenite};

type Outbox = mpsc::UnboundedSender<tungstenite::Message>;

/// Connections per document, by connection number.
#[derive(Default)]
struct Rooms {
    by_doc: HashMap<DocumentId, Vec<(u64, Outbox)>>,
}

pub struct EchoRelay {
    listener: TcpListener,
    rooms: Arc<Mutex<Rooms>>,
    relay_id: PeerId,
}

impl EchoRelay {
    pub async fn bind(addr: SocketAddr) -> std::io::Result<Self> {
        Ok(Self {
            listener: TcpListener::bind(addr).await?,
            rooms: Arc::default(),
            relay_id: "echo-relay".parse().expect("a non-empty peer id"),
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Accepts connections until the process ends.
    pub async fn serve(self) {
        let mut next_id = 0u64;
        loop {
            let Ok((stream, _)) = self.listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            next_id += 1;
            let rooms = Arc::clone(&self.rooms);
            let relay_id = self.relay_id.clone();
            tokio::spawn(serve_connection(stream, next_id, rooms, relay_id));
        }
    }
}

async fn serve_connection(stream: TcpStream, id: u64, rooms: Arc<Mutex<Rooms>>, relay_id: PeerId) {
    let Ok(socket) = accept_async_with_config(stream, Some(small_buffers())).await else {
        return;
    };
    let (mut sink, mut source) = socket.split();
    let (outbox, mut queued) = mpsc::unbounded_channel::<tungstenite::Message>();
    let writer = tokio::spawn(async move {
        while let Some(frame) = queued.recv().await {
            if sink.feed(frame).await.is_err() {
                return;
            }
            // Everything already queued goes out with one flush.
            while let Ok(more) = queued.try_recv() {
                if sink.feed(more).await.is_err() {
                    return;
                }
            }
            if sink.flush().await.is_err() {
                return;
            }
        }
    });
    let mut joined: Vec<DocumentId> = Vec::new();
    while let Some(Ok(frame)) = source.next().await {
        let tungstenite::Message::Binary(bytes) = &frame else {
            continue;
        };
        match Message::decode(bytes) {
            Ok(Message::Join { sender_id, .. }) => {
                let peer = Message::Peer {
                    sender_id: relay_id.clone(),
                    target_id: sender_id,
                    selected_protocol_version: PROTOCOL_V1.into(),
                    peer_metadata: PeerMetadata::default(),
                };
                let _ = outbox.send(tungstenite::Message::binary(peer.encode()));
            }
            Ok(Message::Request { document_id, .. }) => {
                join_room(&rooms, &mut joined, document_id, id, &outbox);
            }
            Ok(Message::Sync { document_id, .. }) => {
                join_room(&rooms, &mut joined, document_id, id, &outbox);
                forward(&rooms, document_id, id, &frame);
            }
            Ok(_) | Err(_) => {}
        }
    }
    let mut rooms = rooms.lock().unwrap_or_else(PoisonError::into_inner);
    for document_id in joined {
        if let Some(peers) = rooms.by_doc.get_mut(&document_id) {
            peers.retain(|(peer, _)| *peer != id);
            if peers.is_empty() {
                rooms.by_doc.remove(&document_id);
            }
        }
    }
    drop(rooms);
    writer.abort();
}

/// tungstenite reads through a zeroed 128 KiB buffer by default, which is most
/// of what an idle connection costs; automerge-repo frames of a hot room are
/// a few hundred bytes, and bigger ones are read in several steps.
pub fn small_buffers() -> tungstenite::protocol::WebSocketConfig {
    tungstenite::protocol::WebSocketConfig::default().read_buffer_size(4096)
}

fn join_room(
    rooms: &Mutex<Rooms>,
    joined: &mut Vec<DocumentId>,
    document_id: DocumentId,
    id: u64,
    outbox: &Outbox,
) {
    if joined.contains(&document_id) {
        return;
    }
    joined.push(document_id);
    let mut rooms = rooms.lock().unwrap_or_else(PoisonError::into_inner);
    rooms
        .by_doc
        .entry(document_id)
        .or_default()
        .push((id, outbox.clone()));
}

fn forward(rooms: &Mutex<Rooms>, document_id: DocumentId, from: u64, frame: &tungstenite::Message) {
    let rooms = rooms.lock().unwrap_or_else(PoisonError::into_inner);
    for (peer, outbox) in rooms.by_doc.get(&document_id).into_iter().flatten() {
        if *peer != from {
            // The payload is shared, not copied; a closed peer is dropped on its own exit.
            let _ = outbox.send(frame.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::time::timeout;
    use tokio_tungstenite::connect_async;

    use super::*;

    type Socket = tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >;

    async fn next_message(socket: &mut Socket) -> Message {
        loop {
            let frame = timeout(Duration::from_secs(5), socket.next())
                .await
                .expect("a frame in time")
                .expect("the socket stays open")
                .expect("a readable frame");
            if let tungstenite::Message::Binary(bytes) = frame {
                return Message::decode(&bytes).expect("an automerge-repo message");
            }
        }
    }

    async fn joined(url: &str, name: &str) -> Socket {
        let (mut socket, _) = connect_async(url).await.unwrap();
        let join = Message::Join {
            sender_id: name.parse().unwrap(),
            supported_protocol_versions: vec![PROTOCOL_V1.into()],
            peer_metadata: PeerMetadata::default(),
        };
        socket
            .send(tungstenite::Message::binary(join.encode()))
            .await
            .unwrap();
        match next_message(&mut socket).await {
            Message::Peer { target_id, .. } => assert_eq!(target_id.as_str(), name),
            other => panic!("expected peer, got {other:?}"),
        }
        socket
    }

    fn frame(kind: &str, from: &str, document_id: DocumentId, data: &[u8]) -> tungstenite::Message {
        let (sender_id, target_id) = (from.parse().unwrap(), "echo-relay".parse().unwrap());
        let data = data.to_vec();
        let message = match kind {
            "request" => Message::Request {
                sender_id,
                target_id,
                document_id,
                data,
            },
            _ => Message::Sync {
                sender_id,
                target_id,
                document_id,
                data,
            },
        };
        tungstenite::Message::binary(message.encode())
    }

    #[tokio::test]
    async fn a_sync_frame_reaches_the_other_client_of_its_document_only() {
        let relay = EchoRelay::bind("127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let url = format!("ws://{}", relay.local_addr().unwrap());
        tokio::spawn(relay.serve());
        let (doc, other_doc) = (DocumentId::new_v4([1; 16]), DocumentId::new_v4([2; 16]));

        let mut alice = joined(&url, "alice").await;
        let mut bob = joined(&url, "bob").await;
        let mut carol = joined(&url, "carol").await;
        bob.send(frame("request", "bob", doc, &[])).await.unwrap();
        carol
            .send(frame("request", "carol", other_doc, &[]))
            .await
            .unwrap();
        // A round trip through bob's own connection orders his request before alice's sync.
        bob.send(frame("sync", "bob", other_doc, b"ping"))
            .await
            .unwrap();
        assert!(
            matches!(next_message(&mut carol).await, Message::Sync { data, .. } if data == b"ping")
        );

        alice
            .send(frame("sync", "alice", doc, b"change"))
            .await
            .unwrap();
        match next_message(&mut bob).await {
            Message::Sync {
                sender_id,
                document_id,
                data,
                ..
            } => {
                assert_eq!(sender_id.as_str(), "alice");
                assert_eq!(document_id, doc);
                assert_eq!(data, b"change");
            }
            other => panic!("expected the forwarded sync, got {other:?}"),
        }
        // Carol is in another document, and alice does not hear herself.
        assert!(
            timeout(Duration::from_millis(200), carol.next())
                .await
                .is_err()
        );
        assert!(
            timeout(Duration::from_millis(200), alice.next())
                .await
                .is_err()
        );
    }
}
