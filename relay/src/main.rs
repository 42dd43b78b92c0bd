use std::io::IsTerminal as _;

use anyhow::Context;
use clap::Parser;
use concord_relay::{Config, Relay};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();

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
