//! `cargo xtask bench relay`: our relay side by side with the npm
//! automerge-repo sync server and a bare echo relay (issue 6). Builds the
//! load generator in release, installs the npm sync server, and hands over
//! to `concord-bench run`, which prints the table and writes the JSON.

use crate::{process, tools, workspace::Workspace};

pub fn run(workspace: &Workspace, args: &[String]) -> anyhow::Result<()> {
    tools::ensure_e2e_packages(workspace)?;
    // The cluster scenario's PostgreSQL and broker.
    tools::ensure_postgresql()?;
    tools::ensure_nats_server()?;
    println!("==> building the load generator (release)");
    let mut build = process::cargo();
    build
        .args(["build", "--release", "--package", "concord-bench"])
        .current_dir(&workspace.root);
    process::run(build)?;
    let out = workspace.target.join("bench/relay.json");
    let mut bench = std::process::Command::new(workspace.target.join("release/concord-bench"));
    bench
        .arg("run")
        .arg("--e2e-dir")
        .arg(workspace.root.join("e2e"))
        .arg("--out")
        .arg(&out)
        .args(args)
        .current_dir(&workspace.root);
    process::run(bench)
}
