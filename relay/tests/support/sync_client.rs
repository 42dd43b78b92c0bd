//! The engine's `Client` over a real websocket: how the tests play a browser.

use std::{collections::HashMap, net::SocketAddr, time::Duration};

use automerge::ChangeHash;
use concord_sync::{
    DocumentId, PeerMetadata, RefusalNotice,
    engine::client::{Client, ClientOutput},
};
use futures_util::{SinkExt as _, StreamExt as _};
use tokio_tungstenite::{connect_async, tungstenite};

use super::Socket;

/// The connection broke (the relay went away).
#[derive(Debug)]
pub struct Disconnected;

pub struct SyncClient {
    pub client: Client,
    socket: Option<Socket>,
    /// The relay's latest heads per document: every change in them is durable there.
    pub relay_heads: HashMap<DocumentId, Vec<ChangeHash>>,
    pub unavailable: Vec<DocumentId>,
    /// What the relay refused, as its `error` frames said it.
    pub refused: Vec<(DocumentId, RefusalNotice)>,
    pub closed_with: Option<String>,
    /// Every binary frame received so far, for tests that count deliveries
    /// the client itself does not report (presence).
    pub frames_received: usize,
}

impl SyncClient {
    pub fn new(name: &str) -> Self {
        Self {
            client: Client::new(name.parse().unwrap(), PeerMetadata::default()),
            socket: None,
            relay_heads: HashMap::new(),
            unavailable: Vec::new(),
            refused: Vec::new(),
            closed_with: None,
            frames_received: 0,
        }
    }

    /// Opens a websocket to `addr` and waits for the handshake.
    pub async fn connect(&mut self, addr: SocketAddr) -> Result<(), Disconnected> {
        self.client.disconnected();
        let (socket, _) = connect_async(format!("ws://{addr}/sync"))
            .await
            .map_err(|_| Disconnected)?;
        self.start(socket).await
    }

    /// As `connect`, signed in with a session cookie.
    pub async fn connect_as(&mut self, addr: SocketAddr, cookie: &str) -> Result<(), Disconnected> {
        self.client.disconnected();
        let socket = super::connect_with(addr, Some(cookie))
            .await
            .map_err(|_| Disconnected)?;
        self.start(socket).await
    }

    async fn start(&mut self, socket: Socket) -> Result<(), Disconnected> {
        self.socket = Some(socket);
        self.closed_with = None;
        let outputs = self.client.connect();
        self.carry_out(outputs).await?;
        let deadline = tokio::time::Instant::now() + super::WAIT;
        while self.client.relay_id().is_none() {
            if tokio::time::Instant::now() > deadline {
                return Err(Disconnected);
            }
            self.receive_for(Duration::from_millis(50)).await?;
        }
        Ok(())
    }

    /// Sends a message the engine's client would not send by itself.
    pub async fn send_raw(&mut self, message: &concord_sync::Message) -> Result<(), Disconnected> {
        let socket = self.socket.as_mut().ok_or(Disconnected)?;
        socket
            .send(tungstenite::Message::binary(message.encode()))
            .await
            .map_err(|_| Disconnected)
    }

    /// Gives up the websocket, for tests that read it as raw frames.
    pub fn take_socket(&mut self) -> Option<Socket> {
        self.socket.take()
    }

    /// Sends what the client has to send (changes, sync answers).
    pub async fn flush(&mut self) -> Result<(), Disconnected> {
        let outputs = self.client.tick();
        self.carry_out(outputs).await
    }

    /// Handles frames arriving within `wait` (and answers them).
    pub async fn receive_for(&mut self, wait: Duration) -> Result<(), Disconnected> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let socket = self.socket.as_mut().ok_or(Disconnected)?;
            let next = match tokio::time::timeout_at(deadline, socket.next()).await {
                Err(_) => return Ok(()),
                Ok(next) => next,
            };
            match next {
                Some(Ok(tungstenite::Message::Binary(frame))) => {
                    self.frames_received += 1;
                    let outputs = self.client.receive(&frame);
                    self.carry_out(outputs).await?;
                    self.flush().await?;
                }
                Some(Ok(tungstenite::Message::Close(frame))) => {
                    self.closed_with = Some(
                        frame
                            .map(|f| format!("{} {}", u16::from(f.code), f.reason))
                            .unwrap_or_default(),
                    );
                    self.socket = None;
                    return Err(Disconnected);
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => {
                    self.socket = None;
                    return Err(Disconnected);
                }
            }
        }
    }

    /// Receives until `done` holds; `false` after [`super::WAIT`].
    pub async fn until(
        &mut self,
        mut done: impl FnMut(&mut Self) -> bool,
    ) -> Result<bool, Disconnected> {
        let deadline = tokio::time::Instant::now() + super::WAIT;
        self.flush().await?;
        while !done(self) {
            if tokio::time::Instant::now() > deadline {
                return Ok(false);
            }
            self.receive_for(Duration::from_millis(20)).await?;
        }
        Ok(true)
    }

    async fn carry_out(&mut self, outputs: Vec<ClientOutput>) -> Result<(), Disconnected> {
        for output in outputs {
            match output {
                ClientOutput::Send(message) => {
                    let socket = self.socket.as_mut().ok_or(Disconnected)?;
                    socket
                        .send(tungstenite::Message::binary(message.encode()))
                        .await
                        .map_err(|_| Disconnected)?;
                }
                ClientOutput::RelayHeads { document_id, heads } => {
                    self.relay_heads.insert(document_id, heads);
                }
                ClientOutput::DocUnavailable { document_id } => self.unavailable.push(document_id),
                ClientOutput::Refused {
                    document_id,
                    reason,
                } => self.refused.push((document_id, reason)),
                ClientOutput::Close { reason } => {
                    self.closed_with = Some(reason);
                    self.socket = None;
                    return Err(Disconnected);
                }
                // The test keeps its documents in memory only.
                ClientOutput::Store { .. } | ClientOutput::DocChanged { .. } => {}
            }
        }
        Ok(())
    }
}
