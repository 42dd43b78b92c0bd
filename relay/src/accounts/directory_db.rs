//! The directory's tables: departments and who belongs to them, partner
//! organisations, and invites.

use std::str::FromStr;

use concord_api::{Department, Invite, InviteId, OrgKind, Organisation, PersonEntry};
use concord_model::DeptId;
use rusqlite::{OptionalExtension, Row, params, types::Type};

use super::{AccountError, AccountsDb, DirectoryStore};

impl DirectoryStore for AccountsDb {
    fn memberships(&self, person: &str) -> Result<(Vec<DeptId>, Vec<DeptId>), AccountError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT dept, head FROM memberships WHERE person = ?1 ORDER BY dept")?;
        let rows = statement.query_map([person], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, bool>(1)?))
        })?;
        let (mut departments, mut heads) = (Vec::new(), Vec::new());
        for row in rows {
            let (dept, head) = row?;
            // Department ids were parsed when the department was added.
            let Ok(dept) = dept.parse::<DeptId>() else {
                continue;
            };
            if head {
                heads.push(dept.clone());
            }
            departments.push(dept);
        }
        Ok((departments, heads))
    }

    fn set_memberships(
        &self,
        person: &str,
        departments: &[String],
        heads: &[String],
    ) -> Result<(), AccountError> {
        for dept in departments.iter().chain(heads) {
            if !self.department_exists(dept)? {
                return Err(AccountError::UnknownDepartment(dept.clone()));
            }
        }
        self.conn
            .execute("DELETE FROM memberships WHERE person = ?1", [person])?;
        let mut all: Vec<&String> = departments.iter().chain(heads).collect();
        all.sort();
        all.dedup();
        for dept in all {
            self.conn.execute(
                "INSERT INTO memberships (person, dept, head) VALUES (?1, ?2, ?3)",
                params![person, dept, heads.contains(dept)],
            )?;
        }
        Ok(())
    }

    fn department_exists(&self, id: &str) -> Result<bool, AccountError> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM departments WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn insert_department(&self, dept: &Department, now_ms: i64) -> Result<(), AccountError> {
        let inserted = self.conn.execute(
            "INSERT OR IGNORE INTO departments (id, name, created_ms) VALUES (?1, ?2, ?3)",
            params![dept.id.as_str(), dept.name, now_ms],
        )?;
        if inserted == 0 {
            return Err(AccountError::Taken);
        }
        Ok(())
    }

    fn departments(&self) -> Result<Vec<Department>, AccountError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, name FROM departments ORDER BY id")?;
        let rows = statement.query_map([], |row| {
            Ok(Department {
                id: id_at(row, 0)?,
                name: row.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn insert_org(&self, org: &Organisation, now_ms: i64) -> Result<(), AccountError> {
        let inserted = self.conn.execute(
            "INSERT OR IGNORE INTO orgs (id, name, kind, created_ms) VALUES (?1, ?2, ?3, ?4)",
            params![org.id.as_str(), org.name, org.kind.as_str(), now_ms],
        )?;
        if inserted == 0 {
            return Err(AccountError::Taken);
        }
        Ok(())
    }

    fn orgs(&self) -> Result<Vec<Organisation>, AccountError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, name, kind FROM orgs ORDER BY id")?;
        let rows = statement.query_map([], |row| {
            Ok((
                id_at(row, 0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        let mut orgs = Vec::new();
        for row in rows {
            let (id, name, kind) = row?;
            // Kinds are written from `OrgKind`; an unknown one reads as partner.
            let kind = OrgKind::parse(&kind).unwrap_or(OrgKind::Partner);
            orgs.push(Organisation { id, name, kind });
        }
        Ok(orgs)
    }

    fn people(&self) -> Result<Vec<PersonEntry>, AccountError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, display_name, is_admin, disabled, org, superior FROM people
             ORDER BY lower(id)",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(PersonEntry {
                id: id_at(row, 0)?,
                display_name: row.get(1)?,
                is_admin: row.get(2)?,
                disabled: row.get(3)?,
                org: optional_id_at(row, 4)?,
                departments: Vec::new(),
                heads: Vec::new(),
                superior: optional_id_at(row, 5)?,
            })
        })?;
        let mut people: Vec<PersonEntry> = rows.collect::<Result<_, _>>()?;
        for person in &mut people {
            (person.departments, person.heads) = self.memberships(person.id.as_str())?;
        }
        Ok(people)
    }

    fn admin_count(&self) -> Result<i64, AccountError> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM people WHERE is_admin = 1 AND disabled = 0",
            [],
            |row| row.get(0),
        )?)
    }

    fn update_person(
        &self,
        id: &str,
        display_name: Option<&str>,
        is_admin: Option<bool>,
        password: Option<&str>,
    ) -> Result<(), AccountError> {
        if let Some(name) = display_name {
            self.conn.execute(
                "UPDATE people SET display_name = ?2 WHERE id = ?1",
                params![id, name],
            )?;
        }
        if let Some(is_admin) = is_admin {
            self.conn.execute(
                "UPDATE people SET is_admin = ?2 WHERE id = ?1",
                params![id, is_admin],
            )?;
        }
        if let Some(password) = password {
            self.conn.execute(
                "UPDATE people SET password = ?2 WHERE id = ?1",
                params![id, password],
            )?;
        }
        Ok(())
    }

    fn set_superior(&self, id: &str, superior: Option<&str>) -> Result<(), AccountError> {
        self.conn.execute(
            "UPDATE people SET superior = ?2 WHERE id = ?1",
            params![id, superior],
        )?;
        Ok(())
    }

    fn insert_invite(
        &self,
        invite: &Invite,
        digest: &[u8; 32],
        created_by: &str,
    ) -> Result<(), AccountError> {
        self.conn.execute(
            "INSERT INTO invites (id, digest, org, created_by, created_ms, expires_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                invite.id.0,
                &digest[..],
                invite.org.as_str(),
                created_by,
                invite.created_ms,
                invite.expires_ms
            ],
        )?;
        Ok(())
    }

    fn invites(&self) -> Result<Vec<Invite>, AccountError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, org, created_ms, expires_ms, used_by, revoked FROM invites
             ORDER BY created_ms DESC",
        )?;
        let rows = statement.query_map([], invite_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn invite_by_digest(&self, digest: &[u8; 32]) -> Result<Option<Invite>, AccountError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, org, created_ms, expires_ms, used_by, revoked FROM invites
                 WHERE digest = ?1",
                [&digest[..]],
                invite_row,
            )
            .optional()?)
    }

    fn use_invite(&self, id: &str, person: &str, now_ms: i64) -> Result<bool, AccountError> {
        Ok(self.conn.execute(
            "UPDATE invites SET used_by = ?2
             WHERE id = ?1 AND used_by IS NULL AND revoked = 0 AND expires_ms > ?3",
            params![id, person, now_ms],
        )? == 1)
    }

    fn revoke_invite(&self, id: &str) -> Result<bool, AccountError> {
        Ok(self
            .conn
            .execute("UPDATE invites SET revoked = 1 WHERE id = ?1", [id])?
            == 1)
    }
}

fn invite_row(row: &Row<'_>) -> rusqlite::Result<Invite> {
    Ok(Invite {
        id: InviteId(row.get(0)?),
        org: id_at(row, 1)?,
        created_ms: row.get(2)?,
        expires_ms: row.get(3)?,
        used_by: optional_id_at(row, 4)?,
        revoked: row.get(5)?,
    })
}

/// An id column. Ids are parsed before they are written, so one that no
/// longer parses is damage, reported as such rather than skipped.
fn id_at<T>(row: &Row<'_>, index: usize) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: String = row.get(index)?;
    text.parse()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(e)))
}

fn optional_id_at<T>(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<T>>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    match row.get_ref(index)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => id_at(row, index).map(Some),
    }
}
