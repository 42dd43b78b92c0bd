//! `cargo xtask bench`: prints figures; asserts nothing.

use std::{fs, io::Write as _, path::Path};

use flate2::{Compression, write::GzEncoder};

use crate::{app_build, process, tools, wasm_crates, workspace::Workspace};

/// Which figures `cargo xtask bench` prints.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Part {
    All,
    /// The model's only: no browser app is built.
    Model,
    /// The task and message centres' only (issue 20).
    Centres,
    /// The views across documents only (issue 21): search, dashboard.
    Views,
    /// The app only (issue 25): size, code per crate, open and keystrokes.
    App,
}

/// The browser benchmarks of the views across documents.
const VIEW_BENCHES: [&str; 2] = ["bench/search-bench.mjs", "bench/dashboard-bench.mjs"];

pub fn run(workspace: &Workspace, part: Part) -> anyhow::Result<()> {
    if part == Part::Centres {
        relay_digests(workspace)?;
        let app = app_build::build_app(workspace)?;
        return in_browser(workspace, &app, "bench/centre-bench.mjs");
    }
    if part == Part::Views {
        let app = app_build::build_app(workspace)?;
        return VIEW_BENCHES
            .iter()
            .try_for_each(|bench| in_browser(workspace, &app, bench));
    }
    if part == Part::App {
        let app = app_build::build_app(workspace)?;
        return app_figures(workspace, &app);
    }
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
    if part == Part::Model {
        return Ok(());
    }
    relay_digests(workspace)?;
    let app = app_build::build_app(workspace)?;
    app_figures(workspace, &app)?;
    in_browser(workspace, &app, "bench/centre-bench.mjs")?;
    VIEW_BENCHES
        .iter()
        .try_for_each(|bench| in_browser(workspace, &app, bench))
}

/// The app's download size, its code per crate, then its open time and
/// keystroke latency in Chromium.
fn app_figures(workspace: &Workspace, app: &Path) -> anyhow::Result<()> {
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
    print_code_per_crate(workspace)?;
    in_browser(workspace, app, "bench/app-bench.mjs")
}

/// The crates the app's code bytes go to, largest first.
fn print_code_per_crate(workspace: &Workspace) -> anyhow::Result<()> {
    const SHOWN: usize = 16;
    let wasm = fs::read(app_build::bound_wasm(workspace))?;
    let (total, crates) = wasm_crates::code_per_crate(&wasm)?;
    println!("\n== app code per crate (function bytes before wasm-opt; {total} in all)");
    for krate in crates.iter().take(SHOWN) {
        let share = 100.0 * krate.bytes as f64 / total.max(1) as f64;
        println!("{:<32} {:>12} {share:>6.1}%", krate.name, krate.bytes);
    }
    let rest: usize = crates.iter().skip(SHOWN).map(|c| c.bytes).sum();
    let share = 100.0 * rest as f64 / total.max(1) as f64;
    let others = crates.len().saturating_sub(SHOWN);
    println!(
        "{:<32} {rest:>12} {share:>6.1}%",
        format!("{others} others")
    );
    Ok(())
}

/// The relay's cost of producing tasks and messages per accepted change,
/// side by side with accepting it: bench/examples/digest_per_change.rs, in
/// release.
fn relay_digests(workspace: &Workspace) -> anyhow::Result<()> {
    const EXAMPLE: &str = "digest_per_change";
    let mut build = process::cargo();
    build
        .args([
            "build",
            "--quiet",
            "--release",
            "--package",
            "concord-bench",
            "--example",
            EXAMPLE,
        ])
        .current_dir(&workspace.root);
    process::run(build)?;
    let example = workspace.target.join("release/examples").join(EXAMPLE);
    process::run(std::process::Command::new(example))
}

/// A script of e2e/bench, measuring in Chromium against a release relay
/// serving the built app.
fn in_browser(workspace: &Workspace, app: &Path, script: &str) -> anyhow::Result<()> {
    tools::ensure_chromium()?;
    tools::ensure_e2e_packages(workspace)?;
    let relay = app_build::build_relay(workspace, app_build::Profile::Release)?;
    let mut command = std::process::Command::new("node");
    command
        .arg(script)
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
