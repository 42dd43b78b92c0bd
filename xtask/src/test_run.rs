//! `cargo xtask test`: every suite, then one `N passed, N failed` line.

use std::{path::Path, process::Command};

use anyhow::Context;

use crate::{
    app_build::{self, Profile},
    process,
    tally::Tally,
    tools::{self, CHROMEDRIVER, CHROMIUM, WASM_TARGET},
    workspace::Workspace,
};

/// Where the interop tests find the e2e folder and its npm packages.
const E2E_DIR_VAR: &str = "CONCORD_E2E_DIR";

pub struct Outcome {
    tally: Tally,
    broken: Vec<String>,
}

impl Outcome {
    pub fn all_passed(&self) -> bool {
        self.tally.failed == 0 && self.broken.is_empty()
    }
}

/// A suite: a name, and how to run it, counting its results into a tally.
type Suite = fn(&Workspace, &mut Tally) -> anyhow::Result<bool>;

pub fn run_all(workspace: &Workspace) -> Outcome {
    let suites: [(&str, Suite); 4] = [
        (
            "formatting and lints (cargo fmt --check, cargo clippy -D warnings)",
            lints,
        ),
        ("native tests (cargo test --workspace)", native_tests),
        ("wasm tests in Chromium (wasm-bindgen-test)", wasm_tests),
        ("browser end-to-end tests (Playwright)", e2e_tests),
    ];
    let mut outcome = Outcome {
        tally: Tally::default(),
        broken: Vec::new(),
    };
    for (name, suite) in suites {
        println!("\n==> {name}");
        let mut tally = Tally::default();
        let result = suite(workspace, &mut tally);
        outcome.tally.add(tally);
        match result {
            Ok(true) => {}
            // A runner that failed but reported no failing test (a compile
            // error, a crash, a missing tool) still counts as one failure.
            Ok(false) if tally.failed > 0 => {}
            Ok(false) => outcome.broken.push(format!("{name}: the runner failed")),
            Err(error) => outcome.broken.push(format!("{name}: {error:#}")),
        }
    }
    println!();
    for broken in &outcome.broken {
        println!("FAILED {broken}");
    }
    let failed = outcome.tally.failed + outcome.broken.len() as u64;
    println!("{} passed, {failed} failed", outcome.tally.passed);
    outcome
}

/// Reports no test counts: it passes silently or counts as one failure.
fn lints(workspace: &Workspace, _: &mut Tally) -> anyhow::Result<bool> {
    tools::ensure_rust_components(&["rustfmt", "clippy"])?;
    let mut fmt = process::cargo();
    fmt.args(["fmt", "--all", "--check"])
        .current_dir(&workspace.root);
    let mut clippy = process::cargo();
    clippy
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&workspace.root);
    Ok(process::run(fmt).is_ok() & process::run(clippy).is_ok())
}

fn native_tests(workspace: &Workspace, tally: &mut Tally) -> anyhow::Result<bool> {
    tools::ensure_postgresql()?;
    tools::ensure_nats_server()?;
    let mut command = process::cargo();
    command
        .args(["test", "--workspace", "--no-fail-fast"])
        .current_dir(&workspace.root);
    with_npm_sync_server(workspace, &mut command)?;
    process::run_teed(command, |line| tally.read_libtest_line(line))
}

/// The interop tests (`interop/tests/`) run the npm automerge-repo sync server
/// installed in e2e/node_modules; without this variable they skip, so that a
/// plain `cargo test` needs no Node.
fn with_npm_sync_server(workspace: &Workspace, command: &mut Command) -> anyhow::Result<()> {
    tools::ensure_e2e_packages(workspace)?;
    command.env(E2E_DIR_VAR, workspace.root.join("e2e"));
    Ok(())
}

fn wasm_tests(workspace: &Workspace, tally: &mut Tally) -> anyhow::Result<bool> {
    tools::ensure_wasm_target()?;
    let wasm_bindgen = tools::ensure_wasm_bindgen(workspace)?;
    tools::ensure_chromium()?;
    let mut command = process::cargo();
    command
        .args(["test", "--package", "concord-app", "--no-fail-fast"])
        // Every file in app/tests is a browser test: a new one runs without
        // anyone having to remember to list it here.
        .args(
            app_test_targets(&workspace.root)?
                .iter()
                .flat_map(|name| ["--test", name.as_str()]),
        )
        .args(["--target", WASM_TARGET])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            &wasm_bindgen.test_runner,
        )
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .current_dir(&workspace.root);
    process::run_teed(command, |line| tally.read_libtest_line(line))
}

fn e2e_tests(workspace: &Workspace, tally: &mut Tally) -> anyhow::Result<bool> {
    e2e_run(workspace, &[], tally)
}

/// `cargo xtask e2e`: the named test files (or all) and node flags.
pub fn e2e_only(workspace: &Workspace, args: &[String]) -> anyhow::Result<bool> {
    let mut tally = Tally::default();
    let passed = e2e_run(workspace, args, &mut tally)?;
    println!("\n{} passed, {} failed", tally.passed, tally.failed);
    Ok(passed && tally.failed == 0)
}

fn e2e_run(workspace: &Workspace, args: &[String], tally: &mut Tally) -> anyhow::Result<bool> {
    tools::ensure_chromium()?;
    tools::ensure_pdf_tools()?;
    tools::ensure_e2e_packages(workspace)?;
    let app = app_build::build_app(workspace)?;
    let relay = app_build::build_relay(workspace, Profile::Debug)?;
    let e2e = workspace.root.join("e2e");
    let (flags, named): (Vec<&String>, Vec<&String>) =
        args.iter().partition(|a| a.starts_with("--"));
    let files = if named.is_empty() {
        test_files(&e2e.join("tests"))?
    } else {
        named.into_iter().cloned().collect()
    };
    let mut command = Command::new("node");
    command
        .args(["--test", "--test-reporter=tap", "--test-concurrency=1"])
        .args(flags)
        .args(&files)
        .env("CONCORD_RELAY_BIN", relay)
        .env("CONCORD_APP_DIR", app)
        .env("CONCORD_CHROMIUM", CHROMIUM)
        // The tests write their fixture documents with `cargo xtask fixture`.
        .env("CONCORD_XTASK", std::env::current_exe()?)
        .current_dir(&e2e);
    process::run_teed(command, |line| tally.read_tap_line(line))
}

/// The e2e test files, in a stable order.
fn test_files(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".test.mjs"))
        .map(|name| format!("tests/{name}"))
        .collect();
    files.sort();
    anyhow::ensure!(
        !files.is_empty(),
        "no *.test.mjs files in {}",
        dir.display()
    );
    Ok(files)
}

/// The integration test targets of the app: the `.rs` files in `app/tests`.
fn app_test_targets(root: &Path) -> anyhow::Result<Vec<String>> {
    let dir = root.join("app").join("tests");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "rs")
            && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
        {
            names.push(stem.to_owned());
        }
    }
    names.sort();
    anyhow::ensure!(!names.is_empty(), "no browser tests in {}", dir.display());
    Ok(names)
}
