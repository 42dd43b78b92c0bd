use tokio_postgres::Client;

use super::PostgresError;

/// Each entry brings the schema from the version before it to its own
/// index + 1. One list for everything the relay keeps in PostgreSQL.
const MIGRATIONS: &[&str] = &[
    // A row per document: what writers lock (in id order) to take the
    // document's next sequence numbers. `last_seq` never goes back, even
    // when compaction deletes the chunks that had them.
    "CREATE TABLE documents (
        doc_id   bytea  PRIMARY KEY CHECK (length(doc_id) = 16),
        last_seq bigint NOT NULL DEFAULT 0
    );
    CREATE TABLE doc_chunks (
        doc_id bytea  NOT NULL REFERENCES documents (doc_id),
        seq    bigint NOT NULL,
        data   bytea  NOT NULL,
        PRIMARY KEY (doc_id, seq)
    );
    -- One compacted snapshot per document; the chunks it was built from were
    -- deleted in the same transaction.
    CREATE TABLE doc_snapshots (
        doc_id bytea PRIMARY KEY REFERENCES documents (doc_id),
        data   bytea NOT NULL
    );
    CREATE TABLE relay_meta (
        key   text PRIMARY KEY,
        value text NOT NULL
    );",
    // Version 2: what the relay kept in accounts.sqlite (people, sessions,
    // actor bindings, the directory, the workspace calendar), so relays
    // sharing the database share them too. Ids compare without case, as in
    // SQLite, and the unique index makes that hold across relays.
    "CREATE TABLE people (
        id           text    PRIMARY KEY,
        display_name text    NOT NULL,
        password     text    NOT NULL,
        is_admin     boolean NOT NULL,
        org          text,
        disabled     boolean NOT NULL DEFAULT false,
        created_ms   bigint  NOT NULL,
        superior     text    REFERENCES people (id) ON DELETE SET NULL
    );
    CREATE UNIQUE INDEX people_by_lower_id ON people (lower(id));
    CREATE TABLE sessions (
        digest       bytea  PRIMARY KEY,
        person       text   NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        created_ms   bigint NOT NULL,
        last_seen_ms bigint NOT NULL
    );
    CREATE INDEX sessions_by_person ON sessions (person);
    CREATE TABLE actors (
        actor    text   PRIMARY KEY,
        person   text   NOT NULL,
        first_ms bigint NOT NULL
    );
    CREATE TABLE departments (
        id         text   PRIMARY KEY,
        name       text   NOT NULL,
        created_ms bigint NOT NULL
    );
    CREATE TABLE memberships (
        person text    NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        dept   text    NOT NULL REFERENCES departments (id),
        head   boolean NOT NULL DEFAULT false,
        PRIMARY KEY (person, dept)
    );
    CREATE TABLE orgs (
        id         text   PRIMARY KEY,
        name       text   NOT NULL,
        kind       text   NOT NULL,
        created_ms bigint NOT NULL
    );
    CREATE TABLE invites (
        id         text    PRIMARY KEY,
        digest     bytea   NOT NULL UNIQUE,
        org        text    NOT NULL REFERENCES orgs (id),
        created_by text    NOT NULL,
        created_ms bigint  NOT NULL,
        expires_ms bigint  NOT NULL,
        used_by    text,
        revoked    boolean NOT NULL DEFAULT false
    );
    CREATE TABLE calendar_days (
        day    text   PRIMARY KEY,
        kind   text   NOT NULL CHECK (kind IN ('holiday', 'make-up-day')),
        set_by text   NOT NULL,
        set_ms bigint NOT NULL
    );
    CREATE TABLE settings (
        key   text PRIMARY KEY,
        value text NOT NULL
    );",
    "CREATE TABLE message_reads (
        person  text   NOT NULL,
        message text   NOT NULL,
        read_ms bigint NOT NULL,
        PRIMARY KEY (person, message)
    );",
    "CREATE TABLE follows (
        person   text   NOT NULL,
        doc      text   NOT NULL,
        since_ms bigint NOT NULL,
        PRIMARY KEY (person, doc)
    );",
    "CREATE TABLE subtemplates (
        id          text   PRIMARY KEY,
        definition  text   NOT NULL,
        shared_with text   NOT NULL,
        made_by     text   NOT NULL,
        made_ms     bigint NOT NULL
    );",
];

/// The schema version this relay writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Any fixed number: relays starting at once take turns to migrate.
const MIGRATION_LOCK: i64 = 0x0043_6f6e_636f_7264;

/// Brings the database's schema up to [`SCHEMA_VERSION`] in one transaction,
/// or refuses a schema newer than that.
pub(super) async fn migrate(client: &mut Client, server: &str) -> Result<(), PostgresError> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version bigint NOT NULL)")
        .await?;
    let found: Option<i64> = match tx
        .query_opt("SELECT max(version) FROM schema_version", &[])
        .await?
    {
        Some(row) => row.try_get(0)?,
        None => None,
    };
    let found = found.unwrap_or(0);
    if found > SCHEMA_VERSION {
        return Err(PostgresError::TooNew {
            server: server.to_owned(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    for sql in &MIGRATIONS[found.max(0) as usize..] {
        tx.batch_execute(sql).await?;
    }
    tx.execute("DELETE FROM schema_version", &[]).await?;
    tx.execute(
        "INSERT INTO schema_version (version) VALUES ($1)",
        &[&SCHEMA_VERSION],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
