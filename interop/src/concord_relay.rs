use anyhow::Context;
use clap::Parser;
use concord_relay::{Config, Relay};
use tempfile::TempDir;
use tokio::sync::oneshot;

/// Our relay, served in this process on a free port of 127.0.0.1 with its
/// own data directory and its default limits, with `--open-sync`; stops
/// when dropped.
pub struct ConcordRelay {
    sync_url: String,
    _stop: oneshot::Sender<()>,
    _data: TempDir,
}

impl ConcordRelay {
    pub async fn start() -> anyhow::Result<Self> {
        let data = tempfile::Builder::new()
            .prefix("concord-interop-relay-")
            .tempdir()?;
        let dir = |name: &str| data.path().join(name).to_string_lossy().into_owned();
        // Parsed like the binary's flags, so every setting not named keeps its default.
        let config = Config::try_parse_from([
            "concord-relay",
            "--addr",
            "127.0.0.1:0",
            "--data",
            &dir("data"),
            "--app-dir",
            &dir("app"),
            // The interop peers have no accounts and sync plain Automerge documents.
            "--open-sync",
        ])
        .context("the relay's flags")?;
        let relay = Relay::bind(&config).await?;
        let sync_url = format!("ws://{}/sync", relay.local_addr());
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(relay.serve(async {
            let _ = stopped.await;
        }));
        Ok(Self {
            sync_url,
            _stop: stop,
            _data: data,
        })
    }

    /// `ws://127.0.0.1:PORT/sync`
    pub fn sync_url(&self) -> &str {
        &self.sync_url
    }
}
