//! S3: a client with no copy opens a document of many operations, served
//! cold (the system restarted, so the document comes from its store).

use std::time::{Duration, Instant};

use anyhow::Context;
use automerge::{Automerge, ROOT, ReadDoc, transaction::Transactable};
use concord_sync::DocumentId;
use serde::Serialize;

use crate::{
    client_run::{EditingClient as _, Tally},
    fetch::fetch,
    frames::Endpoint,
    load_client::{LoadClient, Protocol, Seed},
    system::{Programs, ServerProcess},
};

/// Characters typed per change while the big document is built: a person's
/// burst of typing, so the history has many changes, not one.
const OPS_PER_CHANGE: usize = 100;
const UPLOAD_LIMIT: Duration = Duration::from_secs(300);
const JOIN_LIMIT: Duration = Duration::from_secs(300);
const STORE_SETTLE: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Serialize)]
pub struct ColdJoinOutcome {
    pub ops: usize,
    pub changes: usize,
    pub saved_bytes: usize,
    pub upload_secs: f64,
    pub join_secs: f64,
    pub join_bytes: u64,
    pub converged: bool,
    pub server_cpu_secs: f64,
    pub server_rss_before: u64,
    pub server_rss_after: u64,
}

impl ColdJoinOutcome {
    /// What holding this one document costs the server.
    pub fn rss_per_loaded_doc(&self) -> i64 {
        self.server_rss_after as i64 - self.server_rss_before as i64
    }
}

/// A document of `ops` operations (one random letter each, in changes of a hundred).
pub fn big_seed(ops: usize) -> anyhow::Result<(Seed, usize)> {
    let seed = Seed::new(DocumentId::new_v4(rand::random()))?;
    let mut doc = Automerge::load(&seed.bytes)?;
    let text = doc.get(ROOT, "text")?.context("the seed's text")?.1;
    let mut changes = 0;
    let mut written = 0;
    while written < ops {
        let n = OPS_PER_CHANGE.min(ops - written);
        // Random letters: a repeated pattern would compress to nothing and flatter every system.
        let chars: String = (0..n)
            .map(|_| char::from(b'a' + rand::random::<u8>() % 26))
            .collect();
        doc.transact::<_, _, automerge::AutomergeError>(|tx| {
            let len = tx.length(&text);
            tx.splice_text(&text, len, 0, &chars)?;
            Ok(())
        })
        .map_err(|f| f.error)?;
        written += n;
        changes += 1;
    }
    Ok((
        Seed {
            document_id: seed.document_id,
            bytes: doc.save(),
        },
        changes,
    ))
}

/// Uploads the document, restarts the system, then times a fresh client's
/// first full copy. Hands the restarted system back.
pub async fn run(
    system: ServerProcess,
    programs: &Programs,
    ops: usize,
) -> anyhow::Result<(ColdJoinOutcome, ServerProcess)> {
    let (seed, changes) = big_seed(ops)?;
    let heads = Automerge::load(&seed.bytes)?.get_heads();
    let started = Instant::now();
    let uploader = LoadClient::join(
        &Endpoint::open(system.url()),
        Protocol::Sync,
        &seed,
        "uploader".into(),
        Tally::new(started, Default::default()),
        UPLOAD_LIMIT,
    )
    .await
    .context("uploading the big document")?;
    let upload_secs = started.elapsed().as_secs_f64();
    drop(uploader.report());
    // automerge-repo saves on a debounce after acknowledging; on a loaded
    // machine half a second was not always enough and the restarted server
    // then truly had no such document.
    tokio::time::sleep(STORE_SETTLE).await;
    let system = system.restart(programs).await?;
    let before = system.sample()?;
    let fetched = fetch(&system.endpoint(), seed.document_id, &heads, JOIN_LIMIT).await?;
    let after = system.sample()?;
    Ok((
        ColdJoinOutcome {
            ops,
            changes,
            saved_bytes: seed.bytes.len(),
            upload_secs,
            join_secs: fetched.elapsed.as_secs_f64(),
            join_bytes: fetched.bytes_in,
            converged: fetched.heads == heads,
            server_cpu_secs: after.cpu_secs - before.cpu_secs,
            server_rss_before: before.rss_bytes,
            server_rss_after: after.rss_bytes,
        },
        system,
    ))
}
