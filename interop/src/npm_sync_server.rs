use std::{
    path::{Path, PathBuf},
    process::Stdio,
    time::Duration,
};

use anyhow::{Context, bail};
use tempfile::TempDir;
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
    time::timeout,
};

/// How long the server may take to start listening.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// The npm `@automerge/automerge-repo-sync-server`, run unchanged by
/// `e2e/support/npm-sync-server.mjs` on a free port of 127.0.0.1, with its
/// own data directory. Killed when dropped.
pub struct NpmSyncServer {
    child: Child,
    url: String,
    data: TempDir,
    e2e_dir: PathBuf,
}

impl NpmSyncServer {
    pub async fn start(e2e_dir: &Path) -> anyhow::Result<Self> {
        let data = tempfile::Builder::new()
            .prefix("concord-npm-sync-server-")
            .tempdir()?;
        Self::start_on(e2e_dir, data).await
    }

    async fn start_on(e2e_dir: &Path, data: TempDir) -> anyhow::Result<Self> {
        let launcher = e2e_dir.join("support/npm-sync-server.mjs");
        let mut child = Command::new("node")
            .arg(&launcher)
            .env("DATA_DIR", data.path())
            .env("PORT", "0")
            .current_dir(data.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting node {}", launcher.display()))?;
        let stdout = child.stdout.take().context("the server's stdout")?;
        let url = timeout(START_TIMEOUT, announced_url(stdout))
            .await
            .context("the npm sync server did not start in time")??;
        Ok(Self {
            child,
            url,
            data,
            e2e_dir: e2e_dir.to_owned(),
        })
    }

    /// `ws://127.0.0.1:PORT`
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn data_dir(&self) -> &Path {
        self.data.path()
    }

    /// Stops the server and starts it again on the same data directory (on a
    /// new port): what it returns then, it had stored.
    pub async fn restart(self) -> anyhow::Result<Self> {
        let Self {
            mut child,
            data,
            e2e_dir,
            ..
        } = self;
        child.kill().await?;
        Self::start_on(&e2e_dir, data).await
    }
}

/// Reads the server's stdout until it prints the URL it listens on, then keeps
/// draining it so the server never blocks on a full pipe.
async fn announced_url(stdout: tokio::process::ChildStdout) -> anyhow::Result<String> {
    let mut lines = BufReader::new(stdout).lines();
    while let Some(line) = lines.next_line().await? {
        if let Some((_, url)) = line.split_once("listening on ") {
            let url = url.trim().trim_end_matches('/').to_owned();
            tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
            return Ok(url);
        }
    }
    bail!("the npm sync server exited before listening")
}
