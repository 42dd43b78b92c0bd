//! The backends the accounts' contract tests run on: each case once on
//! SQLite and once on PostgreSQL (a server of the tests' own when its
//! programs are installed; otherwise the PostgreSQL cases print why they
//! skip). `open` is what a (re)starting relay does, so calling it twice on
//! one backend is a restart, or a second relay on the same data.

use std::sync::Arc;

use super::{Accounts, SessionLifetimes};
use crate::postgres::PostgresDb;

pub(crate) trait Backend {
    fn open(&self, lifetimes: SessionLifetimes) -> Accounts;
}

pub(crate) struct Sqlite(pub tempfile::TempDir);

impl Backend for Sqlite {
    fn open(&self, lifetimes: SessionLifetimes) -> Accounts {
        Accounts::open(&self.0.path().join("accounts.sqlite"), lifetimes).unwrap()
    }
}

pub(crate) struct Postgres(pub String);

impl Backend for Postgres {
    fn open(&self, lifetimes: SessionLifetimes) -> Accounts {
        Accounts::on_postgres(Arc::new(PostgresDb::open(&self.0).unwrap()), lifetimes).unwrap()
    }
}

/// Each case once per backend: `sqlite::case` and `postgres::case`.
macro_rules! on_both_backends {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $case() {
                super::$case(&$crate::accounts::accounts_backends::Sqlite(
                    tempfile::tempdir().unwrap(),
                ));
            })*
        }
        mod postgres {
            $(#[test]
            fn $case() {
                if let Some(url) = concord_local_postgres::LocalPostgres::database_for_test() {
                    super::$case(&$crate::accounts::accounts_backends::Postgres(url));
                }
            })*
        }
    };
}
pub(crate) use on_both_backends;
