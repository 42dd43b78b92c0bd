//! The three systems under test, each a child process on 127.0.0.1 with a
//! port of its own choosing and (where it stores anything) a fresh data
//! directory, so `/proc/<pid>` shows its CPU and memory alone.

use std::{
    fmt,
    path::{Path, PathBuf},
    process::Stdio,
    time::Duration,
};

use anyhow::{Context, bail};
use serde::Serialize;
use tempfile::TempDir;
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, ChildStdout, Command},
    time::timeout,
};

use crate::proc_stats::{self, ProcSample};

const START_LIMIT: Duration = Duration::from_secs(60);
/// Words put before our relay's command line, e.g. `valgrind --tool=callgrind`.
const WRAPPER: &str = "CONCORD_BENCH_RELAY_WRAPPER";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum SystemKind {
    /// Our relay (`concord-relay`'s library, served by `concord-bench serve-relay`) with its SQLite store.
    Concord,
    /// npm `@automerge/automerge-repo-sync-server` with its file store.
    AutomergeRepo,
    /// The bare broadcast relay of this crate (`concord-bench echo`).
    Echo,
}

impl SystemKind {
    pub const ALL: [Self; 3] = [Self::Concord, Self::AutomergeRepo, Self::Echo];

    /// Whether the system keeps and merges documents (the echo relay does neither).
    pub fn merges(self) -> bool {
        !matches!(self, Self::Echo)
    }
}

impl fmt::Display for SystemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Concord => "concord",
            Self::AutomergeRepo => "automerge-repo",
            Self::Echo => "echo",
        })
    }
}

/// Where the programs behind the systems are.
#[derive(Debug, Clone)]
pub struct Programs {
    /// This benchmark's own binary, which serves our relay and the echo relay.
    pub bench_exe: PathBuf,
    /// The e2e folder with `support/npm-sync-server.mjs` and its `node_modules`.
    pub e2e_dir: Option<PathBuf>,
    /// Extra flags for our relay (e.g. `--room-idle-secs 1`).
    pub relay_args: Vec<String>,
}

/// A running system; killed when dropped.
pub struct ServerProcess {
    kind: SystemKind,
    child: Child,
    pid: u32,
    url: String,
    data: TempDir,
}

impl ServerProcess {
    pub async fn start(kind: SystemKind, programs: &Programs) -> anyhow::Result<Self> {
        let data = tempfile::Builder::new()
            .prefix(&format!("concord-bench-{kind}-"))
            .tempdir()?;
        Self::start_on(kind, programs, data).await
    }

    /// Stops the system and starts it again on the same data: what it serves
    /// then comes from its store (a cold start).
    pub async fn restart(self, programs: &Programs) -> anyhow::Result<Self> {
        let Self {
            kind,
            mut child,
            data,
            ..
        } = self;
        child.kill().await?;
        Self::start_on(kind, programs, data).await
    }

    async fn start_on(
        kind: SystemKind,
        programs: &Programs,
        data: TempDir,
    ) -> anyhow::Result<Self> {
        let mut command = command_for(kind, programs, data.path())?;
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        let mut child = command
            .spawn()
            .with_context(|| format!("starting {kind}"))?;
        let pid = child.id().context("the child's pid")?;
        let stdout = child.stdout.take().context("the child's stdout")?;
        let announced = timeout(START_LIMIT, announced_address(stdout))
            .await
            .with_context(|| format!("{kind} did not start in time"))??;
        let url = match kind {
            // "http://127.0.0.1:PORT/" → its websocket endpoint
            SystemKind::Concord => format!(
                "ws://{}/sync",
                announced
                    .trim_start_matches("http://")
                    .trim_end_matches('/')
            ),
            SystemKind::AutomergeRepo | SystemKind::Echo => {
                announced.trim_end_matches('/').to_owned()
            }
        };
        Ok(Self {
            kind,
            child,
            pid,
            url,
            data,
        })
    }

    pub fn kind(&self) -> SystemKind {
        self.kind
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn sample(&self) -> anyhow::Result<ProcSample> {
        Ok(proc_stats::sample(self.pid)?)
    }

    pub async fn stop(mut self) {
        // A wrapped relay (a profiler) writes its results when it ends on a
        // signal it can catch; SIGKILL would lose them.
        if self.kind == SystemKind::Concord && std::env::var_os(WRAPPER).is_some() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(self.pid.to_string())
                .status()
                .await;
            let _ = timeout(Duration::from_secs(60), self.child.wait()).await;
        }
        let _ = self.child.kill().await;
    }
}

fn command_for(kind: SystemKind, programs: &Programs, data: &Path) -> anyhow::Result<Command> {
    Ok(match kind {
        SystemKind::Concord => {
            // A profiler such as `valgrind --tool=callgrind` may wrap our relay.
            let wrapper = std::env::var(WRAPPER).unwrap_or_default();
            let mut words = wrapper.split_whitespace();
            let mut command = match words.next() {
                Some(program) => {
                    let mut command = Command::new(program);
                    command.args(words).arg(&programs.bench_exe);
                    command
                }
                None => Command::new(&programs.bench_exe),
            };
            command
                .arg("serve-relay")
                .arg("--addr=127.0.0.1:0")
                .arg(format!("--data={}", data.join("db").display()))
                .arg(format!("--app-dir={}", data.join("app").display()))
                // The benchmark's documents are plain Automerge, not Concord
                // templates, and its thousands of clients have no accounts.
                .arg("--open-sync")
                .args(&programs.relay_args);
            command
        }
        SystemKind::Echo => {
            let mut command = Command::new(&programs.bench_exe);
            command.arg("echo").arg("--addr=127.0.0.1:0");
            command
        }
        SystemKind::AutomergeRepo => {
            let Some(e2e) = &programs.e2e_dir else {
                bail!("the npm sync server needs --e2e-dir (the folder with its node_modules)");
            };
            let launcher = e2e.join("support/npm-sync-server.mjs");
            let mut command = Command::new("node");
            command
                .arg(launcher)
                .env("DATA_DIR", data)
                .env("PORT", "0")
                .current_dir(data);
            command
        }
    })
}

/// Reads stdout until the line naming the address, then keeps draining it
/// so the child never blocks on a full pipe.
async fn announced_address(stdout: ChildStdout) -> anyhow::Result<String> {
    let mut lines = BufReader::new(stdout).lines();
    while let Some(line) = lines.next_line().await? {
        if let Some((_, address)) = line.split_once("listening on ") {
            let address = address.trim().to_owned();
            tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
            return Ok(address);
        }
    }
    bail!("the server exited before listening")
}
