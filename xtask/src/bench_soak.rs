//! `cargo xtask bench soak`: the relay's SIGKILL durability test with many
//! more kills than the regular suite runs.

use anyhow::bail;

use crate::{process, workspace::Workspace};

/// Kills in a soak run unless `--kills` says otherwise; the regular test runs 20.
pub const DEFAULT_KILLS: u32 = 200;

pub fn run(workspace: &Workspace, kills: u32, seed: Option<u64>) -> anyhow::Result<()> {
    println!("\n== relay durability soak: {kills} SIGKILLs while a client streams changes");
    let mut command = process::cargo();
    command
        .args([
            "test",
            "-p",
            "concord-relay",
            "--test",
            "durability",
            "--",
            "--nocapture",
            // SQLite's run; its PostgreSQL twin prints under another name.
            "--exact",
            "acknowledged_changes_survive_sigkill",
        ])
        .env("CONCORD_DURABILITY_KILLS", kills.to_string())
        .current_dir(&workspace.root);
    if let Some(seed) = seed {
        command.env("CONCORD_DURABILITY_SEED", seed.to_string());
    }
    let mut figures = None;
    let passed = process::run_teed(command, |line| {
        if let Some(found) = line.strip_prefix("durability: ") {
            figures = Some(found.to_owned());
        }
    })?;
    match (passed, figures) {
        (true, Some(figures)) => {
            println!("\n{figures}");
            Ok(())
        }
        (true, None) => bail!("the durability test passed but printed no figures"),
        (false, _) => bail!(
            "the durability soak failed: acknowledged changes were lost or the relay did not come back"
        ),
    }
}
