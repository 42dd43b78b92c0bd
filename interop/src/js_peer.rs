use std::{path::Path, process::Stdio, time::Duration};

use anyhow::{Context, ensure};
use tokio::{process::Command, time::timeout};

/// How long one run of the JavaScript peer may take, Node's start included.
const RUN_LIMIT: Duration = Duration::from_secs(30);

/// Runs `e2e/interop/js-peer.mjs` (a JavaScript automerge-repo 2.x peer)
/// with `args` and returns the JSON line it prints.
pub async fn run_js_peer(e2e_dir: &Path, args: &[&str]) -> anyhow::Result<serde_json::Value> {
    let script = e2e_dir.join("interop/js-peer.mjs");
    let run = Command::new("node")
        .arg(&script)
        .args(args)
        .current_dir(e2e_dir)
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output();
    let output = timeout(RUN_LIMIT, run)
        .await
        .with_context(|| format!("node {} {args:?} did not finish in time", script.display()))?
        .with_context(|| format!("running node {}", script.display()))?;
    ensure!(
        output.status.success(),
        "node {} {args:?} failed ({}):\n{}",
        script.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let line = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(line.trim()).with_context(|| format!("reading the peer's answer {line:?}"))
}
