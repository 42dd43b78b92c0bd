use std::{
    io::{BufRead as _, BufReader},
    net::{TcpListener, TcpStream},
    process::{Child, Command, Stdio},
    sync::{Mutex, MutexGuard},
    time::{Duration, Instant},
};

use crate::{LocalNatsError, ServerBinary};

/// Attempts at starting, each on a newly chosen free port: another process
/// may take the port between our probe and the server's bind.
const START_ATTEMPTS: usize = 3;
/// How long a starting server has to greet a client.
const READY_WITHIN: Duration = Duration::from_secs(10);

/// A `nats-server` of our own on 127.0.0.1, with no authentication: never
/// for anything but tests and local runs. Dropping it kills the server.
pub struct LocalNats {
    binary: ServerBinary,
    port: u16,
    /// `None` once killed.
    child: Mutex<Option<Child>>,
}

impl LocalNats {
    /// Starts a server on a free loopback port and waits until it greets clients.
    pub fn start() -> Result<Self, LocalNatsError> {
        let binary = ServerBinary::find()?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let server = Self {
                binary: binary.clone(),
                port: free_port()?,
                child: Mutex::new(None),
            };
            match server.start_again() {
                Ok(()) => return Ok(server),
                Err(error) if attempt >= START_ATTEMPTS => return Err(error),
                Err(_) => {}
            }
        }
    }

    /// For a test: a running server, or `None` after printing why the test
    /// is skipped, which is only when nats-server is not installed. A server
    /// that is installed but will not start fails the test.
    pub fn for_test() -> Option<Self> {
        if let Err(missing) = ServerBinary::find() {
            println!("skipped without a broker: {missing}");
            return None;
        }
        Some(Self::start().unwrap_or_else(|error| panic!("starting nats-server: {error}")))
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// What a client connects to: `nats://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// SIGSTOP: the server keeps its sockets open but answers nothing, as a
    /// hung broker would; what clients publish meanwhile is lost or late.
    ///
    /// Returns once the kernel reports the process stopped: a signal is
    /// delivered asynchronously, and a server thread still running on the
    /// other core could greet one more client after `kill` has returned.
    pub fn pause(&self) -> Result<(), LocalNatsError> {
        self.signal("-STOP")?;
        self.await_stopped(true)
    }

    /// SIGCONT after [`Self::pause`]; returns once the process runs again.
    pub fn resume(&self) -> Result<(), LocalNatsError> {
        self.signal("-CONT")?;
        self.await_stopped(false)
    }

    /// SIGKILL: every client loses its connection at once.
    pub fn kill(&self) {
        if let Some(mut child) = self.lock().take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server (again, after [`Self::kill`]) on its port and waits
    /// until it greets clients.
    pub fn start_again(&self) -> Result<(), LocalNatsError> {
        self.kill();
        let mut child = Command::new(self.binary.program())
            .args(["-a", "127.0.0.1", "-p"])
            .arg(self.port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(LocalNatsError::Spawn)?;
        let deadline = Instant::now() + READY_WITHIN;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(LocalNatsError::Exited(status));
            }
            if greets(self.port) {
                *self.lock() = Some(child);
                return Ok(());
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(LocalNatsError::NotListening {
                    port: self.port,
                    seconds: READY_WITHIN.as_secs(),
                });
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn signal(&self, signal: &str) -> Result<(), LocalNatsError> {
        let guard = self.lock();
        let child = guard
            .as_ref()
            .ok_or_else(|| LocalNatsError::Signal("the server is not running".into()))?;
        let status = Command::new("kill")
            .arg(signal)
            .arg(child.id().to_string())
            .status()
            .map_err(|error| LocalNatsError::Signal(error.to_string()))?;
        if status.success() {
            Ok(())
        } else {
            Err(LocalNatsError::Signal(format!("kill {signal}: {status}")))
        }
    }

    fn await_stopped(&self, stopped: bool) -> Result<(), LocalNatsError> {
        let pid = self
            .lock()
            .as_ref()
            .map(Child::id)
            .ok_or_else(|| LocalNatsError::Signal("the server is not running".into()))?;
        let deadline = Instant::now() + READY_WITHIN;
        loop {
            match process_stopped(pid) {
                Some(now) if now == stopped => return Ok(()),
                // Without /proc there is no way to ask: trust the signal.
                None => return Ok(()),
                Some(_) => {}
            }
            if Instant::now() > deadline {
                let wanted = if stopped { "stop" } else { "run again" };
                return Err(LocalNatsError::Signal(format!(
                    "process {pid} did not {wanted} within {} s",
                    READY_WITHIN.as_secs()
                )));
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn lock(&self) -> MutexGuard<'_, Option<Child>> {
        // Nothing holding the lock can panic halfway through a change.
        self.child
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for LocalNats {
    fn drop(&mut self) {
        // A paused server ignores nothing but SIGKILL, which this is.
        self.kill();
    }
}

/// Whether the kernel reports process `pid` stopped by a signal (state `T`
/// in `/proc/<pid>/stat`), or `None` where that cannot be read.
fn process_stopped(pid: u32) -> Option<bool> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name, in parentheses, may itself hold spaces or ')'.
    let after_name = &stat[stat.rfind(')')? + 1..];
    let state = after_name.split_whitespace().next()?;
    Some(state == "T")
}

/// Whether a server on `port` sends its `INFO` greeting to a new client.
fn greets(port: u16) -> bool {
    let Ok(stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).is_ok() && line.starts_with("INFO")
}

fn free_port() -> Result<u16, LocalNatsError> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(LocalNatsError::NoPort)?;
    Ok(listener
        .local_addr()
        .map_err(LocalNatsError::NoPort)?
        .port())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_pauses_resumes_and_is_killed_and_started_again() {
        let Some(server) = LocalNats::for_test() else {
            return;
        };
        assert!(greets(server.port()));
        assert!(server.url().starts_with("nats://127.0.0.1:"));
        server.pause().unwrap();
        assert!(!greets(server.port()), "a paused server answers nothing");
        server.resume().unwrap();
        assert!(greets(server.port()));
        server.kill();
        assert!(!greets(server.port()));
        assert!(server.pause().is_err(), "nothing to pause once killed");
        server.start_again().unwrap();
        assert!(greets(server.port()), "back on the same port");
    }
}
