use std::path::{Path, PathBuf};

use crate::LocalPostgresError;

/// Where Debian's `postgresql-15` package puts the server programs.
const DEBIAN_BIN: &str = "/usr/lib/postgresql/15/bin";
/// Overrides [`DEBIAN_BIN`], e.g. for another PostgreSQL version.
const BIN_VAR: &str = "CONCORD_POSTGRES_BIN";

/// The directory holding `initdb`, `pg_ctl` and `createdb`.
#[derive(Debug, Clone)]
pub struct ServerBinaries {
    dir: PathBuf,
}

impl ServerBinaries {
    /// The programs from `CONCORD_POSTGRES_BIN`, else Debian's PostgreSQL 15;
    /// an error names the directory if `initdb` or `pg_ctl` is not there.
    pub fn find() -> Result<Self, LocalPostgresError> {
        let dir = std::env::var_os(BIN_VAR)
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(DEBIAN_BIN));
        let binaries = Self { dir };
        if ["initdb", "pg_ctl", "createdb"]
            .iter()
            .all(|program| binaries.program(program).is_file())
        {
            Ok(binaries)
        } else {
            Err(LocalPostgresError::NoBinaries(binaries.dir))
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn program(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}
