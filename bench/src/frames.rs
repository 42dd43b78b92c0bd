//! One client's websocket: frames in as they come, frames out through a
//! writer task, and the bytes each way counted.

use anyhow::{Context, bail};
use futures_util::{
    SinkExt, StreamExt,
    stream::{SplitSink, SplitStream},
};
use tokio::{net::TcpStream, sync::mpsc, task::JoinHandle};
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream, connect_async_with_config,
    tungstenite::{self, client::IntoClientRequest as _, http::HeaderValue},
};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Where a client connects, and as whom.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub url: String,
    /// A `Cookie` header (a session), for a relay that lets only signed-in
    /// people sync.
    pub cookie: Option<String>,
}

impl Endpoint {
    pub fn open(url: &str) -> Self {
        Self {
            url: url.to_owned(),
            cookie: None,
        }
    }
}

pub struct Frames {
    /// Frames from the server.
    pub source: SplitStream<Socket>,
    /// Frames to the server, written by their own task: a server that stops
    /// reading delays deliveries (measured as latency), never the schedule.
    outbox: mpsc::UnboundedSender<tungstenite::Message>,
    writer: JoinHandle<()>,
    pub bytes_out: u64,
    pub bytes_in: u64,
}

impl Frames {
    pub async fn connect(endpoint: &Endpoint) -> anyhow::Result<Self> {
        let mut request = endpoint.url.as_str().into_client_request()?;
        if let Some(cookie) = &endpoint.cookie {
            request
                .headers_mut()
                .insert("cookie", HeaderValue::from_str(cookie)?);
        }
        let (socket, _) =
            connect_async_with_config(request, Some(crate::echo_relay::small_buffers()), true)
                .await
                .with_context(|| format!("connecting to {}", endpoint.url))?;
        let (sink, source) = socket.split();
        let (outbox, queued) = mpsc::unbounded_channel();
        let writer = tokio::spawn(write_frames(sink, queued));
        Ok(Self {
            source,
            outbox,
            writer,
            bytes_out: 0,
            bytes_in: 0,
        })
    }

    pub fn send(&mut self, frame: Vec<u8>) -> anyhow::Result<()> {
        self.bytes_out += frame.len() as u64;
        self.outbox
            .send(tungstenite::Message::binary(frame))
            .ok()
            .context("the connection's writer stopped")
    }

    /// The next binary frame; an error once the server closed.
    pub async fn next(&mut self) -> anyhow::Result<Vec<u8>> {
        loop {
            let frame = self.source.next().await;
            if let Some(bytes) = self.binary(frame)? {
                return Ok(bytes);
            }
        }
    }

    /// A binary frame out of what the socket gave, counted; `None` for
    /// pings and the like; an error for a close or a failure.
    pub fn binary(
        &mut self,
        frame: Option<Result<tungstenite::Message, tungstenite::Error>>,
    ) -> anyhow::Result<Option<Vec<u8>>> {
        match frame {
            Some(Ok(tungstenite::Message::Binary(bytes))) => {
                self.bytes_in += bytes.len() as u64;
                Ok(Some(bytes.into()))
            }
            Some(Ok(tungstenite::Message::Close(frame))) => {
                bail!("the server closed the websocket: {frame:?}")
            }
            Some(Ok(_)) => Ok(None),
            Some(Err(e)) => Err(e.into()),
            None => bail!("the server closed the websocket"),
        }
    }

    /// Sends a close and lets the writer finish on its own.
    pub fn close(self) {
        let _ = self.outbox.send(tungstenite::Message::Close(None));
        drop(self.outbox);
        drop(self.writer);
    }
}

/// Writes queued frames, everything already queued behind one flush; ends
/// after a close frame or when the socket fails.
async fn write_frames(
    mut sink: SplitSink<Socket, tungstenite::Message>,
    mut queued: mpsc::UnboundedReceiver<tungstenite::Message>,
) {
    while let Some(frame) = queued.recv().await {
        let mut closing = frame.is_close();
        if sink.feed(frame).await.is_err() {
            return;
        }
        while !closing {
            let Ok(more) = queued.try_recv() else { break };
            closing = more.is_close();
            if sink.feed(more).await.is_err() {
                return;
            }
        }
        if sink.flush().await.is_err() || closing {
            let _ = sink.close().await;
            return;
        }
    }
}
