use std::{
    collections::HashMap,
    sync::{
        Arc, Weak,
        atomic::{AtomicU64, Ordering},
        mpsc,
    },
    thread,
};

use concord_sync::DocumentId;
use tokio::sync::oneshot;

use super::{ChunkSeq, Compaction, NewChunk, Store};

/// Why a write was not committed. The writer logs the full store error; a
/// submitter only learns that its write is not durable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommitError {
    #[error("the store refused the write: {0}")]
    Failed(String),
    #[error("the store's writer has stopped")]
    Stopped,
}

/// Most jobs written in one transaction; bounds the time one commit holds
/// its submitters.
const MAX_BATCH_JOBS: usize = 4096;
const MAX_BATCH_BYTES: usize = 64 << 20;

enum Job {
    Append(AppendJob),
    Compact(CompactJob),
    /// A chunk another writer appended (a room writing under its
    /// document's lock in a shared database): it counts toward compaction.
    Counted(DocumentId),
}

struct AppendJob {
    chunk: NewChunk,
    done: oneshot::Sender<Result<ChunkSeq, CommitError>>,
}

struct CompactJob {
    doc: DocumentId,
    snapshot: Vec<u8>,
    covered: Vec<ChunkSeq>,
    done: oneshot::Sender<Result<(), CommitError>>,
}

/// The store's one writer: a thread that takes every append waiting for it,
/// writes them in one transaction, commits (one fsync for all of them), then
/// acknowledges each. Many documents' writers so share one sync to disk.
///
/// Cheap to clone; the thread stops when the last clone is dropped.
#[derive(Clone)]
pub struct GroupCommit {
    jobs: Arc<mpsc::Sender<Job>>,
    stats: Arc<CommitStats>,
}

/// Counters for benchmarks and logs.
#[derive(Debug, Default)]
pub struct CommitStats {
    /// Transactions that appended chunks: one disk sync each.
    pub transactions: AtomicU64,
    pub chunks: AtomicU64,
    pub compactions: AtomicU64,
}

/// The compactor's way back to the writer; it must not keep the writer alive.
#[derive(Clone)]
pub(super) struct WeakCommit(Weak<mpsc::Sender<Job>>);

impl GroupCommit {
    /// Starts the writer thread. After a document gains more than
    /// `compact_after` chunks its id is sent on `compaction_hints`.
    pub fn spawn(
        store: Arc<dyn Store>,
        compact_after: usize,
        compaction_hints: mpsc::Sender<DocumentId>,
    ) -> std::io::Result<(Self, thread::JoinHandle<()>)> {
        let (jobs, queue) = mpsc::channel();
        let stats = Arc::new(CommitStats::default());
        let writer = WriterThread {
            store,
            compact_after,
            compaction_hints,
            chunks_since_compaction: HashMap::new(),
            stats: stats.clone(),
        };
        let handle = thread::Builder::new()
            .name("store-writer".into())
            .spawn(move || writer.run(queue))?;
        Ok((
            Self {
                jobs: Arc::new(jobs),
                stats,
            },
            handle,
        ))
    }

    /// Appends a chunk; resolves once it is committed to disk.
    pub async fn append(&self, doc: DocumentId, data: Vec<u8>) -> Result<ChunkSeq, CommitError> {
        let (done, committed) = oneshot::channel();
        let chunk = NewChunk { doc, data };
        self.jobs
            .send(Job::Append(AppendJob { chunk, done }))
            .map_err(|_| CommitError::Stopped)?;
        committed.await.unwrap_or(Err(CommitError::Stopped))
    }

    /// Counts a chunk of `doc` written without this writer towards the
    /// document's next compaction.
    pub fn count_elsewhere(&self, doc: DocumentId) {
        let _ = self.jobs.send(Job::Counted(doc));
    }

    pub fn stats(&self) -> &CommitStats {
        &self.stats
    }

    pub(super) fn downgrade(&self) -> WeakCommit {
        WeakCommit(Arc::downgrade(&self.jobs))
    }
}

impl WeakCommit {
    /// Replaces `covered` with `snapshot` through the writer; blocks until done.
    pub(super) fn compact_blocking(
        &self,
        doc: DocumentId,
        snapshot: Vec<u8>,
        covered: Vec<ChunkSeq>,
    ) -> Result<(), CommitError> {
        let jobs = self.0.upgrade().ok_or(CommitError::Stopped)?;
        let (done, compacted) = oneshot::channel();
        jobs.send(Job::Compact(CompactJob {
            doc,
            snapshot,
            covered,
            done,
        }))
        .map_err(|_| CommitError::Stopped)?;
        drop(jobs);
        compacted
            .blocking_recv()
            .unwrap_or(Err(CommitError::Stopped))
    }
}

struct WriterThread {
    store: Arc<dyn Store>,
    compact_after: usize,
    compaction_hints: mpsc::Sender<DocumentId>,
    chunks_since_compaction: HashMap<DocumentId, usize>,
    stats: Arc<CommitStats>,
}

impl WriterThread {
    fn run(mut self, queue: mpsc::Receiver<Job>) {
        while let Ok(first) = queue.recv() {
            let mut appends = Vec::new();
            let mut compactions = Vec::new();
            let mut bytes = 0;
            let mut next = Some(first);
            while let Some(job) = next.take() {
                match job {
                    Job::Append(append) => {
                        bytes += append.chunk.data.len();
                        appends.push(append);
                    }
                    Job::Compact(compact) => compactions.push(compact),
                    Job::Counted(doc) => self.count_for_compaction(doc),
                }
                if appends.len() < MAX_BATCH_JOBS && bytes < MAX_BATCH_BYTES {
                    next = queue.try_recv().ok();
                }
            }
            self.commit_appends(appends);
            for job in compactions {
                self.compact(job);
            }
        }
    }

    fn commit_appends(&mut self, appends: Vec<AppendJob>) {
        if appends.is_empty() {
            return;
        }
        let (chunks, acks): (Vec<_>, Vec<_>) =
            appends.into_iter().map(|job| (job.chunk, job.done)).unzip();
        match self.store.append(&chunks) {
            Ok(seqs) => {
                self.stats.transactions.fetch_add(1, Ordering::Relaxed);
                self.stats
                    .chunks
                    .fetch_add(chunks.len() as u64, Ordering::Relaxed);
                for (ack, seq) in acks.into_iter().zip(seqs) {
                    // A submitter that went away no longer needs its answer.
                    let _ = ack.send(Ok(seq));
                }
                for chunk in &chunks {
                    self.count_for_compaction(chunk.doc);
                }
            }
            Err(error) => {
                tracing::error!(%error, chunks = chunks.len(), "committing chunks failed");
                let failed = CommitError::Failed(error.to_string());
                for ack in acks {
                    let _ = ack.send(Err(failed.clone()));
                }
            }
        }
    }

    fn count_for_compaction(&mut self, doc: DocumentId) {
        let count = self.chunks_since_compaction.entry(doc).or_default();
        *count += 1;
        if *count > self.compact_after {
            // Counting restarts now, so one compaction is asked for per
            // `compact_after` chunks however long the compactor takes.
            self.chunks_since_compaction.remove(&doc);
            let _ = self.compaction_hints.send(doc);
        }
    }

    fn compact(&mut self, job: CompactJob) {
        let CompactJob {
            doc,
            snapshot,
            covered,
            done,
        } = job;
        let result = match self.store.compact(&doc, &snapshot, &covered) {
            Ok(Compaction::Written) => {
                self.stats.compactions.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Ok(Compaction::Stale) => {
                tracing::debug!(%doc, "compaction dropped: another one folded its chunks first");
                Ok(())
            }
            Err(error) => {
                tracing::error!(%error, %doc, "compacting failed");
                Err(CommitError::Failed(error.to_string()))
            }
        };
        let _ = done.send(result);
    }
}
