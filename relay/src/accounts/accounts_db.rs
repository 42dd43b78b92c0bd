use std::path::Path;

use concord_model::{OrgId, Person, PersonId};
use rusqlite::{Connection, OptionalExtension, params};

use super::{
    Account, AccountError, AccountsStore, DirectoryStore,
    accounts_store::{PeopleStore, SessionRow},
};

/// The accounts tables in SQLite: people and their sessions. Plain
/// statements over one connection; `Accounts` serialises access.
pub struct AccountsDb {
    pub(super) conn: Connection,
}

/// Each entry brings the schema from its index to the next version.
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE people (
        id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        password TEXT NOT NULL,
        is_admin INTEGER NOT NULL,
        org TEXT,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_ms INTEGER NOT NULL
    );
    CREATE TABLE sessions (
        digest BLOB PRIMARY KEY,
        person TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        created_ms INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL
    );
    CREATE INDEX sessions_by_person ON sessions(person);
",
    "
    CREATE TABLE actors (
        actor TEXT PRIMARY KEY,
        person TEXT NOT NULL,
        first_ms INTEGER NOT NULL
    );
",
    "
    CREATE TABLE departments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_ms INTEGER NOT NULL
    );
    CREATE TABLE memberships (
        person TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        dept TEXT NOT NULL REFERENCES departments(id),
        head INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (person, dept)
    );
    CREATE TABLE orgs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        created_ms INTEGER NOT NULL
    );
    CREATE TABLE invites (
        id TEXT PRIMARY KEY,
        digest BLOB NOT NULL UNIQUE,
        org TEXT NOT NULL REFERENCES orgs(id),
        created_by TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        expires_ms INTEGER NOT NULL,
        used_by TEXT,
        revoked INTEGER NOT NULL DEFAULT 0
    );
",
    "
    ALTER TABLE people ADD COLUMN superior TEXT REFERENCES people(id) ON DELETE SET NULL;
",
    // The workspace calendar: holidays and make-up working days, and
    // workspace-wide settings (its time zone).
    "
    CREATE TABLE calendar_days (
        day TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('holiday', 'make-up-day')),
        set_by TEXT NOT NULL,
        set_ms INTEGER NOT NULL
    );
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
",
    "CREATE TABLE message_reads (
        person TEXT NOT NULL,
        message TEXT NOT NULL,
        read_ms INTEGER NOT NULL,
        PRIMARY KEY (person, message)
    );
",
    "CREATE TABLE follows (
        person TEXT NOT NULL,
        doc TEXT NOT NULL,
        since_ms INTEGER NOT NULL,
        PRIMARY KEY (person, doc)
    );
",
    "CREATE TABLE subtemplates (
        id TEXT PRIMARY KEY,
        definition TEXT NOT NULL,
        shared_with TEXT NOT NULL,
        made_by TEXT NOT NULL,
        made_ms INTEGER NOT NULL
    );
",
];

impl AccountsDb {
    pub fn open(path: &Path) -> Result<Self, AccountError> {
        let open = |source| AccountError::Open {
            path: path.to_owned(),
            source,
        };
        let conn = Connection::open(path).map_err(open)?;
        conn.query_row("PRAGMA journal_mode = WAL", [], |row| {
            row.get::<_, String>(0)
        })
        .map_err(open)?;
        Self::ready(conn)
    }

    pub fn in_memory() -> Result<Self, AccountError> {
        Self::ready(Connection::open_in_memory()?)
    }

    fn ready(conn: Connection) -> Result<Self, AccountError> {
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        let found = usize::try_from(found).unwrap_or(0);
        for (version, step) in MIGRATIONS.iter().enumerate().skip(found) {
            let tx = conn.unchecked_transaction()?;
            tx.execute_batch(step)?;
            tx.pragma_update(None, "user_version", version as i64 + 1)?;
            tx.commit()?;
        }
        Ok(Self { conn })
    }
}

impl PeopleStore for AccountsDb {
    fn has_admin(&self) -> Result<bool, AccountError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM people WHERE is_admin = 1 LIMIT 1",
                [],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Adds a person; `Taken` if the id is in use (ids compare without case).
    fn insert(&self, account: &Account, password: &str, now_ms: i64) -> Result<(), AccountError> {
        let taken = self
            .conn
            .query_row(
                "SELECT 1 FROM people WHERE lower(id) = lower(?1)",
                [account.id().as_str()],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if taken {
            return Err(AccountError::Taken);
        }
        self.conn.execute(
            "INSERT INTO people (id, display_name, password, is_admin, org, disabled, created_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                account.id().as_str(),
                account.display_name,
                password,
                account.is_admin,
                account.org().map(OrgId::as_str),
                account.disabled,
                now_ms
            ],
        )?;
        Ok(())
    }

    /// The account with this id and its stored password, if any.
    fn account(&self, id: &str) -> Result<Option<(Account, String)>, AccountError> {
        let row = self
            .conn
            .query_row(
                "SELECT id, display_name, password, is_admin, org, disabled, superior FROM people
                 WHERE lower(id) = lower(?1)",
                [id],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, bool>(3)?,
                        row.get::<_, Option<String>>(4)?,
                        row.get::<_, bool>(5)?,
                        row.get::<_, Option<String>>(6)?,
                    ))
                },
            )
            .optional()?;
        let Some((id, display_name, password, is_admin, org, disabled, superior)) = row else {
            return Ok(None);
        };
        // Rows are written only through `insert`, which took parsed ids; a
        // row that no longer parses is treated as no account.
        let Ok(person_id) = id.parse::<PersonId>() else {
            return Ok(None);
        };
        let mut person = match org.map(|o| o.parse::<OrgId>()) {
            None => Person::staff(person_id, Vec::new()),
            Some(Ok(org)) => Person::partner(person_id, org),
            Some(Err(_)) => return Ok(None),
        };
        if person.affiliation == concord_model::Affiliation::Staff {
            let (departments, heads) = self.memberships(&id)?;
            person.departments = departments;
            person.heads = heads;
            // Written only through `change_person`, which took a parsed id.
            person.superior = superior.and_then(|s| s.parse().ok());
        }
        Ok(Some((
            Account {
                person,
                display_name,
                is_admin,
                disabled,
            },
            password,
        )))
    }

    fn set_disabled(&self, id: &PersonId, disabled: bool) -> Result<(), AccountError> {
        self.conn.execute(
            "UPDATE people SET disabled = ?2 WHERE id = ?1",
            params![id.as_str(), disabled],
        )?;
        Ok(())
    }

    fn insert_session(
        &self,
        digest: &[u8; 32],
        person: &PersonId,
        now_ms: i64,
    ) -> Result<(), AccountError> {
        self.conn.execute(
            "INSERT INTO sessions (digest, person, created_ms, last_seen_ms) VALUES (?1, ?2, ?3, ?3)",
            params![&digest[..], person.as_str(), now_ms],
        )?;
        Ok(())
    }

    fn session(&self, digest: &[u8; 32]) -> Result<Option<SessionRow>, AccountError> {
        Ok(self
            .conn
            .query_row(
                "SELECT person, created_ms, last_seen_ms FROM sessions WHERE digest = ?1",
                [&digest[..]],
                |row| {
                    Ok(SessionRow {
                        person: row.get(0)?,
                        created_ms: row.get(1)?,
                        last_seen_ms: row.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    fn touch_session(&self, digest: &[u8; 32], now_ms: i64) -> Result<(), AccountError> {
        self.conn.execute(
            "UPDATE sessions SET last_seen_ms = ?2 WHERE digest = ?1",
            params![&digest[..], now_ms],
        )?;
        Ok(())
    }

    fn delete_session(&self, digest: &[u8; 32]) -> Result<(), AccountError> {
        self.conn
            .execute("DELETE FROM sessions WHERE digest = ?1", [&digest[..]])?;
        Ok(())
    }

    fn delete_sessions_of(&self, person: &PersonId) -> Result<(), AccountError> {
        self.conn
            .execute("DELETE FROM sessions WHERE person = ?1", [person.as_str()])?;
        Ok(())
    }

    fn prune_sessions(
        &self,
        idle_before_ms: i64,
        created_before_ms: i64,
    ) -> Result<(), AccountError> {
        self.conn.execute(
            "DELETE FROM sessions WHERE last_seen_ms < ?1 OR created_ms < ?2",
            params![idle_before_ms, created_before_ms],
        )?;
        Ok(())
    }

    /// Binds `actor` to `person` unless it is bound; returns its owner.
    fn claim_actor(
        &self,
        actor: &str,
        person: &PersonId,
        now_ms: i64,
    ) -> Result<(bool, String), AccountError> {
        let inserted = self.conn.execute(
            "INSERT OR IGNORE INTO actors (actor, person, first_ms) VALUES (?1, ?2, ?3)",
            params![actor, person.as_str(), now_ms],
        )? == 1;
        let owner: String = self.conn.query_row(
            "SELECT person FROM actors WHERE actor = ?1",
            [actor],
            |row| row.get(0),
        )?;
        Ok((inserted, owner))
    }

    fn release_actor(&self, actor: &str, person: &PersonId) -> Result<(), AccountError> {
        self.conn.execute(
            "DELETE FROM actors WHERE actor = ?1 AND person = ?2",
            params![actor, person.as_str()],
        )?;
        Ok(())
    }
}

impl AccountsStore for AccountsDb {
    fn atomically(
        &self,
        work: &mut dyn FnMut(&dyn AccountsStore) -> Result<(), AccountError>,
    ) -> Result<(), AccountError> {
        // Dropped uncommitted on `Err`: rolled back.
        let tx = self.conn.unchecked_transaction()?;
        work(self)?;
        tx.commit()?;
        Ok(())
    }
}
