//! The accounts in PostgreSQL, for relays that share one workspace: a
//! person signed in on one relay is signed in on all of them.

use std::sync::Arc;

use concord_model::{Affiliation, OrgId, Person, PersonId};
use deadpool_postgres::Object;
use tokio_postgres::{Row, types::ToSql};

use super::{
    Account, AccountError, AccountsStore, DirectoryStore,
    accounts_store::{PeopleStore, SessionRow},
};
use crate::postgres::{PostgresDb, PostgresError};

/// One value bound to a statement, owned: the statement runs on the
/// database's runtime, not on the calling thread.
pub(super) type Param = Box<dyn ToSql + Sync + Send>;

/// The accounts tables over a [`PostgresDb`]. Each statement takes a
/// connection from the pool, except inside [`AccountsStore::atomically`],
/// where all of them use the one connection whose transaction is open.
pub struct PostgresAccounts {
    db: Arc<PostgresDb>,
    /// The connection of an open transaction; `None`: any pooled one.
    held: Option<Arc<Object>>,
}

impl PostgresAccounts {
    /// Over a database whose schema is up to date (`PostgresDb::open`
    /// migrated it).
    pub fn new(db: Arc<PostgresDb>) -> Self {
        Self { db, held: None }
    }

    pub(super) fn query(
        &self,
        sql: &'static str,
        params: Vec<Param>,
    ) -> Result<Vec<Row>, AccountError> {
        let (pool, held) = (self.db.pool(), self.held.clone());
        Ok(self.db.run(async move {
            let refs: Vec<&(dyn ToSql + Sync)> = params
                .iter()
                .map(|p| p.as_ref() as &(dyn ToSql + Sync))
                .collect();
            Ok(match held {
                Some(client) => client.query(sql, &refs).await?,
                None => pool.get().await?.query(sql, &refs).await?,
            })
        })?)
    }

    /// The rows changed.
    pub(super) fn execute(
        &self,
        sql: &'static str,
        params: Vec<Param>,
    ) -> Result<u64, AccountError> {
        let (pool, held) = (self.db.pool(), self.held.clone());
        Ok(self.db.run(async move {
            let refs: Vec<&(dyn ToSql + Sync)> = params
                .iter()
                .map(|p| p.as_ref() as &(dyn ToSql + Sync))
                .collect();
            Ok(match held {
                Some(client) => client.execute(sql, &refs).await?,
                None => pool.get().await?.execute(sql, &refs).await?,
            })
        })?)
    }

    fn batch(&self, client: Arc<Object>, sql: &'static str) -> Result<(), PostgresError> {
        self.db
            .run(async move { Ok(client.batch_execute(sql).await?) })
    }
}

/// A column read as `T`; a row that does not match the schema is an error.
pub(super) fn get<'a, T: tokio_postgres::types::FromSql<'a>>(
    row: &'a Row,
    index: usize,
) -> Result<T, AccountError> {
    row.try_get(index)
        .map_err(|error| AccountError::Postgres(error.into()))
}

pub(super) fn param<T: ToSql + Sync + Send + 'static>(value: T) -> Param {
    Box::new(value)
}

fn text(value: &str) -> Param {
    param(value.to_owned())
}

fn bytes(value: &[u8]) -> Param {
    param(value.to_vec())
}

impl PeopleStore for PostgresAccounts {
    fn has_admin(&self) -> Result<bool, AccountError> {
        let rows = self.query("SELECT 1 FROM people WHERE is_admin LIMIT 1", vec![])?;
        Ok(!rows.is_empty())
    }

    fn insert(&self, account: &Account, password: &str, now_ms: i64) -> Result<(), AccountError> {
        // The unique index on lower(id) decides, even between two relays
        // adding the same name at once.
        let inserted = self.execute(
            "INSERT INTO people (id, display_name, password, is_admin, org, disabled, created_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            vec![
                text(account.id().as_str()),
                text(&account.display_name),
                text(password),
                param(account.is_admin),
                param(account.org().map(|org| org.as_str().to_owned())),
                param(account.disabled),
                param(now_ms),
            ],
        )?;
        if inserted == 0 {
            return Err(AccountError::Taken);
        }
        Ok(())
    }

    fn account(&self, id: &str) -> Result<Option<(Account, String)>, AccountError> {
        let rows = self.query(
            "SELECT id, display_name, password, is_admin, org, disabled, superior FROM people
             WHERE lower(id) = lower($1)",
            vec![text(id)],
        )?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        let id: String = get(row, 0)?;
        let org: Option<String> = get(row, 4)?;
        let superior: Option<String> = get(row, 6)?;
        // Rows are written from parsed ids; one that no longer parses is no account.
        let Ok(person_id) = id.parse::<PersonId>() else {
            return Ok(None);
        };
        let mut person = match org.map(|o| o.parse::<OrgId>()) {
            None => Person::staff(person_id, Vec::new()),
            Some(Ok(org)) => Person::partner(person_id, org),
            Some(Err(_)) => return Ok(None),
        };
        if person.affiliation == Affiliation::Staff {
            let (departments, heads) = self.memberships(&id)?;
            person.departments = departments;
            person.heads = heads;
            person.superior = superior.and_then(|s| s.parse().ok());
        }
        Ok(Some((
            Account {
                person,
                display_name: get(row, 1)?,
                is_admin: get(row, 3)?,
                disabled: get(row, 5)?,
            },
            get(row, 2)?,
        )))
    }

    fn set_disabled(&self, id: &PersonId, disabled: bool) -> Result<(), AccountError> {
        self.execute(
            "UPDATE people SET disabled = $2 WHERE id = $1",
            vec![text(id.as_str()), param(disabled)],
        )?;
        Ok(())
    }

    fn insert_session(
        &self,
        digest: &[u8; 32],
        person: &PersonId,
        now_ms: i64,
    ) -> Result<(), AccountError> {
        self.execute(
            "INSERT INTO sessions (digest, person, created_ms, last_seen_ms) VALUES ($1, $2, $3, $3)",
            vec![bytes(digest), text(person.as_str()), param(now_ms)],
        )?;
        Ok(())
    }

    fn session(&self, digest: &[u8; 32]) -> Result<Option<SessionRow>, AccountError> {
        let rows = self.query(
            "SELECT person, created_ms, last_seen_ms FROM sessions WHERE digest = $1",
            vec![bytes(digest)],
        )?;
        rows.first()
            .map(|row| {
                Ok(SessionRow {
                    person: get(row, 0)?,
                    created_ms: get(row, 1)?,
                    last_seen_ms: get(row, 2)?,
                })
            })
            .transpose()
    }

    fn touch_session(&self, digest: &[u8; 32], now_ms: i64) -> Result<(), AccountError> {
        // Never back: two relays touching at once keep the later time.
        self.execute(
            "UPDATE sessions SET last_seen_ms = greatest(last_seen_ms, $2) WHERE digest = $1",
            vec![bytes(digest), param(now_ms)],
        )?;
        Ok(())
    }

    fn delete_session(&self, digest: &[u8; 32]) -> Result<(), AccountError> {
        self.execute(
            "DELETE FROM sessions WHERE digest = $1",
            vec![bytes(digest)],
        )?;
        Ok(())
    }

    fn delete_sessions_of(&self, person: &PersonId) -> Result<(), AccountError> {
        self.execute(
            "DELETE FROM sessions WHERE person = $1",
            vec![text(person.as_str())],
        )?;
        Ok(())
    }

    fn prune_sessions(
        &self,
        idle_before_ms: i64,
        created_before_ms: i64,
    ) -> Result<(), AccountError> {
        self.execute(
            "DELETE FROM sessions WHERE last_seen_ms < $1 OR created_ms < $2",
            vec![param(idle_before_ms), param(created_before_ms)],
        )?;
        Ok(())
    }

    fn claim_actor(
        &self,
        actor: &str,
        person: &PersonId,
        now_ms: i64,
    ) -> Result<(bool, String), AccountError> {
        // One statement: of two relays claiming the same actor at once, one
        // inserts and the other reads the winner.
        let inserted = self.execute(
            "INSERT INTO actors (actor, person, first_ms) VALUES ($1, $2, $3)
             ON CONFLICT (actor) DO NOTHING",
            vec![text(actor), text(person.as_str()), param(now_ms)],
        )? == 1;
        let rows = self.query(
            "SELECT person FROM actors WHERE actor = $1",
            vec![text(actor)],
        )?;
        let row = rows.first().ok_or_else(|| {
            // Released by its owner between the two statements.
            AccountError::Postgres(PostgresError::Query(format!(
                "the actor {actor} was released while being claimed"
            )))
        })?;
        Ok((inserted, get(row, 0)?))
    }

    fn release_actor(&self, actor: &str, person: &PersonId) -> Result<(), AccountError> {
        self.execute(
            "DELETE FROM actors WHERE actor = $1 AND person = $2",
            vec![text(actor), text(person.as_str())],
        )?;
        Ok(())
    }
}

impl AccountsStore for PostgresAccounts {
    fn atomically(
        &self,
        work: &mut dyn FnMut(&dyn AccountsStore) -> Result<(), AccountError>,
    ) -> Result<(), AccountError> {
        let pool = self.db.pool();
        // Serializable: checks made inside (the last admin) hold against
        // other relays' transactions too; a conflict fails one of them.
        let client = Arc::new(self.db.run(async move {
            let client = pool.get().await?;
            client
                .batch_execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
                .await?;
            Ok(client)
        })?);
        let inside = Self {
            db: self.db.clone(),
            held: Some(client.clone()),
        };
        let result = work(&inside);
        drop(inside);
        let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
        let ended = self.batch(client.clone(), end);
        if ended.is_err() {
            // Not back into the pool in the middle of a transaction.
            if let Ok(client) = Arc::try_unwrap(client) {
                drop(Object::take(client));
            }
        }
        result?;
        Ok(ended?)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Barrier;

    use super::*;

    /// Two relays each disable one of two admins at once, each after
    /// counting two: one of the transactions must fail, or the workspace
    /// would be left with none.
    #[test]
    fn concurrent_transactions_cannot_both_act_on_what_they_read() {
        let Some(url) = concord_local_postgres::LocalPostgres::database_for_test() else {
            return;
        };
        let setup = PostgresAccounts::new(Arc::new(PostgresDb::open(&url).unwrap()));
        for id in ["ann", "bob"] {
            let account = Account {
                person: Person::staff(id.parse().unwrap(), Vec::new()),
                display_name: id.into(),
                is_admin: true,
                disabled: false,
            };
            setup.insert(&account, "hash", 0).unwrap();
        }
        let both_counted = Barrier::new(2);
        let outcomes: Vec<Result<(), AccountError>> = std::thread::scope(|scope| {
            let runs: Vec<_> = ["ann", "bob"]
                .into_iter()
                .map(|id| {
                    let both_counted = &both_counted;
                    let url = url.clone();
                    scope.spawn(move || {
                        let relay =
                            PostgresAccounts::new(Arc::new(PostgresDb::open(&url).unwrap()));
                        relay.atomically(&mut |db| {
                            let admins = db.admin_count()?;
                            both_counted.wait();
                            assert_eq!(admins, 2);
                            db.set_disabled(&id.parse().unwrap(), true)
                        })
                    })
                })
                .collect();
            runs.into_iter().map(|run| run.join().unwrap()).collect()
        });
        assert_eq!(
            outcomes.iter().filter(|outcome| outcome.is_ok()).count(),
            1,
            "{outcomes:?}"
        );
        assert_eq!(setup.admin_count().unwrap(), 1);
    }
}
