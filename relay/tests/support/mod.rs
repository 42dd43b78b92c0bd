//! Shared by the `/sync` tests: an in-process relay on port 0 and raw
//! websocket clients speaking automerge-repo's protocol.
#![allow(dead_code)] // each test binary uses its own part

pub mod counter;
pub mod deployment;
pub mod http;
pub mod instances;
pub mod plain_doc;
pub mod relay_process;
pub mod sync_client;
pub mod workspace;

use std::{net::SocketAddr, time::Duration};

use concord_relay::{Config, Relay, SyncLimits};
use concord_sync::{Message, PROTOCOL_V1, PeerId, PeerMetadata};
use futures_util::{SinkExt as _, StreamExt as _};
use tokio::{net::TcpStream, sync::oneshot};
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream, connect_async,
    tungstenite::{self, protocol::frame::coding::CloseCode},
};

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub const WAIT: Duration = Duration::from_secs(10);

pub struct TestRelay {
    pub addr: SocketAddr,
    _stop: oneshot::Sender<()>,
    pub tmp: tempfile::TempDir,
}

/// A relay with `--open-sync`: plain Automerge documents, no accounts.
pub async fn start_relay(limits: SyncLimits) -> TestRelay {
    start_one(limits, true).await.0
}

/// A relay as it runs for real: `/sync` needs a session, access is checked.
/// Also gives the first admin's setup secret.
pub async fn start_guarded_relay() -> (TestRelay, String) {
    let (relay, link) = start_one(SyncLimits::default(), false).await;
    let secret = link
        .and_then(|link| link.split_once('#').map(|(_, secret)| secret.to_owned()))
        .expect("a new relay offers setup");
    (relay, secret)
}

/// One relay on SQLite in a data directory of its own, with `limits`, and
/// the first admin's setup link when it checks access.
pub async fn start_one(limits: SyncLimits, open_sync: bool) -> (TestRelay, Option<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        data: tmp.path().join("data"),
        database_url: None,
        broker_url: None,
        app_dir: tmp.path().join("app"),
        secure_cookies: false,
        open_sync,
        max_file_bytes: concord_relay::DEFAULT_MAX_FILE_BYTES,
        limits,
    };
    let relay = Relay::bind(&config).await.unwrap();
    let link = relay.setup_link();
    let addr = relay.local_addr();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(relay.serve(async {
        let _ = stopped.await;
    }));
    (
        TestRelay {
            addr,
            _stop: stop,
            tmp,
        },
        link,
    )
}

pub async fn connect(addr: SocketAddr) -> Socket {
    let (socket, _) = connect_async(format!("ws://{addr}/sync")).await.unwrap();
    socket
}

/// Opens `/sync` with a session cookie; the HTTP status if the upgrade is refused.
pub async fn connect_with(addr: SocketAddr, cookie: Option<&str>) -> Result<Socket, u16> {
    use tungstenite::client::IntoClientRequest as _;
    let mut request = format!("ws://{addr}/sync").into_client_request().unwrap();
    if let Some(cookie) = cookie {
        request.headers_mut().insert(
            "cookie",
            format!("concord_session={cookie}").parse().unwrap(),
        );
    }
    match connect_async(request).await {
        Ok((socket, _)) => Ok(socket),
        Err(tungstenite::Error::Http(response)) => Err(response.status().as_u16()),
        Err(other) => panic!("the upgrade failed without an answer: {other}"),
    }
}

pub fn peer(name: &str) -> PeerId {
    name.parse().unwrap()
}

pub async fn send(socket: &mut Socket, message: &Message) {
    socket
        .send(tungstenite::Message::binary(message.encode()))
        .await
        .unwrap();
}

/// The next protocol message; panics on a close or after [`WAIT`].
pub async fn receive(socket: &mut Socket) -> Message {
    loop {
        let next = tokio::time::timeout(WAIT, socket.next())
            .await
            .expect("a message in time")
            .expect("the connection is open")
            .expect("a readable frame");
        match next {
            tungstenite::Message::Binary(bytes) => return Message::decode(&bytes).unwrap(),
            tungstenite::Message::Ping(_) | tungstenite::Message::Pong(_) => {}
            other => panic!("expected a binary frame, got {other:?}"),
        }
    }
}

/// Joins as `name` and returns the relay's peer id from its `peer` answer.
pub async fn join(socket: &mut Socket, name: &str) -> PeerId {
    send(
        socket,
        &Message::Join {
            sender_id: peer(name),
            supported_protocol_versions: vec![PROTOCOL_V1.into()],
            peer_metadata: PeerMetadata {
                storage_id: None,
                is_ephemeral: false,
            },
        },
    )
    .await;
    match receive(socket).await {
        Message::Peer {
            sender_id,
            target_id,
            selected_protocol_version,
            ..
        } => {
            assert_eq!(target_id, peer(name));
            assert_eq!(selected_protocol_version, PROTOCOL_V1);
            sender_id
        }
        other => panic!("expected peer, got {other:?}"),
    }
}

/// Reads until the relay closes; its close code and reason. Protocol
/// messages sent before the close are skipped.
pub async fn closed(socket: &mut Socket) -> (u16, String) {
    loop {
        let next = tokio::time::timeout(WAIT, socket.next())
            .await
            .expect("closed in time");
        match next {
            Some(Ok(tungstenite::Message::Close(Some(frame)))) => {
                return (u16::from(frame.code), frame.reason.to_string());
            }
            Some(Ok(tungstenite::Message::Close(None))) => return (1005, String::new()),
            Some(Ok(_)) => {}
            Some(Err(error)) => panic!("the connection broke instead of closing: {error}"),
            None => panic!("the connection ended without a close frame"),
        }
    }
}

pub fn code(code: CloseCode) -> u16 {
    u16::from(code)
}
