use std::{future::Future, time::Duration};

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::{Config, NoTls, config::Host};

use super::{PostgresError, error::with_causes, migrations};

/// Connections the relay keeps open at most: the writer, the compactor and a
/// few loads at once.
const POOL_SIZE: usize = 8;
/// An unreachable server is reported at start rather than hanging it.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a caller waits for a free connection before its call fails.
const WAIT_TIMEOUT: Duration = Duration::from_secs(30);

/// A pool of connections to one PostgreSQL database, with the runtime that
/// drives them, for callers on ordinary (blocking) threads.
///
/// Every session has `synchronous_commit` on, whatever the server's default:
/// a commit returns only once it is on the server's disk (and its
/// synchronous standbys'), which is what the relay's acknowledgements promise.
pub struct PostgresDb {
    /// Taken on drop: a runtime must not be dropped in place on an async thread.
    runtime: Option<tokio::runtime::Runtime>,
    handle: tokio::runtime::Handle,
    pool: Pool,
    server: String,
}

impl PostgresDb {
    /// Connects to the database at `url` and brings its schema up to date.
    /// Fails with a message naming the server (never its password) if the
    /// URL is wrong, the server cannot be reached, or its schema is newer
    /// than this relay's.
    pub fn open(url: &str) -> Result<Self, PostgresError> {
        let mut config: Config =
            url.parse()
                .map_err(|error: tokio_postgres::Error| PostgresError::BadUrl {
                    reason: with_causes(&error),
                })?;
        if config.get_hosts().is_empty() {
            return Err(PostgresError::BadUrl {
                reason: "it names no host".into(),
            });
        }
        let server = describe(&config);
        config
            .connect_timeout(CONNECT_TIMEOUT)
            .options("-c synchronous_commit=on")
            .application_name("concord-relay");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("postgres-client")
            .enable_all()
            .build()
            .map_err(|error| PostgresError::Runtime(error.to_string()))?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(WAIT_TIMEOUT))
            .create_timeout(Some(CONNECT_TIMEOUT))
            .build()
            .map_err(|error| PostgresError::Pool(error.to_string()))?;
        let db = Self {
            handle: runtime.handle().clone(),
            runtime: Some(runtime),
            pool,
            server,
        };
        let pool = db.pool.clone();
        let server = db.server.clone();
        db.run(async move {
            let mut client = pool
                .get()
                .await
                .map_err(|error| PostgresError::CannotConnect {
                    server: server.clone(),
                    reason: match PostgresError::from(error) {
                        PostgresError::Query(reason) | PostgresError::Pool(reason) => reason,
                        other => other.to_string(),
                    },
                })?;
            migrations::migrate(&mut client, &server).await
        })?;
        Ok(db)
    }

    /// The server and database, as `postgres://user@host:port/database`.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// A handle to the pool, to move into the future given to [`Self::run`].
    pub fn pool(&self) -> Pool {
        self.pool.clone()
    }

    /// Runs `work` on the database's runtime and blocks this thread until it
    /// is done. Callable from any thread: the work runs on the runtime's own
    /// threads, so a caller inside another runtime blocks but never panics.
    pub fn run<T, F>(&self, work: F) -> Result<T, PostgresError>
    where
        T: Send + 'static,
        F: Future<Output = Result<T, PostgresError>> + Send + 'static,
    {
        let (done, finished) = std::sync::mpsc::sync_channel(1);
        self.handle.spawn(async move {
            let _ = done.send(work.await);
        });
        // Dropped unanswered: the task panicked or the runtime is gone.
        finished.recv().unwrap_or(Err(PostgresError::Stopped))
    }
}

impl PostgresDb {
    /// Runs `work` on the database's runtime and hands back its answer to
    /// an async caller (on any runtime) without blocking it.
    pub async fn run_async<T, F>(&self, work: F) -> Result<T, PostgresError>
    where
        T: Send + 'static,
        F: Future<Output = Result<T, PostgresError>> + Send + 'static,
    {
        self.spawn(work)
            .await
            .unwrap_or(Err(PostgresError::Stopped))
    }

    /// Starts `work` on the database's runtime, for work that outlives one
    /// call (a transaction held while its caller decides what to write).
    pub fn spawn<T, F>(&self, work: F) -> tokio::task::JoinHandle<T>
    where
        T: Send + 'static,
        F: Future<Output = T> + Send + 'static,
    {
        self.handle.spawn(work)
    }
}

impl Drop for PostgresDb {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// The URL without its password, for messages and logs.
fn describe(config: &Config) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(index, host)| {
            let port = config
                .get_ports()
                .get(index)
                .or(config.get_ports().first())
                .copied()
                .unwrap_or(5432);
            match host {
                Host::Tcp(name) => format!("{name}:{port}"),
                #[cfg(unix)]
                Host::Unix(path) => format!("{}:{port}", path.display()),
            }
        })
        .collect();
    let user = config
        .get_user()
        .map(|user| format!("{user}@"))
        .unwrap_or_default();
    let database = config
        .get_dbname()
        .or(config.get_user())
        .unwrap_or_default();
    format!("postgres://{user}{}/{database}", hosts.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_that_is_not_postgres_is_a_clear_error() {
        for url in ["not a url", "http://example.com/", "postgres://[::1"] {
            let error = PostgresDb::open(url).err().expect("refused");
            assert!(
                matches!(error, PostgresError::BadUrl { .. }),
                "{url}: {error}"
            );
            assert!(
                error.to_string().contains("postgres://user:password@host"),
                "{error}"
            );
        }
    }

    #[test]
    fn a_server_that_does_not_answer_is_named_without_its_password() {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let url = format!("postgres://concord:secret-word@127.0.0.1:{port}/work");
        let error = PostgresDb::open(&url).err().expect("nothing listens there");
        let text = error.to_string();
        assert!(
            matches!(error, PostgresError::CannotConnect { .. }),
            "{text}"
        );
        assert!(
            text.contains(&format!("postgres://concord@127.0.0.1:{port}/work")),
            "{text}"
        );
        assert!(!text.contains("secret-word"), "{text}");
    }
}
