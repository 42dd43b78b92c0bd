//! Team sub-templates in SQLite.

use rusqlite::params;

use super::{AccountError, AccountsDb, SubtemplateRow, SubtemplateStore};

impl SubtemplateStore for AccountsDb {
    fn insert_subtemplate(&self, row: &SubtemplateRow) -> Result<(), AccountError> {
        let inserted = self.conn.execute(
            "INSERT OR IGNORE INTO subtemplates (id, definition, shared_with, made_by, made_ms)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                row.id,
                row.definition,
                row.shared_with,
                row.made_by,
                row.made_ms
            ],
        )?;
        if inserted == 0 {
            return Err(AccountError::Taken);
        }
        Ok(())
    }

    fn subtemplates(&self) -> Result<Vec<SubtemplateRow>, AccountError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, definition, shared_with, made_by, made_ms FROM subtemplates
             ORDER BY made_ms DESC, id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(SubtemplateRow {
                id: row.get(0)?,
                definition: row.get(1)?,
                shared_with: row.get(2)?,
                made_by: row.get(3)?,
                made_ms: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
