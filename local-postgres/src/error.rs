use std::{io, path::PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum LocalPostgresError {
    #[error(
        "PostgreSQL's server programs are not in {0} (install Debian's `postgresql` package, \
         or set CONCORD_POSTGRES_BIN to the directory holding initdb and pg_ctl)"
    )]
    NoBinaries(PathBuf),
    #[error("cannot run {program}: {source}")]
    Spawn { program: String, source: io::Error },
    #[error("{program} failed ({status}):\n{output}")]
    Failed {
        program: String,
        status: std::process::ExitStatus,
        output: String,
    },
    #[error("cannot prepare the server's directory {path}: {source}")]
    Directory { path: PathBuf, source: io::Error },
    #[error("the `postgres` user is needed to run PostgreSQL as root: {0}")]
    NoPostgresUser(String),
    #[error("no free loopback port: {0}")]
    NoPort(io::Error),
}
