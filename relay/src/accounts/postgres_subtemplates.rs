//! Team sub-templates in PostgreSQL (shared by relays).

use super::{
    AccountError, PostgresAccounts, SubtemplateRow, SubtemplateStore,
    postgres_accounts::{get, param},
};

impl SubtemplateStore for PostgresAccounts {
    fn insert_subtemplate(&self, row: &SubtemplateRow) -> Result<(), AccountError> {
        let inserted = self.execute(
            "INSERT INTO subtemplates (id, definition, shared_with, made_by, made_ms)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            vec![
                param(row.id.clone()),
                param(row.definition.clone()),
                param(row.shared_with.clone()),
                param(row.made_by.clone()),
                param(row.made_ms),
            ],
        )?;
        if inserted == 0 {
            return Err(AccountError::Taken);
        }
        Ok(())
    }

    fn subtemplates(&self) -> Result<Vec<SubtemplateRow>, AccountError> {
        let rows = self.query(
            "SELECT id, definition, shared_with, made_by, made_ms FROM subtemplates
             ORDER BY made_ms DESC, id COLLATE \"C\"",
            vec![],
        )?;
        rows.iter()
            .map(|row| {
                Ok(SubtemplateRow {
                    id: get(row, 0)?,
                    definition: get(row, 1)?,
                    shared_with: get(row, 2)?,
                    made_by: get(row, 3)?,
                    made_ms: get(row, 4)?,
                })
            })
            .collect()
    }
}
