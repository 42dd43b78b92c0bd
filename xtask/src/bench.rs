//! `cargo xtask bench`: prints figures; asserts nothing.

use std::{fs, io::Write as _, path::Path};

use flate2::{Compression, write::GzEncoder};

use crate::{app_build, process, tools, workspace::Workspace};

pub fn run(workspace: &Workspace, model_only: bool) -> anyhow::Result<()> {
    // Timings from a debug build would mislead: the model part runs in a
    // release build of xtask.
    let mut model = process::cargo();
    model
        .args([
            "run",
            "--quiet",
            "--release",
            "--package",
            "xtask",
            "--",
            "bench-model",
        ])
        .current_dir(&workspace.root);
    process::run(model)?;
    if model_only {
        return Ok(());
    }
    let app = app_build::build_app(workspace)?;
    println!("\n== app size (what a browser downloads)");
    println!("{:<24} {:>12} {:>12}", "file", "raw bytes", "gzip -9");
    for name in [
        "concord_app_bg.wasm",
        "concord_app.js",
        "index.html",
        "style.css",
    ] {
        let path = app.join(name);
        if path.is_file() {
            let (raw, gzip) = sizes(&path)?;
            println!("{name:<24} {raw:>12} {gzip:>12}");
        }
    }
    app_in_browser(workspace, &app)
}

/// Open time and keystroke latency, measured in Chromium by e2e/bench/app-bench.mjs
/// against a release relay serving the built app.
fn app_in_browser(workspace: &Workspace, app: &Path) -> anyhow::Result<()> {
    tools::ensure_chromium()?;
    tools::ensure_e2e_packages(workspace)?;
    let relay = app_build::build_relay(workspace, app_build::Profile::Release)?;
    let mut command = std::process::Command::new("node");
    command
        .arg("bench/app-bench.mjs")
        .env("CONCORD_RELAY_BIN", relay)
        .env("CONCORD_APP_DIR", app)
        .env("CONCORD_CHROMIUM", tools::CHROMIUM)
        .env("CONCORD_XTASK", std::env::current_exe()?)
        .current_dir(workspace.root.join("e2e"));
    process::run(command)
}

fn sizes(path: &Path) -> anyhow::Result<(usize, usize)> {
    let bytes = fs::read(path)?;
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(&bytes)?;
    Ok((bytes.len(), encoder.finish()?.len()))
}
