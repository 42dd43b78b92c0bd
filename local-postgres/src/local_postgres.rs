use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::{
        OnceLock,
        atomic::{AtomicU32, Ordering},
    },
};

use crate::{LocalPostgresError, ServerBinaries};

/// Attempts at starting the server, each on a newly chosen free port: another
/// process may take the port between our probe and the server's bind.
const START_ATTEMPTS: usize = 3;

/// A PostgreSQL server of our own on 127.0.0.1, its data in a temporary
/// directory. Superuser `postgres`, trusted on loopback only: never for
/// anything but tests and local runs.
///
/// Dropping it stops the server and deletes its directory.
pub struct LocalPostgres {
    binaries: ServerBinaries,
    root: PathBuf,
    port: u16,
    /// We are root, so the server's programs run as the `postgres` user.
    as_postgres_user: bool,
    databases_made: AtomicU32,
    /// The data outlives this value ([`Self::start_kept`]): dropping it
    /// stops the server but deletes nothing.
    kept: bool,
}

impl LocalPostgres {
    /// Makes a new cluster and starts it on a free loopback port.
    pub fn start() -> Result<Self, LocalPostgresError> {
        let binaries = ServerBinaries::find()?;
        let as_postgres_user = is_root();
        let root = tempfile::Builder::new()
            .prefix("concord-pg-")
            .tempdir()
            .map_err(|source| LocalPostgresError::Directory {
                path: std::env::temp_dir(),
                source,
            })?
            .keep();
        let mut server = Self {
            binaries,
            root,
            port: 0,
            as_postgres_user,
            databases_made: AtomicU32::new(0),
            kept: false,
        };
        // Until the server runs, dropping `server` just removes the directory.
        server.make_cluster()?;
        server.start_on_a_free_port()?;
        Ok(server)
    }

    /// A server whose data stays in `root` from one run to the next (`cargo
    /// xtask run --instances`): the cluster is made there the first time and
    /// started again on later runs, each time on a newly chosen free port.
    /// Dropping it stops the server and keeps the directory.
    pub fn start_kept(root: &Path) -> Result<Self, LocalPostgresError> {
        let binaries = ServerBinaries::find()?;
        std::fs::create_dir_all(root).map_err(|source| LocalPostgresError::Directory {
            path: root.to_owned(),
            source,
        })?;
        let mut server = Self {
            binaries,
            root: root.to_owned(),
            port: 0,
            as_postgres_user: is_root(),
            databases_made: AtomicU32::new(0),
            kept: true,
        };
        if !server.data_dir().join("PG_VERSION").exists() {
            server.make_cluster()?;
        } else if server.data_dir().join("postmaster.pid").exists() {
            // Left running by a run that was killed: stopped, then started
            // again on a port chosen now.
            let _ = run(server.stop_command("fast"), "pg_ctl stop");
        }
        server.start_on_a_free_port()?;
        Ok(server)
    }

    /// Creates `name` unless it exists; its URL.
    pub fn ensure_database(&self, name: &str) -> Result<String, LocalPostgresError> {
        let mut createdb = Command::new(self.binaries.program("createdb"));
        createdb
            .args(["-h", "127.0.0.1", "-U", "postgres", "-p"])
            .arg(self.port.to_string())
            .arg(name);
        match run(createdb, "createdb") {
            Ok(()) => {}
            Err(LocalPostgresError::Failed { output, .. }) if output.contains("already exists") => {
            }
            Err(error) => return Err(error),
        }
        Ok(self.url(name))
    }

    fn start_on_a_free_port(&mut self) -> Result<(), LocalPostgresError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.port = free_port()?;
            match self.start_server() {
                Ok(()) => return Ok(()),
                Err(error) if attempt >= START_ATTEMPTS => return Err(error),
                Err(_) => {}
            }
        }
    }

    /// One server for the whole test process, started on first use. It is
    /// stopped and its directory removed once the process has exited, by a
    /// small shell loop that waits for it (statics are never dropped).
    pub fn shared() -> Result<&'static Self, &'static LocalPostgresError> {
        static SHARED: OnceLock<Result<LocalPostgres, LocalPostgresError>> = OnceLock::new();
        SHARED
            .get_or_init(|| {
                let server = Self::start()?;
                server.stop_after_this_process()?;
                Ok(server)
            })
            .as_ref()
    }

    /// For a test: the URL of a new, empty database on the [`Self::shared`]
    /// server, or `None` after printing why the test is skipped, which is
    /// only when PostgreSQL's programs are not installed. A server that is
    /// installed but will not start fails the test.
    pub fn database_for_test() -> Option<String> {
        if let Err(missing) = ServerBinaries::find() {
            println!("skipped on PostgreSQL: {missing}");
            return None;
        }
        let server = Self::shared().unwrap_or_else(|error| panic!("starting PostgreSQL: {error}"));
        Some(
            server
                .create_database()
                .unwrap_or_else(|error| panic!("creating a test database: {error}")),
        )
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The URL of `database` on this server, as the superuser.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Creates a database no one else uses and answers its URL: each test
    /// gets an empty one on the shared server.
    pub fn create_database(&self) -> Result<String, LocalPostgresError> {
        let n = self.databases_made.fetch_add(1, Ordering::Relaxed);
        let name = format!("concord_{}_{n}", std::process::id());
        let mut createdb = Command::new(self.binaries.program("createdb"));
        createdb
            .args(["-h", "127.0.0.1", "-U", "postgres", "-p"])
            .arg(self.port.to_string())
            .arg(&name);
        run(createdb, "createdb")?;
        Ok(self.url(&name))
    }

    /// Stops the server at once, as a crash would (`pg_ctl stop -m
    /// immediate`: no checkpoint; recovery replays the log at the next start).
    pub fn stop_immediately(&self) -> Result<(), LocalPostgresError> {
        run(self.stop_command("immediate"), "pg_ctl stop")
    }

    /// Starts the stopped server again, on its port and with its data.
    pub fn start_again(&self) -> Result<(), LocalPostgresError> {
        self.start_server()
    }

    fn data_dir(&self) -> PathBuf {
        self.root.join("data")
    }

    fn socket_dir(&self) -> PathBuf {
        self.root.join("sockets")
    }

    fn log_file(&self) -> PathBuf {
        self.root.join("server.log")
    }

    fn make_cluster(&self) -> Result<(), LocalPostgresError> {
        let socket_dir = self.socket_dir();
        std::fs::create_dir_all(&socket_dir).map_err(|source| LocalPostgresError::Directory {
            path: socket_dir.clone(),
            source,
        })?;
        if self.as_postgres_user {
            let (uid, gid) = postgres_user()?;
            for path in [self.root.as_path(), socket_dir.as_path()] {
                std::os::unix::fs::chown(path, Some(uid), Some(gid)).map_err(|source| {
                    LocalPostgresError::Directory {
                        path: path.to_owned(),
                        source,
                    }
                })?;
            }
        }
        let mut initdb = self.server_program("initdb");
        initdb
            .arg("-D")
            .arg(self.data_dir())
            .args(["-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C"])
            // The cluster is thrown away: no need to wait for its files to reach the disk.
            .args(["--no-sync", "--no-instructions"]);
        run(initdb, "initdb")
    }

    fn start_server(&self) -> Result<(), LocalPostgresError> {
        let mut pg_ctl = self.server_program("pg_ctl");
        pg_ctl
            .arg("-D")
            .arg(self.data_dir())
            .arg("-l")
            .arg(self.log_file())
            .args(["-w", "-t", "60", "-o"])
            .arg(format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1",
                self.port,
                self.socket_dir().display()
            ))
            .arg("start");
        run(pg_ctl, "pg_ctl start").map_err(|error| match error {
            LocalPostgresError::Failed {
                program,
                status,
                output,
            } => LocalPostgresError::Failed {
                program,
                status,
                output: format!("{output}\nserver log:\n{}", self.log_tail()),
            },
            other => other,
        })
    }

    fn stop_command(&self, mode: &str) -> Command {
        let mut pg_ctl = self.server_program("pg_ctl");
        pg_ctl
            .arg("-D")
            .arg(self.data_dir())
            .args(["-m", mode, "-w", "stop"]);
        pg_ctl
    }

    fn stop_after_this_process(&self) -> Result<(), LocalPostgresError> {
        let stop = self.stop_command("immediate");
        let words: Vec<String> = std::iter::once(stop.get_program())
            .chain(stop.get_args())
            .map(|word| shell_quote(&word.to_string_lossy()))
            .collect();
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; cd {root}; {stop} >/dev/null 2>&1; cd /; rm -rf {root}",
            pid = std::process::id(),
            stop = words.join(" "),
            root = shell_quote(&self.root.to_string_lossy()),
        );
        Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map(drop)
            .map_err(|source| LocalPostgresError::Spawn {
                program: "sh".into(),
                source,
            })
    }

    /// `initdb` and `pg_ctl`, as the `postgres` user when we are root, in
    /// the server's directory (the user may not enter ours).
    fn server_program(&self, name: &str) -> Command {
        let program = self.binaries.program(name);
        let mut command = if self.as_postgres_user {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        };
        command.current_dir(&self.root);
        command
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.log_file()).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl Drop for LocalPostgres {
    fn drop(&mut self) {
        if self.data_dir().join("postmaster.pid").exists() {
            let mut stop = self.stop_command("fast");
            let _ = stop.stdout(Stdio::null()).stderr(Stdio::null()).status();
        }
        if !self.kept {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

fn run(mut command: Command, program: &str) -> Result<(), LocalPostgresError> {
    let output =
        command
            .stdin(Stdio::null())
            .output()
            .map_err(|source| LocalPostgresError::Spawn {
                program: program.into(),
                source,
            })?;
    if output.status.success() {
        return Ok(());
    }
    Err(LocalPostgresError::Failed {
        program: program.into(),
        status: output.status,
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    })
}

fn free_port() -> Result<u16, LocalPostgresError> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(LocalPostgresError::NoPort)?;
    let port = listener
        .local_addr()
        .map_err(LocalPostgresError::NoPort)?
        .port();
    Ok(port)
}

fn is_root() -> bool {
    id(&["-u"]).is_ok_and(|uid| uid == 0)
}

fn postgres_user() -> Result<(u32, u32), LocalPostgresError> {
    Ok((id(&["-u", "postgres"])?, id(&["-g", "postgres"])?))
}

fn id(args: &[&str]) -> Result<u32, LocalPostgresError> {
    let output = Command::new("id")
        .args(args)
        .output()
        .map_err(|error| LocalPostgresError::NoPostgresUser(error.to_string()))?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.trim().parse().map_err(|_| {
        LocalPostgresError::NoPostgresUser(format!(
            "`id {}` answered {:?}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    })
}

fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_makes_databases_and_cleans_up_when_dropped() {
        if let Err(missing) = ServerBinaries::find() {
            println!("skipped: {missing}");
            return;
        }
        let server = LocalPostgres::start().unwrap();
        assert_ne!(server.port(), 0);
        let first = server.create_database().unwrap();
        let second = server.create_database().unwrap();
        assert_ne!(first, second);
        assert!(first.starts_with(&format!("postgres://postgres@127.0.0.1:{}/", server.port())));
        let root = server.root.clone();
        assert!(root.join("data/postmaster.pid").is_file());
        server.stop_immediately().unwrap();
        assert!(!root.join("data/postmaster.pid").exists());
        server.start_again().unwrap();
        assert_ne!(
            server.create_database().unwrap(),
            second,
            "the same server is back"
        );
        drop(server);
        assert!(!root.exists(), "{} is left behind", root.display());
    }

    #[test]
    fn a_kept_server_keeps_its_data_and_starts_again_on_a_new_port() {
        if let Err(missing) = ServerBinaries::find() {
            println!("skipped: {missing}");
            return;
        }
        let parent = tempfile::tempdir().unwrap();
        // World-traversable, as a target directory is: as root, the server
        // runs as `postgres` and must reach its data.
        std::fs::set_permissions(
            parent.path(),
            std::os::unix::fs::PermissionsExt::from_mode(0o755),
        )
        .unwrap();
        let root = parent.path().join("run-postgres");
        let server = LocalPostgres::start_kept(&root).unwrap();
        let url = server.ensure_database("concord").unwrap();
        assert_eq!(url, server.url("concord"));
        assert_eq!(server.ensure_database("concord").unwrap(), url, "made once");
        drop(server);
        assert!(root.join("data/PG_VERSION").is_file(), "the data stays");
        assert!(
            !root.join("data/postmaster.pid").exists(),
            "the server stopped"
        );

        let again = LocalPostgres::start_kept(&root).unwrap();
        assert!(root.join("data/postmaster.pid").is_file());
        let list = Command::new(again.binaries.program("psql"))
            .args(["-h", "127.0.0.1", "-U", "postgres", "-p"])
            .arg(again.port().to_string())
            .args([
                "-Atc",
                "SELECT datname FROM pg_database WHERE datname = 'concord'",
                "postgres",
            ])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&list.stdout).trim(),
            "concord",
            "the database is still there"
        );
    }
}
