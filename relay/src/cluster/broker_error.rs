/// Why the relay could not use its broker at start. Messages name the
/// server without any password in its URL.
#[derive(Debug, Clone, thiserror::Error)]
pub enum BrokerError {
    #[error("the broker URL is not one NATS understands ({reason}); write it as nats://host:port")]
    BadUrl { reason: String },
    #[error("cannot connect to the NATS server {server}: {reason}")]
    CannotConnect { server: String, reason: String },
    #[error(
        "--broker-url needs --database-url: the broker tells relays of changes \
         stored in the PostgreSQL database they share"
    )]
    NeedsDatabase,
    #[error("cannot subscribe on the NATS server {server}: {reason}")]
    Subscribe { server: String, reason: String },
}
