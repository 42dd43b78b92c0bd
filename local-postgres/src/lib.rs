//! A throwaway PostgreSQL server on 127.0.0.1, made from Debian's
//! `postgresql` package: `initdb` into a temporary directory, `pg_ctl start`
//! on a free port, a fresh database per test.
//!
//! `initdb` and the server refuse to run as root; as root they run as the
//! `postgres` user (`runuser`), which then owns the directory.

mod error;
mod local_postgres;
mod server_binaries;

pub use error::LocalPostgresError;
pub use local_postgres::LocalPostgres;
pub use server_binaries::ServerBinaries;
