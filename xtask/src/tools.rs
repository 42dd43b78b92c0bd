//! Finds the tools the build and tests need, and installs any that are missing.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{Context, bail};

use crate::{process, workspace::Workspace};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// A font with Chinese glyphs, so screenshots of the zh-CN interface show text, not boxes.
const CJK_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

fn installing(what: &str, why: &str) {
    println!("==> installing {what} ({why})");
}

pub fn ensure_wasm_target() -> anyhow::Result<()> {
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()?;
    let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
    if sysroot.join("lib/rustlib").join(WASM_TARGET).is_dir() {
        return Ok(());
    }
    installing(
        "the wasm32-unknown-unknown Rust target",
        "to compile the browser app",
    );
    let mut command = Command::new("rustup");
    command.args(["target", "add", WASM_TARGET]);
    process::run(command).context("the wasm32 target is needed; install it with rustup")
}

/// rustup components such as rustfmt and clippy (absent from a minimal toolchain).
pub fn ensure_rust_components(components: &[&str]) -> anyhow::Result<()> {
    let present = |component: &&str| {
        let program = if *component == "clippy" {
            "cargo-clippy"
        } else {
            *component
        };
        Command::new(program)
            .arg("--version")
            .output()
            .is_ok_and(|out| out.status.success())
    };
    let missing: Vec<&str> = components.iter().copied().filter(|c| !present(c)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    installing(&missing.join(", "), "to check formatting and lints");
    let mut command = Command::new("rustup");
    command.args(["component", "add"]).args(&missing);
    process::run(command)
}

/// The wasm-bindgen CLI and its test runner, at exactly the version Cargo.lock pins
/// (the CLI refuses modules made by another version of the library).
pub struct WasmBindgen {
    pub cli: PathBuf,
    pub test_runner: PathBuf,
}

pub fn ensure_wasm_bindgen(workspace: &Workspace) -> anyhow::Result<WasmBindgen> {
    let version = workspace.locked_version("wasm-bindgen")?;
    let bin = cargo_home().join("bin");
    let found = |dir: &Path| WasmBindgen {
        cli: dir.join("wasm-bindgen"),
        test_runner: dir.join("wasm-bindgen-test-runner"),
    };
    let tools = found(&bin);
    if process::reports_version(&tools.cli, &version) && tools.test_runner.is_file() {
        return Ok(tools);
    }
    installing(
        &format!("wasm-bindgen-cli {version}"),
        "to package the app and run its wasm tests; about 7 minutes, once per machine",
    );
    let mut command = process::cargo();
    // Not --locked: one crate it pins is no longer published.
    command.args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &version,
        "--force",
    ]);
    process::run(command)?;
    if !process::reports_version(&tools.cli, &version) {
        bail!(
            "installed wasm-bindgen-cli {version}, but {} does not report it",
            tools.cli.display()
        );
    }
    Ok(tools)
}

fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

/// `wasm-opt` from the npm `binaryen` package pinned in xtask/package.json
/// (Debian's binaryen is too old: Chromium rejects what it writes).
pub fn ensure_wasm_opt(workspace: &Workspace) -> anyhow::Result<PathBuf> {
    let dir = workspace.root.join("xtask");
    npm_ci(&dir, "binaryen (wasm-opt)", "to shrink the app's wasm")?;
    Ok(dir.join("node_modules/.bin/wasm-opt"))
}

/// The e2e suite's npm packages: playwright-core, and the JavaScript
/// automerge-repo client and sync server the interop tests run against.
pub fn ensure_e2e_packages(workspace: &Workspace) -> anyhow::Result<()> {
    npm_ci(
        &workspace.root.join("e2e"),
        "the e2e npm packages (playwright-core, automerge-repo, its sync server)",
        "to drive Chromium and to test interop with JavaScript automerge-repo",
    )
}

/// Installs a folder's npm packages exactly as its lock file says, unless already done.
fn npm_ci(dir: &Path, what: &str, why: &str) -> anyhow::Result<()> {
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules/.package-lock.json");
    if is_newer_or_same(&installed, &lock) {
        return Ok(());
    }
    installing(what, why);
    let mut command = Command::new("npm");
    command
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir);
    process::run(command).context("npm is needed (Node.js 20 or newer)")
}

/// Debian's Chromium and its WebDriver, for the wasm tests and the e2e suite.
pub fn ensure_chromium() -> anyhow::Result<()> {
    if [CHROMIUM, CHROMEDRIVER, CJK_FONT]
        .iter()
        .all(|p| Path::new(p).is_file())
    {
        return Ok(());
    }
    installing(
        "Debian's chromium, chromium-driver and a Chinese font",
        "the browser the tests run in",
    );
    apt_install(&["chromium", "chromium-driver", "fonts-wqy-microhei"])
        .context("installing chromium needs root or password-less sudo")
}

/// Debian's poppler-utils: the print test reads the text of Chromium's PDF
/// (`pdftotext`) and draws its pages for people to look at (`pdftoppm`).
pub fn ensure_pdf_tools() -> anyhow::Result<()> {
    if ["/usr/bin/pdftotext", "/usr/bin/pdftoppm"]
        .iter()
        .all(|p| Path::new(p).is_file())
    {
        return Ok(());
    }
    installing(
        "Debian's poppler-utils",
        "the print test reads the PDF Chromium saves",
    );
    apt_install(&["poppler-utils"])
        .context("installing poppler-utils needs root or password-less sudo")
}

/// Debian's PostgreSQL 15 server programs: the relay's tests start a
/// PostgreSQL of their own from them (`concord-local-postgres`).
pub fn ensure_postgresql() -> anyhow::Result<()> {
    if concord_local_postgres::ServerBinaries::find().is_ok() {
        return Ok(());
    }
    installing(
        "Debian's postgresql",
        "the relay's tests run its PostgreSQL store against a server of their own",
    );
    apt_install(&["postgresql"]).context("installing postgresql needs root or password-less sudo")
}

/// Debian's nats-server: the relay's tests start a broker of their own from
/// it (`concord-local-nats`) to test relays that share one workspace.
pub fn ensure_nats_server() -> anyhow::Result<()> {
    if concord_local_nats::ServerBinary::find().is_ok() {
        return Ok(());
    }
    installing(
        "Debian's nats-server",
        "the relay's tests run several relays that tell each other of changes through it",
    );
    apt_install(&["nats-server"]).context("installing nats-server needs root or password-less sudo")
}

/// `apt-get install` as root, or through password-less sudo.
fn apt_install(packages: &[&str]) -> anyhow::Result<()> {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    let apt = |args: &[&str]| {
        let mut command = if root {
            Command::new("apt-get")
        } else {
            Command::new("sudo")
        };
        if !root {
            command.args(["-n", "apt-get"]);
        }
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    process::run(apt(&["update"]))?;
    process::run(apt(&[&["install", "-y"], packages].concat()))
}

/// Whether `a` exists and was modified no earlier than `b` (which must exist).
pub fn is_newer_or_same(a: &Path, b: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(a), modified(b)) {
        (Some(a), Some(b)) => a >= b,
        _ => false,
    }
}
