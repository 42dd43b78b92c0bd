//! A throwaway `nats-server` on 127.0.0.1 (Debian's `nats-server` package),
//! on a free port, for tests of relays that share a broker: it can be
//! paused (SIGSTOP: connections stay open, nothing is answered), resumed,
//! killed and started again on the same port.

mod error;
mod local_nats;
mod server_binary;

pub use error::LocalNatsError;
pub use local_nats::LocalNats;
pub use server_binary::ServerBinary;
