use std::{io, path::PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum LocalNatsError {
    #[error(
        "nats-server is not at {0} (install Debian's `nats-server` package, \
         or set CONCORD_NATS_SERVER to the program)"
    )]
    NoBinary(PathBuf),
    #[error("cannot run nats-server: {0}")]
    Spawn(io::Error),
    #[error("nats-server did not accept connections on port {port} within {seconds} s")]
    NotListening { port: u16, seconds: u64 },
    #[error("nats-server exited at start ({0})")]
    Exited(std::process::ExitStatus),
    #[error("cannot signal nats-server: {0}")]
    Signal(String),
    #[error("no free loopback port: {0}")]
    NoPort(io::Error),
}
