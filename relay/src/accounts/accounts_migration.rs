//! `concord-relay migrate`: the accounts of an embedded workspace
//! (`accounts.sqlite`) copied into PostgreSQL, then read back and compared
//! row by row.

use std::{collections::HashSet, path::Path, sync::Arc};

use rusqlite::types::ValueRef;
use tokio_postgres::types::ToSql;

use super::{AccountError, AccountsDb};
use crate::postgres::{PostgresDb, PostgresError};

/// How a column is stored: the same meaning in both databases, though
/// SQLite keeps booleans as integers.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    OptionalText,
    Int,
    Bool,
    Bytes,
}

/// One stored value, comparable across the two databases.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Value {
    Text(Option<String>),
    Int(i64),
    Bool(bool),
    Bytes(Vec<u8>),
}

struct Table {
    name: &'static str,
    columns: &'static [(&'static str, Kind)],
}

use Kind::{Bool, Bytes, Int, OptionalText, Text};

/// In an order that satisfies the foreign keys. `people.superior` refers to
/// people too: it is written in a second pass, once everyone is there.
const TABLES: &[Table] = &[
    Table {
        name: "people",
        columns: &[
            ("id", Text),
            ("display_name", Text),
            ("password", Text),
            ("is_admin", Bool),
            ("org", OptionalText),
            ("disabled", Bool),
            ("created_ms", Int),
            ("superior", OptionalText),
        ],
    },
    Table {
        name: "departments",
        columns: &[("id", Text), ("name", Text), ("created_ms", Int)],
    },
    Table {
        name: "orgs",
        columns: &[
            ("id", Text),
            ("name", Text),
            ("kind", Text),
            ("created_ms", Int),
        ],
    },
    Table {
        name: "memberships",
        columns: &[("person", Text), ("dept", Text), ("head", Bool)],
    },
    Table {
        name: "sessions",
        columns: &[
            ("digest", Bytes),
            ("person", Text),
            ("created_ms", Int),
            ("last_seen_ms", Int),
        ],
    },
    Table {
        name: "actors",
        columns: &[("actor", Text), ("person", Text), ("first_ms", Int)],
    },
    Table {
        name: "invites",
        columns: &[
            ("id", Text),
            ("digest", Bytes),
            ("org", Text),
            ("created_by", Text),
            ("created_ms", Int),
            ("expires_ms", Int),
            ("used_by", OptionalText),
            ("revoked", Bool),
        ],
    },
    Table {
        name: "calendar_days",
        columns: &[
            ("day", Text),
            ("kind", Text),
            ("set_by", Text),
            ("set_ms", Int),
        ],
    },
    Table {
        name: "settings",
        columns: &[("key", Text), ("value", Text)],
    },
    Table {
        name: "message_reads",
        columns: &[("person", Text), ("message", Text), ("read_ms", Int)],
    },
    Table {
        name: "follows",
        columns: &[("person", Text), ("doc", Text), ("since_ms", Int)],
    },
    Table {
        name: "subtemplates",
        columns: &[
            ("id", Text),
            ("definition", Text),
            ("shared_with", Text),
            ("made_by", Text),
            ("made_ms", Int),
        ],
    },
];

/// What a migration of the accounts did: rows per table, and the rows the
/// target holds differently (or lacks) after the copy. Empty `differing`:
/// the target has every account record the source had, as it had it.
pub struct AccountsMigration {
    pub rows: Vec<(&'static str, usize)>,
    pub differing: Vec<(&'static str, usize)>,
}

impl AccountsMigration {
    /// Copies every row of `source` (an `accounts.sqlite`) into `target`
    /// in one transaction; rows already there (a second run) are kept. Then
    /// reads the target back and compares.
    pub fn run(source: &Path, target: &Arc<PostgresDb>) -> Result<Self, AccountError> {
        // Opening brings an old file's schema up to date, so every column exists.
        let source = AccountsDb::open(source)?;
        let mut read = Vec::new();
        for table in TABLES {
            read.push(sqlite_rows(&source, table)?);
        }
        let copied = read.clone();
        let pool = target.pool();
        target.run(async move {
            let mut client = pool.get().await?;
            let tx = client.transaction().await?;
            for (table, rows) in TABLES.iter().zip(&copied) {
                let sql = insert_sql(table);
                for row in rows {
                    let mut params = to_params(row);
                    if table.name == "people" {
                        // Everyone first; whom they report to in the second pass.
                        params[7] = Box::new(None::<String>);
                    }
                    tx.execute(&sql, &refs(&params)).await?;
                }
            }
            for row in &copied[0] {
                if let (Value::Text(Some(id)), Value::Text(Some(superior))) = (&row[0], &row[7]) {
                    tx.execute(
                        "UPDATE people SET superior = $2 WHERE id = $1 AND superior IS NULL",
                        &[id, superior],
                    )
                    .await?;
                }
            }
            tx.commit().await?;
            Ok(())
        })?;
        let mut migration = Self {
            rows: Vec::new(),
            differing: Vec::new(),
        };
        for (table, rows) in TABLES.iter().zip(read) {
            let there: HashSet<Vec<Value>> = postgres_rows(target, table)?.into_iter().collect();
            let missing = rows.iter().filter(|row| !there.contains(*row)).count();
            migration.rows.push((table.name, rows.len()));
            if missing > 0 {
                migration.differing.push((table.name, missing));
            }
        }
        Ok(migration)
    }
}

fn select_sql(table: &Table) -> String {
    let columns: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    format!("SELECT {} FROM {}", columns.join(", "), table.name)
}

fn insert_sql(table: &Table) -> String {
    let columns: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    let places: Vec<String> = (1..=columns.len()).map(|n| format!("${n}")).collect();
    format!(
        "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT DO NOTHING",
        table.name,
        columns.join(", "),
        places.join(", ")
    )
}

fn sqlite_rows(source: &AccountsDb, table: &Table) -> Result<Vec<Vec<Value>>, AccountError> {
    let mut statement = source.conn.prepare(&select_sql(table))?;
    let mut rows = statement.query([])?;
    let mut all = Vec::new();
    while let Some(row) = rows.next()? {
        let mut values = Vec::with_capacity(table.columns.len());
        for (index, (_, kind)) in table.columns.iter().enumerate() {
            let value = row.get_ref(index)?;
            values.push(match (kind, value) {
                (Text | OptionalText, ValueRef::Null) => Value::Text(None),
                (Text | OptionalText, _) => Value::Text(Some(row.get(index)?)),
                (Int, _) => Value::Int(row.get(index)?),
                (Bool, _) => Value::Bool(row.get(index)?),
                (Bytes, _) => Value::Bytes(row.get(index)?),
            });
        }
        all.push(values);
    }
    Ok(all)
}

fn postgres_rows(
    target: &PostgresDb,
    table: &'static Table,
) -> Result<Vec<Vec<Value>>, AccountError> {
    let pool = target.pool();
    Ok(target.run(async move {
        let client = pool.get().await?;
        let rows = client.query(&select_sql(table), &[]).await?;
        rows.iter()
            .map(|row| {
                table
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(index, (_, kind))| {
                        Ok(match kind {
                            Text | OptionalText => Value::Text(row.try_get(index)?),
                            Int => Value::Int(row.try_get(index)?),
                            Bool => Value::Bool(row.try_get(index)?),
                            Bytes => Value::Bytes(row.try_get(index)?),
                        })
                    })
                    .collect::<Result<Vec<_>, PostgresError>>()
            })
            .collect()
    })?)
}

fn to_params(row: &[Value]) -> Vec<Box<dyn ToSql + Sync + Send>> {
    row.iter()
        .map(|value| -> Box<dyn ToSql + Sync + Send> {
            match value {
                Value::Text(text) => Box::new(text.clone()),
                Value::Int(n) => Box::new(*n),
                Value::Bool(b) => Box::new(*b),
                Value::Bytes(bytes) => Box::new(bytes.clone()),
            }
        })
        .collect()
}

fn refs(params: &[Box<dyn ToSql + Sync + Send>]) -> Vec<&(dyn ToSql + Sync)> {
    params
        .iter()
        .map(|p| p.as_ref() as &(dyn ToSql + Sync))
        .collect()
}
