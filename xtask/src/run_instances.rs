//! `cargo xtask run --instances N`: several relays sharing one workspace on
//! this machine, as behind a load balancer. PostgreSQL (its data kept under
//! the target directory from run to run) and nats-server start on free
//! loopback ports; the relays listen on consecutive ports from `--addr`.
//! Ctrl-C stops everything.

use std::{
    io::{BufRead as _, BufReader},
    net::SocketAddr,
    path::PathBuf,
    process::{Child, Command, Stdio},
};

use anyhow::{Context, bail};
use concord_local_nats::LocalNats;
use concord_local_postgres::LocalPostgres;

use crate::{app_build, tools, workspace::Workspace};

/// What a relay prints on stdout once it listens (see the relay's `main`).
const LISTENING: &str = "Concord relay listening on ";

/// The started relays; dropping this stops them (PostgreSQL and NATS are
/// dropped after, being declared before it in `run`).
struct Relays(Vec<Child>);

impl Drop for Relays {
    fn drop(&mut self) {
        for child in &mut self.0 {
            // Ctrl-C reached them too (one process group); this is for the rest.
            let _ = Command::new("kill").arg(child.id().to_string()).status();
            let _ = child.wait();
        }
    }
}

pub fn run(
    workspace: &Workspace,
    instances: u16,
    addr: SocketAddr,
    data: PathBuf,
) -> anyhow::Result<()> {
    if instances == 0 {
        bail!("--instances must be at least 1");
    }
    tools::ensure_postgresql()?;
    tools::ensure_nats_server()?;
    let app = app_build::build_app(workspace)?;
    let relay = app_build::build_relay(workspace, app_build::Profile::Release)?;
    let data = workspace.root.join(data);

    let pg_root = workspace.target.join("run-postgres");
    println!("==> starting PostgreSQL (data in {})", pg_root.display());
    let postgres = LocalPostgres::start_kept(&pg_root).context("starting PostgreSQL")?;
    let database_url = postgres
        .ensure_database("concord")
        .context("creating the database")?;
    println!("==> starting nats-server");
    let nats = LocalNats::start().context("starting nats-server")?;
    println!(
        "    PostgreSQL {database_url}\n    NATS       {}",
        nats.url()
    );

    let mut relays = Relays(Vec::new());
    for n in 0..instances {
        let at = SocketAddr::new(addr.ip(), next_port(addr.port(), n)?);
        let mut command = Command::new(&relay);
        command
            .arg("--addr")
            .arg(at.to_string())
            .arg("--data")
            .arg(data.join(format!("instance-{n}")))
            .arg("--app-dir")
            .arg(&app)
            .arg("--database-url")
            .arg(&database_url)
            .arg("--broker-url")
            .arg(nats.url())
            .current_dir(&workspace.root)
            .stdout(Stdio::piped());
        let mut child = command.spawn().context("starting a relay")?;
        let url = listening_url(&mut child);
        relays.0.push(child);
        let url = url.with_context(|| format!("relay {n} did not start (its log is above)"))?;
        println!("==> relay {n}: {url}");
    }
    println!("==> {instances} relays share {database_url}; Ctrl-C stops them all");
    wait_for_ctrl_c()?;
    println!("==> stopping");
    drop(relays);
    drop(nats);
    drop(postgres);
    Ok(())
}

/// The relay's URL from its one stdout line; `None` if it exits first.
fn listening_url(child: &mut Child) -> Option<String> {
    let stdout = child.stdout.take()?;
    let mut lines = BufReader::new(stdout).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| line.strip_prefix(LISTENING).map(str::to_owned))?;
    // Keep reading, so the relay never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Some(url)
}

/// Port 0 stays 0 (each relay picks a free one); otherwise consecutive ports.
fn next_port(base: u16, n: u16) -> anyhow::Result<u16> {
    if base == 0 {
        return Ok(0);
    }
    base.checked_add(n)
        .context("--addr's port plus --instances passes 65535")
}

fn wait_for_ctrl_c() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("waiting for Ctrl-C")?
        .block_on(tokio::signal::ctrl_c())
        .context("waiting for Ctrl-C")
}
