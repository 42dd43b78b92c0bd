//! Many peers writing at once share disk syncs: the relay's group commit.

mod support;

use std::time::Instant;

use automerge::transaction::Transactable as _;
use concord_relay::SyncLimits;
use concord_sync::DocumentId;
use support::{sync_client::SyncClient, *};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const WRITERS: u8 = 40;
const CHANGES: u32 = 25;

async fn health(addr: std::net::SocketAddr) -> serde_json::Value {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = "GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let body = response.split("\r\n\r\n").nth(1).unwrap();
    serde_json::from_str(body).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_share_transactions() {
    let relay = start_relay(SyncLimits::default()).await;
    let started = Instant::now();
    let writers: Vec<_> = (0..WRITERS)
        .map(|n| {
            let addr = relay.addr;
            tokio::spawn(async move {
                let document_id = DocumentId::from_bytes([n; 16]);
                let mut writer = SyncClient::new(&format!("writer-{n}"));
                writer.connect(addr).await.unwrap();
                writer
                    .client
                    .create(document_id, automerge::Automerge::new());
                for change in 0..CHANGES {
                    let doc = writer.client.doc_mut(&document_id).unwrap();
                    let mut tx = doc.transaction();
                    tx.put(automerge::ROOT, format!("k{change}"), change)
                        .unwrap();
                    tx.commit();
                    // Each change waits for the relay's acknowledgement: a
                    // writer has one chunk in flight at a time.
                    assert!(
                        writer
                            .until(|w| w.client.saved_on_relay(&document_id))
                            .await
                            .unwrap()
                    );
                }
            })
        })
        .collect();
    for writer in writers {
        writer.await.unwrap();
    }
    let elapsed = started.elapsed();
    let health = health(relay.addr).await;
    let chunks = health["committed_chunks"].as_u64().unwrap();
    let transactions = health["commit_transactions"].as_u64().unwrap();
    let acknowledged = u64::from(WRITERS) * u64::from(CHANGES);
    assert!(
        chunks >= acknowledged,
        "{chunks} chunks for {acknowledged} changes"
    );
    assert!(
        transactions < chunks,
        "{transactions} transactions for {chunks} chunks: no sync was shared"
    );
    println!(
        "group commit: {WRITERS} writers, {acknowledged} acknowledged changes in {chunks} chunks, \
         {transactions} transactions ({:.1} chunks per disk sync), {:.0} acknowledged changes/s",
        chunks as f64 / transactions as f64,
        acknowledged as f64 / elapsed.as_secs_f64()
    );
}
