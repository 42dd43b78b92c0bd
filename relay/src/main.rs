use std::{io::IsTerminal as _, path::PathBuf};

use anyhow::{Context, bail};
use clap::Parser;
use concord_relay::{
    Config, Relay,
    accounts::AccountsMigration,
    store::{DocumentMigration, PostgresStore, SqliteStore},
};
use tracing_subscriber::EnvFilter;

/// The relay serves by default; `migrate` is a one-off job.
#[derive(Debug, clap::Parser)]
#[command(name = "concord-relay", version, about = "Concord's relay server")]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    job: Option<Job>,
}

#[derive(Debug, clap::Subcommand)]
enum Job {
    /// Copy every document and the accounts (people, sessions, actor
    /// bindings, the directory, the calendar) of an embedded (SQLite)
    /// workspace into a PostgreSQL database, checking each document's heads
    /// and every account record after the copy. Safe to run again: it copies
    /// only what is not there yet.
    Migrate {
        /// The data directory of the relay that ran on SQLite (its --data).
        #[arg(long)]
        from: PathBuf,
        /// The PostgreSQL database: postgres://user:password@host:port/database.
        #[arg(long)]
        to: String,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    match cli.job {
        Some(Job::Migrate { from, to }) => tokio::task::spawn_blocking(move || migrate(&from, &to))
            .await
            .context("the migration stopped unexpectedly")?,
        None => serve(cli.config).await,
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let relay = Relay::bind(&config)
        .await
        .with_context(|| format!("starting the relay on {}", config.addr))?;
    // The one line on stdout: tools (xtask, the e2e harness) read the bound port from it.
    println!("Concord relay listening on {}", relay.url());
    if config.open_sync {
        tracing::warn!("--open-sync: /sync admits anyone, with no access checks");
    }
    if let Some(link) = relay.setup_link() {
        // On stderr with the logs: stdout's one line is for tools.
        eprintln!(
            "\nNo admin yet. Open this link to set up the first admin (works once):\n  {link}\n"
        );
    }
    relay.serve(shutdown_signal()).await.context("serving")?;
    tracing::info!("relay stopped");
    Ok(())
}

fn migrate(from: &std::path::Path, to: &str) -> anyhow::Result<()> {
    if !SqliteStore::exists_in(from) {
        bail!(
            "{} holds no Concord store (concord.sqlite3): give the relay's data directory",
            from.display()
        );
    }
    let source = SqliteStore::open(from).with_context(|| format!("opening {}", from.display()))?;
    let target = PostgresStore::open(to)?;
    let migration = DocumentMigration::run(&source, &target)
        .with_context(|| format!("migrating to {}", target.server()))?;
    println!(
        "{} documents copied, {} already there, from {} to {}; each one's heads checked",
        migration.copied.len(),
        migration.already_there.len(),
        source.path().display(),
        target.server()
    );
    let accounts_file = from.join("accounts.sqlite");
    if accounts_file.exists() {
        let accounts = AccountsMigration::run(&accounts_file, &target.database())
            .with_context(|| format!("migrating the accounts to {}", target.server()))?;
        let rows: Vec<String> = accounts
            .rows
            .iter()
            .map(|(table, rows)| format!("{rows} {table}"))
            .collect();
        println!(
            "accounts: {}; each record checked in {}",
            rows.join(", "),
            target.server()
        );
        if !accounts.differing.is_empty() {
            for (table, rows) in &accounts.differing {
                eprintln!(
                    "{rows} records of {table} differ in the target (already there, otherwise)"
                );
            }
            bail!(
                "the target holds some account records differently; nothing of those was overwritten"
            );
        }
    } else {
        println!(
            "no accounts.sqlite in {}: no accounts to move",
            from.display()
        );
    }
    if !migration.damaged.is_empty() {
        for (doc, parts) in &migration.damaged {
            eprintln!("not copied: document {doc} has damaged parts ({parts})");
        }
        bail!(
            "{} damaged documents were not copied; they are unchanged in {}",
            migration.damaged.len(),
            from.display()
        );
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {},
                    _ = term.recv() => {},
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
