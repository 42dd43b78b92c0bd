//! Builds the browser app (cargo → wasm-bindgen → wasm-opt) and the relay,
//! redoing only the steps whose input changed.

use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::Context;

use crate::{
    process,
    tools::{self, WASM_TARGET, is_newer_or_same},
    workspace::Workspace,
};

/// The name wasm-bindgen gives the JS glue and the wasm (`concord_app.js`, `concord_app_bg.wasm`).
const OUT_NAME: &str = "concord_app";
/// The service worker, whose build marker is replaced by a hash of the built files.
const SERVICE_WORKER: &str = "sw.js";
const BUILD_MARKER: &str = "__CONCORD_BUILD__";
/// The cargo profile with the size settings (see the workspace Cargo.toml).
const WASM_PROFILE: &str = "wasm-release";

#[derive(Clone, Copy)]
pub enum Profile {
    /// The browser tests' relay: quick to build, with the test clock.
    Debug,
    Release,
}

/// Builds the relay binary and returns its path.
pub fn build_relay(workspace: &Workspace, profile: Profile) -> anyhow::Result<PathBuf> {
    println!("==> building the relay");
    let mut command = process::cargo();
    command.args([
        "build",
        "--package",
        "concord-relay",
        "--bin",
        "concord-relay",
    ]);
    let dir = match profile {
        // The browser tests' relay: the one build whose clock a test may move.
        Profile::Debug => {
            command.args(["--features", "test-clock"]);
            "debug"
        }
        Profile::Release => {
            command.arg("--release");
            "release"
        }
    };
    command.current_dir(&workspace.root);
    process::run(command)?;
    Ok(workspace.target.join(dir).join("concord-relay"))
}

/// The wasm-bindgen output, before wasm-opt: it still names its functions.
pub fn bound_wasm(workspace: &Workspace) -> PathBuf {
    workspace
        .target
        .join("app-bindgen")
        .join(format!("{OUT_NAME}_bg.wasm"))
}

/// Builds the app into `<target>/app` (what the relay serves) and returns that directory.
pub fn build_app(workspace: &Workspace) -> anyhow::Result<PathBuf> {
    tools::ensure_wasm_target()?;
    let wasm_bindgen = tools::ensure_wasm_bindgen(workspace)?;
    let wasm_opt = tools::ensure_wasm_opt(workspace)?;

    println!("==> building the app (wasm32, size profile)");
    let mut command = process::cargo();
    command
        .args(["build", "--package", "concord-app", "--bin", "concord-app"])
        .args(["--target", WASM_TARGET, "--profile", WASM_PROFILE])
        .current_dir(&workspace.root);
    process::run(command)?;
    let compiled = workspace
        .target
        .join(WASM_TARGET)
        .join(WASM_PROFILE)
        .join("concord-app.wasm");

    let bound = workspace.target.join("app-bindgen");
    let bound_wasm = bound_wasm(workspace);
    if !is_newer_or_same(&bound_wasm, &compiled) {
        println!("==> wasm-bindgen");
        // Into a scratch directory first, so an interrupted run never leaves a
        // half-written output that looks up to date.
        let scratch = workspace.target.join("app-bindgen.partial");
        let _ = fs::remove_dir_all(&scratch);
        let mut command = Command::new(&wasm_bindgen.cli);
        command
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                OUT_NAME,
                "--out-dir",
            ])
            .arg(&scratch)
            .arg(&compiled);
        process::run(command)?;
        let _ = fs::remove_dir_all(&bound);
        fs::rename(&scratch, &bound).context("moving wasm-bindgen's output into place")?;
    }

    let dist = workspace.target.join("app");
    fs::create_dir_all(&dist)?;
    let shipped_wasm = dist.join(format!("{OUT_NAME}_bg.wasm"));
    if !is_newer_or_same(&shipped_wasm, &bound_wasm) {
        println!("==> wasm-opt -Oz");
        let partial = dist.join(format!("{OUT_NAME}_bg.wasm.partial"));
        let mut command = Command::new(&wasm_opt);
        command.arg("-Oz").arg(&bound_wasm).arg("-o").arg(&partial);
        process::run(command)?;
        fs::rename(&partial, &shipped_wasm)?;
    }
    let glue = format!("{OUT_NAME}.js");
    copy_if_newer(&bound.join(&glue), &dist.join(&glue))?;
    let mut keep = vec![shipped_wasm.clone(), dist.join(&glue)];
    mirror(&workspace.root.join("public"), &dist, &mut keep)?;
    keep.push(write_service_worker(&workspace.root.join("public"), &dist)?);
    remove_stale(&dist, &keep)?;
    let size = fs::metadata(&shipped_wasm)?.len();
    println!(
        "==> app built in {} (wasm {} KiB before compression)",
        dist.display(),
        size / 1024
    );
    Ok(dist)
}

fn copy_if_newer(from: &Path, to: &Path) -> anyhow::Result<()> {
    if !is_newer_or_same(to, from) {
        fs::copy(from, to)
            .with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
    }
    Ok(())
}

/// Copies the files of `from` into `to` (recursively), noting each destination in `keep`.
fn mirror(from: &Path, to: &Path, keep: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_name() == SERVICE_WORKER {
            continue; // written by `write_service_worker`, with its build hash
        } else if entry.file_type()?.is_dir() {
            fs::create_dir_all(&target)?;
            mirror(&entry.path(), &target, keep)?;
        } else {
            copy_if_newer(&entry.path(), &target)?;
        }
        keep.push(target);
    }
    Ok(())
}

/// Removes files from `dir` that no longer come from anywhere (a file deleted from public/).
fn remove_stale(dir: &Path, keep: &[PathBuf]) -> anyhow::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if keep.contains(&path) {
            if path.is_dir() {
                remove_stale(&path, keep)?;
            }
        } else if path.is_dir() {
            fs::remove_dir_all(&path)?;
        } else {
            fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// Writes `dist/sw.js` from `public/sw.js` with the hash of every other built
/// file in place of the marker: any change to the app makes a byte-different
/// worker, which the browser installs with a fresh cache. Rewritten only
/// when its text changes, so an unchanged build keeps the file as it was.
fn write_service_worker(public: &Path, dist: &Path) -> anyhow::Result<PathBuf> {
    let source = fs::read_to_string(public.join(SERVICE_WORKER))
        .with_context(|| format!("reading public/{SERVICE_WORKER}"))?;
    anyhow::ensure!(
        source.contains(BUILD_MARKER),
        "public/{SERVICE_WORKER} lacks the build marker {BUILD_MARKER}"
    );
    let target = dist.join(SERVICE_WORKER);
    let mut files = Vec::new();
    list_files(dist, &mut files)?;
    files.retain(|f| f != &target);
    files.sort();
    let mut hash = Fnv64::default();
    for file in &files {
        hash.write(file.strip_prefix(dist)?.to_string_lossy().as_bytes());
        hash.write(&fs::read(file)?);
    }
    let text = source.replace(BUILD_MARKER, &format!("{:016x}", hash.0));
    if fs::read_to_string(&target).ok().as_deref() != Some(text.as_str()) {
        fs::write(&target, text)?;
    }
    Ok(target)
}

fn list_files(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            list_files(&path, out)?;
        } else if !path.to_string_lossy().ends_with(".partial") {
            out.push(path);
        }
    }
    Ok(())
}

/// FNV-1a: stable across Rust versions (unlike `DefaultHasher`), enough to
/// tell one build from another.
struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv64 {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_service_worker_gets_a_hash_that_follows_the_build() {
        let root = std::env::temp_dir().join(format!("concord-sw-{}", std::process::id()));
        let (public, dist) = (root.join("public"), root.join("dist"));
        fs::create_dir_all(&public).unwrap();
        fs::create_dir_all(&dist).unwrap();
        fs::write(
            public.join(SERVICE_WORKER),
            "const BUILD = '__CONCORD_BUILD__';",
        )
        .unwrap();
        fs::write(dist.join("app.wasm"), b"one").unwrap();
        let sw = write_service_worker(&public, &dist).unwrap();
        let first = fs::read_to_string(&sw).unwrap();
        assert!(!first.contains(BUILD_MARKER));
        assert_eq!(write_service_worker(&public, &dist).unwrap(), sw);
        assert_eq!(
            fs::read_to_string(&sw).unwrap(),
            first,
            "same build, same worker"
        );
        fs::write(dist.join("app.wasm"), b"two").unwrap();
        write_service_worker(&public, &dist).unwrap();
        assert_ne!(
            fs::read_to_string(&sw).unwrap(),
            first,
            "a new build is a new worker"
        );
        fs::remove_dir_all(&root).unwrap();
    }
}
