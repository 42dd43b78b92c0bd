use std::{io, net::SocketAddr};

use crate::store::StoreError;

/// Why the relay could not start or stopped serving.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Accounts(#[from] crate::accounts::AccountError),
    #[error(transparent)]
    Broker(#[from] crate::cluster::BrokerError),
    #[error("opening the store stopped unexpectedly: {0}")]
    StoreTask(#[from] tokio::task::JoinError),
    #[error("cannot start the store's threads: {0}")]
    Thread(io::Error),
    #[error("the relay's peer id could not be made")]
    PeerId,
    #[error("serving failed: {0}")]
    Serve(io::Error),
}
