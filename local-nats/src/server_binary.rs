use std::path::{Path, PathBuf};

use crate::LocalNatsError;

/// Where Debian's `nats-server` package puts the program.
const DEBIAN_PROGRAM: &str = "/usr/sbin/nats-server";
/// Overrides [`DEBIAN_PROGRAM`].
const PROGRAM_VAR: &str = "CONCORD_NATS_SERVER";

/// The `nats-server` program.
#[derive(Debug, Clone)]
pub struct ServerBinary {
    program: PathBuf,
}

impl ServerBinary {
    /// The program from `CONCORD_NATS_SERVER`, else Debian's; an error names
    /// the path if nothing is there.
    pub fn find() -> Result<Self, LocalNatsError> {
        let program = std::env::var_os(PROGRAM_VAR)
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(DEBIAN_PROGRAM));
        if program.is_file() {
            Ok(Self { program })
        } else {
            Err(LocalNatsError::NoBinary(program))
        }
    }

    pub fn program(&self) -> &Path {
        &self.program
    }
}
