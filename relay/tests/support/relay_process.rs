//! The real relay binary as a child process, so it can be killed with SIGKILL.

use std::{
    io::{BufRead as _, BufReader},
    net::SocketAddr,
    path::Path,
    process::{Child, ChildStdout, Command, Stdio},
};

pub struct RelayProcess {
    child: Child,
    pub addr: SocketAddr,
    _stdout: BufReader<ChildStdout>,
}

impl RelayProcess {
    /// Starts `concord-relay` on a free port with its data in `data`, and
    /// waits for the line announcing where it listens.
    pub fn start(data: &Path) -> Self {
        Self::start_on(data, None)
    }

    /// As [`Self::start`], with the documents in PostgreSQL if a database
    /// URL is given.
    pub fn start_on(data: &Path, database_url: Option<&str>) -> Self {
        Self::start_with(data, database_url, None)
    }

    /// As [`Self::start_on`], telling the other relays of its commits
    /// through the NATS broker at `broker_url` if one is given.
    pub fn start_with(data: &Path, database_url: Option<&str>, broker_url: Option<&str>) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_concord-relay"));
        command.env_remove("CONCORD_DATABASE_URL");
        command.env_remove("CONCORD_BROKER_URL");
        if let Some(url) = database_url {
            command.args(["--database-url", url]);
        }
        if let Some(url) = broker_url {
            command.args(["--broker-url", url]);
        }
        let mut child = command
            .arg("--addr")
            .arg("127.0.0.1:0")
            .arg("--data")
            .arg(data)
            .arg("--app-dir")
            .arg(data.join("no-app"))
            // Plain Automerge documents and no accounts: the protocol's durability.
            .arg("--open-sync")
            .env("RUST_LOG", "error")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the relay binary starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut line = String::new();
        stdout
            .read_line(&mut line)
            .expect("the relay announces itself");
        let url = line
            .trim()
            .strip_prefix("Concord relay listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        let addr = url.trim_end_matches('/').parse().expect("an address");
        Self {
            child,
            addr,
            _stdout: stdout,
        }
    }

    /// SIGTERM, as a service manager stops it, then waits for it to exit
    /// (within [`super::WAIT`]); panics unless it exits cleanly.
    pub fn stop(mut self) {
        let status = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -TERM: {status}");
        let deadline = std::time::Instant::now() + super::WAIT;
        let exit = loop {
            if let Some(exit) = self.child.try_wait().expect("the relay is waited for") {
                break exit;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the relay did not stop after SIGTERM"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        assert!(exit.success(), "the relay stopped with {exit}");
    }

    /// SIGKILL: no shutdown code runs, nothing is flushed.
    pub fn kill(mut self) {
        self.child.kill().expect("the relay is killed");
        self.child.wait().expect("the killed relay is reaped");
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
