use std::time::{Duration, Instant};

use anyhow::bail;
use automerge::ChangeHash;
use concord_sync::{
    DocumentId, PeerMetadata,
    engine::client::{Client, ClientOutput},
};
use tokio::time::timeout;

use crate::frames::{Endpoint, Frames};

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
    endpoint: &Endpoint,
    document_id: DocumentId,
    expected: &[ChangeHash],
    limit: Duration,
) -> anyhow::Result<Fetched> {
    let started = Instant::now();
    let peer_id = format!("fetch-{:016x}", rand::random::<u64>()).parse()?;
    let mut client = Client::new(peer_id, PeerMetadata::default());
    client.find(document_id);
    let mut frames = Frames::connect(endpoint).await?;
    let mut outputs = client.connect();
    let outcome = timeout(limit, async {
        loop {
            for output in outputs.drain(..) {
                match output {
                    ClientOutput::Send(message) => frames.send(message.encode())?,
                    ClientOutput::DocChanged { heads, .. } if heads == expected => return Ok(()),
                    ClientOutput::DocUnavailable { .. } => bail!("the server has no such document"),
                    ClientOutput::Close { reason } => bail!("the client gave up: {reason}"),
                    _ => {}
                }
            }
            let frame = frames.next().await?;
            outputs = client.receive(&frame);
            outputs.extend(client.tick());
        }
    })
    .await;
    let bytes_in = frames.bytes_in;
    frames.close();
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
