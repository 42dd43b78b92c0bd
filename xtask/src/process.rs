use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
};

use anyhow::{Context, bail};

/// The cargo that runs us, so a rustup toolchain override is respected.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Shows a command before running it.
fn describe(command: &Command) -> String {
    let program = command.get_program().to_string_lossy();
    let args: Vec<_> = command.get_args().map(|a| a.to_string_lossy()).collect();
    format!("{program} {}", args.join(" "))
}

/// Runs a command with its output shown, failing if it fails.
pub fn run(mut command: Command) -> anyhow::Result<()> {
    let shown = describe(&command);
    println!("    $ {shown}");
    let status = command
        .status()
        .with_context(|| format!("starting `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// Runs a command, printing its stdout line by line and handing each line to
/// `on_line` (to count test results); returns whether it succeeded.
pub fn run_teed(mut command: Command, mut on_line: impl FnMut(&str)) -> anyhow::Result<bool> {
    let shown = describe(&command);
    println!("    $ {shown}");
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting `{shown}`"))?;
    let stdout = child.stdout.take().context("child stdout")?;
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap_or_default();
        println!("{line}");
        on_line(&line);
    }
    Ok(child.wait()?.success())
}

/// Hands this process over to the command (the relay), so Ctrl-C reaches it directly.
pub fn exec(mut command: Command) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt as _;
        let error = command.exec();
        Err(error).context("starting the relay")
    }
    #[cfg(not(unix))]
    {
        let status = command.status().context("starting the relay")?;
        if !status.success() {
            bail!("the relay exited with {status}");
        }
        Ok(())
    }
}

/// Whether a program answers `--version` with output containing `expected`.
pub fn reports_version(program: &std::path::Path, expected: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .map(|out| out.status.success() && String::from_utf8_lossy(&out.stdout).contains(expected))
        .unwrap_or(false)
}
