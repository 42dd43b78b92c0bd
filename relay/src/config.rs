use std::{net::SocketAddr, path::PathBuf};

/// How the relay is started. Every flag can also be set from the environment.
#[derive(Debug, Clone, clap::Parser)]
#[command(name = "concord-relay", version, about = "Concord's relay server")]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "CONCORD_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Directory for the relay's embedded database; created if missing.
    #[arg(long, env = "CONCORD_DATA", default_value = "data")]
    pub data: PathBuf,

    /// Keep documents in this PostgreSQL database instead of the embedded
    /// one in --data, so that several relays can serve one workspace:
    /// postgres://user:password@host:port/database. Its schema is created or
    /// brought up to date at start.
    #[arg(
        long = "database-url",
        env = "CONCORD_DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,

    /// Tell the other relays sharing --database-url of each commit through
    /// this NATS server (core publish/subscribe), so their clients see it
    /// at once rather than at the next periodic check: nats://host:port.
    /// The relay keeps serving if the broker goes away later.
    #[arg(
        long = "broker-url",
        env = "CONCORD_BROKER_URL",
        hide_env_values = true
    )]
    pub broker_url: Option<String>,

    /// Directory holding the built app (index.html, the wasm and its JS glue).
    #[arg(
        long = "app-dir",
        env = "CONCORD_APP_DIR",
        default_value = "target/app"
    )]
    pub app_dir: PathBuf,

    /// Mark session cookies `Secure`: set when the relay is reached over
    /// TLS (directly or behind a proxy), so browsers never send them in clear.
    #[arg(long, env = "CONCORD_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Serve `/sync` to anyone, with no sign-in and no access checks: for
    /// protocol tests and benchmarks with plain Automerge documents. Never
    /// on a network others can reach.
    #[arg(long = "open-sync", env = "CONCORD_OPEN_SYNC")]
    pub open_sync: bool,

    /// Largest file a person may attach, in bytes (25 MiB unless told).
    #[arg(long = "max-file-bytes", env = "CONCORD_MAX_FILE_BYTES", default_value_t = DEFAULT_MAX_FILE_BYTES)]
    pub max_file_bytes: usize,

    #[command(flatten)]
    pub limits: SyncLimits,
}

/// 25 MiB: a phone's photo or a scanned contract, not a video.
pub const DEFAULT_MAX_FILE_BYTES: usize = 25 << 20;

/// Bounds on what one `/sync` connection may cost the relay.
#[derive(Debug, Clone, clap::Args)]
pub struct SyncLimits {
    /// Largest websocket message accepted; a bigger one closes the connection with 1009.
    #[arg(long, env = "CONCORD_MAX_FRAME_BYTES", default_value_t = 8 << 20)]
    pub max_frame_bytes: usize,

    /// Most documents one connection may have open.
    #[arg(long, env = "CONCORD_MAX_DOCS_PER_CONNECTION", default_value_t = 1000)]
    pub max_docs_per_connection: usize,

    /// Frames waiting to be sent to one connection; a reader this far behind is
    /// closed with 1013 and resyncs when it reconnects, so it never slows others.
    #[arg(long, env = "CONCORD_OUTBOUND_QUEUE_FRAMES", default_value_t = 1024)]
    pub outbound_queue_frames: usize,

    /// Bytes waiting to be sent to one connection, past which it is closed as with the frame count.
    #[arg(long, env = "CONCORD_OUTBOUND_QUEUE_BYTES", default_value_t = 64 << 20)]
    pub outbound_queue_bytes: usize,

    /// Largest document (its saved Automerge bytes) the relay keeps.
    #[arg(long, env = "CONCORD_MAX_DOC_BYTES", default_value_t = 64 << 20)]
    pub max_doc_bytes: usize,

    /// A connection that sends nothing (not even a pong) for this long is closed.
    #[arg(long, env = "CONCORD_IDLE_TIMEOUT_SECS", default_value_t = 60)]
    pub idle_timeout_secs: u64,

    /// Seconds between the relay's pings on an open connection.
    #[arg(long, env = "CONCORD_KEEPALIVE_SECS", default_value_t = 20)]
    pub keepalive_secs: u64,

    /// Seconds a document with no peers and nothing left to store stays loaded.
    #[arg(long, env = "CONCORD_ROOM_IDLE_SECS", default_value_t = 30)]
    pub room_idle_secs: u64,

    /// A document with more incremental chunks than this is compacted into a snapshot.
    #[arg(long, env = "CONCORD_COMPACT_AFTER_CHUNKS", default_value_t = 256)]
    pub compact_after_chunks: usize,

    /// Milliseconds a busy document waits between two rounds of answers:
    /// changes arriving meanwhile reach each peer in one message. A change
    /// to a document that was quiet that long goes out at once. 10 rather
    /// than 5: in a room of ten people typing, fewer and larger messages
    /// cost fewer bytes and less CPU per change delivered, for at most
    /// 5 ms more before a change arrives.
    #[arg(long, env = "CONCORD_ROOM_TICK_MS", default_value_t = 10)]
    pub room_tick_ms: u64,

    /// Milliseconds between two checks of every open document against the
    /// shared database (with --database-url): a room behind it reads what
    /// other relays wrote, even when the broker lost their news.
    #[arg(long, env = "CONCORD_CATCH_UP_MS", default_value_t = 1000)]
    pub catch_up_ms: u64,

    /// Judge each batch of changes by a diff of the document's whole
    /// history, as the relay once did, rather than from what applying the
    /// batch logged. Only for the benchmark, which prints both side by side.
    #[arg(long, env = "CONCORD_JUDGE_WHOLE_HISTORY", hide = true)]
    pub judge_whole_history: bool,
}

impl Default for SyncLimits {
    fn default() -> Self {
        Self {
            max_frame_bytes: 8 << 20,
            max_docs_per_connection: 1000,
            outbound_queue_frames: 1024,
            outbound_queue_bytes: 64 << 20,
            max_doc_bytes: 64 << 20,
            idle_timeout_secs: 60,
            keepalive_secs: 20,
            room_idle_secs: 30,
            compact_after_chunks: 256,
            room_tick_ms: 10,
            catch_up_ms: 1000,
            judge_whole_history: false,
        }
    }
}
