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
/// The cargo profile with the size settings (see the workspace Cargo.toml).
const WASM_PROFILE: &str = "wasm-release";

#[derive(Clone, Copy)]
pub enum Profile {
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
        Profile::Debug => "debug",
        Profile::Release => {
            command.arg("--release");
            "release"
        }
    };
    command.current_dir(&workspace.root);
    process::run(command)?;
    Ok(workspace.target.join(dir).join("concord-relay"))
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
    let bound_wasm = bound.join(format!("{OUT_NAME}_bg.wasm"));
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
        if entry.file_type()?.is_dir() {
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
