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

    /// Directory holding the built app (index.html, the wasm and its JS glue).
    #[arg(
        long = "app-dir",
        env = "CONCORD_APP_DIR",
        default_value = "target/app"
    )]
    pub app_dir: PathBuf,
}
