use std::fmt::Write as _;

/// What went wrong with the PostgreSQL database. Messages name the server
/// without its password.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PostgresError {
    #[error(
        "the database URL is not one PostgreSQL understands ({reason}); \
         write it as postgres://user:password@host:port/database"
    )]
    BadUrl { reason: String },
    #[error("cannot connect to the PostgreSQL server {server}: {reason}")]
    CannotConnect { server: String, reason: String },
    #[error(
        "the database {server} has schema version {found}, newer than this relay knows \
         ({known}); run a newer relay"
    )]
    TooNew {
        server: String,
        found: i64,
        known: i64,
    },
    #[error("PostgreSQL: {0}")]
    Query(String),
    #[error("no PostgreSQL connection: {0}")]
    Pool(String),
    #[error("cannot start the PostgreSQL client's threads: {0}")]
    Runtime(String),
    #[error("the PostgreSQL client stopped unexpectedly")]
    Stopped,
}

impl From<tokio_postgres::Error> for PostgresError {
    fn from(error: tokio_postgres::Error) -> Self {
        Self::Query(with_causes(&error))
    }
}

impl From<deadpool_postgres::PoolError> for PostgresError {
    fn from(error: deadpool_postgres::PoolError) -> Self {
        match error {
            deadpool_postgres::PoolError::Backend(error) => error.into(),
            other => Self::Pool(with_causes(&other)),
        }
    }
}

/// `tokio-postgres` says "db error" and keeps the server's words in its
/// source: a person needs both.
pub(super) fn with_causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(next) = cause {
        let _ = write!(text, ": {next}");
        cause = next.source();
    }
    text
}
