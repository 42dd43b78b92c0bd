use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use automerge::ChangeHash;
use concord_sync::{
    DocumentId, PeerMetadata,
    engine::client::{Client, ClientOutput},
};
use futures_util::{SinkExt, StreamExt};
use tokio::time::timeout;
use tokio_tungstenite::{connect_async, tungstenite};

/// What a fresh client got when it asked the server for a document.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub heads: Vec<ChangeHash>,
    pub bytes_in: u64,
    pub elapsed: Duration,
}

/// A new peer with no copy asks for `document_id` and syncs until its heads
/// are `expected` (or the server stops sending, or `limit` passes); what it
/// has then is the server's copy as far as that peer can tell.
pub async fn fetch(
    url: &str,
    document_id: DocumentId,
    expected: &[ChangeHash],
    limit: Duration,
) -> anyhow::Result<Fetched> {
    let started = Instant::now();
    let peer_id = format!("fetch-{:016x}", rand::random::<u64>()).parse()?;
    let mut client = Client::new(peer_id, PeerMetadata::default());
    client.find(document_id);
    let (mut socket, _) = connect_async(url)
        .await
        .with_context(|| format!("connecting to {url}"))?;
    let mut bytes_in = 0u64;
    let mut outputs = client.connect();
    let outcome = timeout(limit, async {
        loop {
            for output in outputs.drain(..) {
                match output {
                    ClientOutput::Send(message) => {
                        socket
                            .send(tungstenite::Message::binary(message.encode()))
                            .await?;
                    }
                    ClientOutput::DocChanged { heads, .. } if heads == expected => return Ok(()),
                    ClientOutput::DocUnavailable { .. } => bail!("the server has no such document"),
                    ClientOutput::Close { reason } => bail!("the client gave up: {reason}"),
                    _ => {}
                }
            }
            let frame = match socket.next().await.context("the server closed")?? {
                tungstenite::Message::Binary(bytes) => bytes,
                tungstenite::Message::Close(frame) => bail!("the server closed: {frame:?}"),
                _ => continue,
            };
            bytes_in += frame.len() as u64;
            outputs = client.receive(&frame);
            outputs.extend(client.tick());
        }
    })
    .await;
    let _ = socket.close(None).await;
    let heads = client
        .doc(&document_id)
        .map(automerge::Automerge::get_heads)
        .unwrap_or_default();
    match outcome {
        // Timing out is an answer too: the heads say how far it got.
        Err(_) | Ok(Ok(())) => Ok(Fetched {
            heads,
            bytes_in,
            elapsed: started.elapsed(),
        }),
        Ok(Err(e)) => Err(e),
    }
}
