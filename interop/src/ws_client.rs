use std::time::Duration;

use anyhow::{Context, bail};
use concord_sync::engine::client::{Client, ClientOutput};
use futures_util::{SinkExt, StreamExt};
use tokio::{net::TcpStream, time::timeout};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async, tungstenite};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Concord's sans-IO [`Client`] over one websocket: the adapter the browser
/// app will be, minus storage (`Store` outputs are only counted).
pub struct WsClient {
    client: Client,
    socket: Socket,
    stored_chunks: usize,
}

impl WsClient {
    /// Opens the websocket and sends the client's `join`.
    pub async fn connect(url: &str, mut client: Client) -> anyhow::Result<Self> {
        let (socket, _) = connect_async(url)
            .await
            .with_context(|| format!("connecting to {url}"))?;
        let join = client.connect();
        let mut this = Self {
            client,
            socket,
            stored_chunks: 0,
        };
        this.carry_out(join).await?;
        Ok(this)
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn client_mut(&mut self) -> &mut Client {
        &mut self.client
    }

    pub fn stored_chunks(&self) -> usize {
        self.stored_chunks
    }

    /// Ticks and handles frames until `done` accepts one of the client's
    /// outputs, or fails after `limit`.
    pub async fn run_until(
        &mut self,
        limit: Duration,
        mut done: impl FnMut(&ClientOutput) -> bool,
    ) -> anyhow::Result<ClientOutput> {
        timeout(limit, async {
            loop {
                let ticked = self.client.tick();
                if let Some(found) = self.carry_out(ticked).await?.into_iter().find(&mut done) {
                    return Ok(found);
                }
                let frame = self.next_frame().await?;
                let received = self.client.receive(&frame);
                if let Some(found) = self.carry_out(received).await?.into_iter().find(&mut done) {
                    return Ok(found);
                }
            }
        })
        .await
        .context("timed out waiting for the server")?
    }

    /// Closes the websocket cleanly and hands the client back.
    pub async fn close(mut self) -> anyhow::Result<Client> {
        self.socket.close(None).await?;
        self.client.disconnected();
        Ok(self.client)
    }

    async fn next_frame(&mut self) -> anyhow::Result<Vec<u8>> {
        loop {
            match self
                .socket
                .next()
                .await
                .context("the server closed the websocket")??
            {
                tungstenite::Message::Binary(bytes) => return Ok(bytes.into()),
                tungstenite::Message::Close(frame) => {
                    bail!("the server closed the websocket: {frame:?}")
                }
                // tungstenite answers pings itself; text frames are not automerge-repo's.
                _ => {}
            }
        }
    }

    /// Sends and counts what the client asks for; returns the outputs an
    /// adapter would pass on to the app.
    async fn carry_out(&mut self, outputs: Vec<ClientOutput>) -> anyhow::Result<Vec<ClientOutput>> {
        let mut for_app = Vec::new();
        for output in outputs {
            match output {
                ClientOutput::Send(message) => {
                    self.socket
                        .send(tungstenite::Message::binary(message.encode()))
                        .await?;
                }
                ClientOutput::Store { .. } => self.stored_chunks += 1,
                ClientOutput::Close { reason } => bail!("the client gave up: {reason}"),
                other => for_app.push(other),
            }
        }
        Ok(for_app)
    }
}
