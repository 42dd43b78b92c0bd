//! The directory's tables in PostgreSQL: departments and who belongs to
//! them, partner organisations, and invites.

use std::str::FromStr;

use concord_api::{Department, Invite, InviteId, OrgKind, Organisation, PersonEntry};
use concord_model::DeptId;
use tokio_postgres::Row;

use super::{
    AccountError, DirectoryStore, PostgresAccounts,
    postgres_accounts::{get, param},
};
use crate::postgres::PostgresError;

impl DirectoryStore for PostgresAccounts {
    fn memberships(&self, person: &str) -> Result<(Vec<DeptId>, Vec<DeptId>), AccountError> {
        let rows = self.query(
            "SELECT dept, head FROM memberships WHERE person = $1 ORDER BY dept COLLATE \"C\"",
            vec![param(person.to_owned())],
        )?;
        let (mut departments, mut heads) = (Vec::new(), Vec::new());
        for row in &rows {
            let dept: String = get(row, 0)?;
            // Department ids were parsed when the department was added.
            let Ok(dept) = dept.parse::<DeptId>() else {
                continue;
            };
            if get::<bool>(row, 1)? {
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
        self.execute(
            "DELETE FROM memberships WHERE person = $1",
            vec![param(person.to_owned())],
        )?;
        let mut all: Vec<&String> = departments.iter().chain(heads).collect();
        all.sort();
        all.dedup();
        for dept in all {
            self.execute(
                "INSERT INTO memberships (person, dept, head) VALUES ($1, $2, $3)",
                vec![
                    param(person.to_owned()),
                    param(dept.clone()),
                    param(heads.contains(dept)),
                ],
            )?;
        }
        Ok(())
    }

    fn department_exists(&self, id: &str) -> Result<bool, AccountError> {
        let rows = self.query(
            "SELECT 1 FROM departments WHERE id = $1",
            vec![param(id.to_owned())],
        )?;
        Ok(!rows.is_empty())
    }

    fn insert_department(&self, dept: &Department, now_ms: i64) -> Result<(), AccountError> {
        let inserted = self.execute(
            "INSERT INTO departments (id, name, created_ms) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
            vec![
                param(dept.id.as_str().to_owned()),
                param(dept.name.clone()),
                param(now_ms),
            ],
        )?;
        if inserted == 0 {
            return Err(AccountError::Taken);
        }
        Ok(())
    }

    fn departments(&self) -> Result<Vec<Department>, AccountError> {
        let rows = self.query(
            "SELECT id, name FROM departments ORDER BY id COLLATE \"C\"",
            vec![],
        )?;
        rows.iter()
            .map(|row| {
                Ok(Department {
                    id: id_at(row, 0)?,
                    name: get(row, 1)?,
                })
            })
            .collect()
    }

    fn insert_org(&self, org: &Organisation, now_ms: i64) -> Result<(), AccountError> {
        let inserted = self.execute(
            "INSERT INTO orgs (id, name, kind, created_ms) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
            vec![
                param(org.id.as_str().to_owned()),
                param(org.name.clone()),
                param(org.kind.as_str().to_owned()),
                param(now_ms),
            ],
        )?;
        if inserted == 0 {
            return Err(AccountError::Taken);
        }
        Ok(())
    }

    fn orgs(&self) -> Result<Vec<Organisation>, AccountError> {
        let rows = self.query(
            "SELECT id, name, kind FROM orgs ORDER BY id COLLATE \"C\"",
            vec![],
        )?;
        rows.iter()
            .map(|row| {
                let kind: String = get(row, 2)?;
                Ok(Organisation {
                    id: id_at(row, 0)?,
                    name: get(row, 1)?,
                    // Kinds are written from `OrgKind`; an unknown one reads as partner.
                    kind: OrgKind::parse(&kind).unwrap_or(OrgKind::Partner),
                })
            })
            .collect()
    }

    fn people(&self) -> Result<Vec<PersonEntry>, AccountError> {
        let rows = self.query(
            "SELECT id, display_name, is_admin, disabled, org, superior FROM people
             ORDER BY lower(id) COLLATE \"C\"",
            vec![],
        )?;
        let mut people = rows
            .iter()
            .map(|row| {
                Ok(PersonEntry {
                    id: id_at(row, 0)?,
                    display_name: get(row, 1)?,
                    is_admin: get(row, 2)?,
                    disabled: get(row, 3)?,
                    org: optional_id_at(row, 4)?,
                    departments: Vec::new(),
                    heads: Vec::new(),
                    superior: optional_id_at(row, 5)?,
                })
            })
            .collect::<Result<Vec<_>, AccountError>>()?;
        for person in &mut people {
            (person.departments, person.heads) = self.memberships(person.id.as_str())?;
        }
        Ok(people)
    }

    fn admin_count(&self) -> Result<i64, AccountError> {
        let rows = self.query(
            "SELECT count(*) FROM people WHERE is_admin AND NOT disabled",
            vec![],
        )?;
        match rows.first() {
            Some(row) => get(row, 0),
            None => Ok(0),
        }
    }

    fn update_person(
        &self,
        id: &str,
        display_name: Option<&str>,
        is_admin: Option<bool>,
        password: Option<&str>,
    ) -> Result<(), AccountError> {
        // NULL leaves a column as it is.
        self.execute(
            "UPDATE people SET display_name = coalesce($2, display_name),
                 is_admin = coalesce($3, is_admin), password = coalesce($4, password)
             WHERE id = $1",
            vec![
                param(id.to_owned()),
                param(display_name.map(str::to_owned)),
                param(is_admin),
                param(password.map(str::to_owned)),
            ],
        )?;
        Ok(())
    }

    fn set_superior(&self, id: &str, superior: Option<&str>) -> Result<(), AccountError> {
        self.execute(
            "UPDATE people SET superior = $2 WHERE id = $1",
            vec![param(id.to_owned()), param(superior.map(str::to_owned))],
        )?;
        Ok(())
    }

    fn insert_invite(
        &self,
        invite: &Invite,
        digest: &[u8; 32],
        created_by: &str,
    ) -> Result<(), AccountError> {
        self.execute(
            "INSERT INTO invites (id, digest, org, created_by, created_ms, expires_ms)
             VALUES ($1, $2, $3, $4, $5, $6)",
            vec![
                param(invite.id.0.clone()),
                param(digest.to_vec()),
                param(invite.org.as_str().to_owned()),
                param(created_by.to_owned()),
                param(invite.created_ms),
                param(invite.expires_ms),
            ],
        )?;
        Ok(())
    }

    fn invites(&self) -> Result<Vec<Invite>, AccountError> {
        let rows = self.query(
            "SELECT id, org, created_ms, expires_ms, used_by, revoked FROM invites
             ORDER BY created_ms DESC",
            vec![],
        )?;
        rows.iter().map(invite_row).collect()
    }

    fn invite_by_digest(&self, digest: &[u8; 32]) -> Result<Option<Invite>, AccountError> {
        let rows = self.query(
            "SELECT id, org, created_ms, expires_ms, used_by, revoked FROM invites
             WHERE digest = $1",
            vec![param(digest.to_vec())],
        )?;
        rows.first().map(invite_row).transpose()
    }

    fn use_invite(&self, id: &str, person: &str, now_ms: i64) -> Result<bool, AccountError> {
        Ok(self.execute(
            "UPDATE invites SET used_by = $2
             WHERE id = $1 AND used_by IS NULL AND NOT revoked AND expires_ms > $3",
            vec![
                param(id.to_owned()),
                param(person.to_owned()),
                param(now_ms),
            ],
        )? == 1)
    }

    fn revoke_invite(&self, id: &str) -> Result<bool, AccountError> {
        Ok(self.execute(
            "UPDATE invites SET revoked = true WHERE id = $1",
            vec![param(id.to_owned())],
        )? == 1)
    }
}

fn invite_row(row: &Row) -> Result<Invite, AccountError> {
    Ok(Invite {
        id: InviteId(get(row, 0)?),
        org: id_at(row, 1)?,
        created_ms: get(row, 2)?,
        expires_ms: get(row, 3)?,
        used_by: optional_id_at(row, 4)?,
        revoked: get(row, 5)?,
    })
}

/// An id column. Ids are parsed before they are written, so one that no
/// longer parses is damage, reported as such rather than skipped.
fn id_at<T>(row: &Row, index: usize) -> Result<T, AccountError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let text: String = get(row, index)?;
    text.parse().map_err(|error: T::Err| {
        AccountError::Postgres(PostgresError::Query(format!(
            "a stored id does not read ({text:?}): {error}"
        )))
    })
}

fn optional_id_at<T>(row: &Row, index: usize) -> Result<Option<T>, AccountError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    match get::<Option<String>>(row, index)? {
        None => Ok(None),
        Some(_) => id_at(row, index).map(Some),
    }
}
