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

use crate::{
    frames::Endpoint,
    load_client::Protocol,
    proc_stats::{self, ProcSample},
};

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

    /// How clients talk to it.
    pub fn protocol(self) -> Protocol {
        if self.merges() {
            Protocol::Sync
        } else {
            Protocol::Echo
        }
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

/// How our relay is started for a run.
#[derive(Debug, Clone, Default)]
pub struct RelayMode {
    /// With accounts and the access policy (not `--open-sync`), and this
    /// many people signed in (their sessions in `ServerProcess::people`).
    pub signed_in: Option<usize>,
    /// More flags for the relay.
    pub args: Vec<String>,
}

/// Someone signed in to a relay started with `RelayMode::signed_in`.
#[derive(Debug, Clone)]
pub struct BenchPerson {
    pub id: String,
    /// The `Cookie` header carrying their session.
    pub cookie: String,
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
    mode: RelayMode,
    child: Child,
    pid: u32,
    url: String,
    people: Vec<BenchPerson>,
    data: TempDir,
}

impl ServerProcess {
    pub async fn start(kind: SystemKind, programs: &Programs) -> anyhow::Result<Self> {
        Self::start_as(kind, programs, RelayMode::default()).await
    }

    /// Starts the system; `mode` says how, for our relay.
    pub async fn start_as(
        kind: SystemKind,
        programs: &Programs,
        mode: RelayMode,
    ) -> anyhow::Result<Self> {
        let data = tempfile::Builder::new()
            .prefix(&format!("concord-bench-{kind}-"))
            .tempdir()?;
        Self::start_on(kind, programs, mode, data).await
    }

    /// Stops the system and starts it again on the same data: what it serves
    /// then comes from its store (a cold start).
    pub async fn restart(self, programs: &Programs) -> anyhow::Result<Self> {
        let Self {
            kind,
            mode,
            mut child,
            data,
            ..
        } = self;
        child.kill().await?;
        Self::start_on(kind, programs, mode, data).await
    }

    async fn start_on(
        kind: SystemKind,
        programs: &Programs,
        mode: RelayMode,
        data: TempDir,
    ) -> anyhow::Result<Self> {
        let mut command = command_for(kind, programs, &mode, data.path())?;
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
        let (announced, people) = timeout(START_LIMIT, announced_address(stdout))
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
            mode,
            child,
            pid,
            url,
            people,
            data,
        })
    }

    pub fn kind(&self) -> SystemKind {
        self.kind
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The people signed in at start (none unless `RelayMode::signed_in`).
    pub fn people(&self) -> &[BenchPerson] {
        &self.people
    }

    /// Where a client connects to check what the system holds: as the
    /// first person signed in, if anyone is.
    pub fn endpoint(&self) -> Endpoint {
        Endpoint {
            url: self.url.clone(),
            cookie: self.people.first().map(|p| p.cookie.clone()),
        }
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

fn command_for(
    kind: SystemKind,
    programs: &Programs,
    mode: &RelayMode,
    data: &Path,
) -> anyhow::Result<Command> {
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
            command.arg("serve-relay");
            match mode.signed_in {
                Some(people) => command.arg(format!("--people={people}")),
                // The plain scenarios' documents are plain Automerge, not
                // Concord templates, and their thousands of clients have no
                // accounts.
                None => command.arg("--open-sync"),
            };
            command
                .arg("--addr=127.0.0.1:0")
                .arg(format!("--data={}", data.join("db").display()))
                .arg(format!("--app-dir={}", data.join("app").display()))
                .args(&mode.args)
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

/// Reads stdout until the line naming the address (and the people signed
/// in before it), then keeps draining it so the child never blocks on a full pipe.
async fn announced_address(stdout: ChildStdout) -> anyhow::Result<(String, Vec<BenchPerson>)> {
    let mut lines = BufReader::new(stdout).lines();
    let mut people = Vec::new();
    while let Some(line) = lines.next_line().await? {
        if let Some(person) = line.strip_prefix(PERSON_LINE) {
            let (id, cookie) = person.split_once(' ').context("a person line")?;
            people.push(BenchPerson {
                id: id.to_owned(),
                cookie: cookie.to_owned(),
            });
        } else if let Some((_, address)) = line.split_once("listening on ") {
            let address = address.trim().to_owned();
            tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
            return Ok((address, people));
        }
    }
    bail!("the server exited before listening")
}

/// How `concord-bench serve-relay --people N` names each person it signed
/// in, on stdout: this, their id, a space, their session's `Cookie` header.
pub const PERSON_LINE: &str = "bench person ";
