//! What admins do with the directory, and partners joining by invite.
//! Every method that changes the directory takes the acting account and
//! refuses (`Forbidden`) unless it is a live admin.

use concord_api::{
    Department, Directory, Invite, InviteId, NewStaff, OrgKind, Organisation, PersonChange,
    PersonEntry,
};
use concord_model::{OrgId, Person, PersonId};

use crate::locks::lock;

use super::{
    Account, AccountError, Accounts, AccountsStore, SessionToken,
    accounts::{display_name_of, new_session, parse_id},
    password::hash_password,
};

/// The longest an invite may stay open: a month.
pub const MAX_INVITE_HOURS: i64 = 720;

impl Accounts {
    pub fn directory(&self, by: &Account) -> Result<Directory, AccountError> {
        admin_only(by)?;
        let db = lock(&self.db);
        Ok(Directory {
            people: db.people()?,
            departments: db.departments()?,
            orgs: db.orgs()?,
            invites: db.invites()?,
        })
    }

    /// People, departments and organisations, for naming them on
    /// documents (no invites: who filters it is the caller's rule).
    pub fn people_list(&self) -> Result<Directory, AccountError> {
        let db = lock(&self.db);
        Ok(Directory {
            people: db.people()?,
            departments: db.departments()?,
            orgs: db.orgs()?,
            invites: Vec::new(),
        })
    }

    pub fn add_department(
        &self,
        by: &Account,
        id: &str,
        name: &str,
        now_ms: i64,
    ) -> Result<Department, AccountError> {
        admin_only(by)?;
        let dept = Department {
            id: parse_id(id)?,
            name: name_of(name)?,
        };
        lock(&self.db).insert_department(&dept, now_ms)?;
        Ok(dept)
    }

    pub fn add_org(
        &self,
        by: &Account,
        id: &str,
        name: &str,
        kind: OrgKind,
        now_ms: i64,
    ) -> Result<Organisation, AccountError> {
        admin_only(by)?;
        let org = Organisation {
            id: parse_id(id)?,
            name: name_of(name)?,
            kind,
        };
        lock(&self.db).insert_org(&org, now_ms)?;
        Ok(org)
    }

    pub fn add_staff(
        &self,
        by: &Account,
        new: &NewStaff,
        now_ms: i64,
    ) -> Result<PersonEntry, AccountError> {
        admin_only(by)?;
        let account = Account {
            person: Person::staff(parse_id(&new.id)?, Vec::new()),
            display_name: display_name_of(&new.display_name)?,
            is_admin: new.is_admin,
            disabled: false,
        };
        let stored = hash_password(&new.password)?;
        let db = lock(&self.db);
        db.atomically(&mut |db| {
            db.insert(&account, &stored, now_ms)?;
            db.set_memberships(account.id().as_str(), &new.departments, &new.heads)
        })?;
        entry(&**db, account.id().as_str())
    }

    /// Changes a person. Disabling them or setting their password ends
    /// their sessions.
    pub fn change_person(
        &self,
        by: &Account,
        id: &str,
        change: &PersonChange,
    ) -> Result<PersonEntry, AccountError> {
        admin_only(by)?;
        let display_name = change
            .display_name
            .as_deref()
            .map(display_name_of)
            .transpose()?;
        let password = change.password.as_deref().map(hash_password).transpose()?;
        let db = lock(&self.db);
        let mut changed = None;
        // The checks inside the transaction: relays sharing PostgreSQL run
        // it serializable, so two admins demoting each other on two relays
        // at once cannot both pass the last-admin check.
        db.atomically(&mut |db| {
            let (account, _) = db
                .account(id)?
                .ok_or_else(|| AccountError::NoSuchPerson(id.to_owned()))?;
            let id = account.id().as_str().to_owned();
            let loses_admin = account.is_admin
                && !account.disabled
                && (change.is_admin == Some(false) || change.disabled == Some(true));
            if loses_admin && db.admin_count()? <= 1 {
                return Err(AccountError::LastAdmin);
            }
            let partner = account.org().is_some();
            if partner
                && (change.is_admin == Some(true)
                    || change.departments.is_some()
                    || change.heads.is_some()
                    || change.superior.is_some())
            {
                // Partners stay on their side of the wall: no admin right, no departments.
                return Err(AccountError::Forbidden);
            }
            changed = Some(id.clone());
            db.update_person(
                &id,
                display_name.as_deref(),
                change.is_admin,
                password.as_deref(),
            )?;
            if change.departments.is_some() || change.heads.is_some() {
                let (departments, heads) = db.memberships(&id)?;
                let texts =
                    |ids: Vec<concord_model::DeptId>| ids.into_iter().map(String::from).collect();
                let departments = change
                    .departments
                    .clone()
                    .unwrap_or_else(|| texts(departments));
                let heads = change.heads.clone().unwrap_or_else(|| texts(heads));
                db.set_memberships(&id, &departments, &heads)?;
            }
            if let Some(superior) = change.superior.as_deref().map(str::trim) {
                // An empty superior clears the one recorded.
                let chosen = match superior {
                    "" => None,
                    named => Some(superior_for(db, &id, named)?),
                };
                db.set_superior(&id, chosen.as_deref())?;
            }
            let person: PersonId = account.id().clone();
            if let Some(disabled) = change.disabled {
                db.set_disabled(&person, disabled)?;
            }
            // An admin sets a password when the old one is lost or known to
            // someone else: whoever signed in with it is signed out everywhere,
            // the admin too if it was their own.
            if change.disabled == Some(true) || password.is_some() {
                db.delete_sessions_of(&person)?;
            }
            Ok(())
        })?;
        let id = changed.ok_or_else(|| AccountError::NoSuchPerson(id.to_owned()))?;
        entry(&**db, &id)
    }

    /// An invite for one person of `org`, valid `hours`; the token is
    /// returned only here, and only its digest is kept.
    pub fn create_invite(
        &self,
        by: &Account,
        org: &str,
        hours: i64,
        now_ms: i64,
    ) -> Result<(Invite, SessionToken), AccountError> {
        admin_only(by)?;
        if !(1..=MAX_INVITE_HOURS).contains(&hours) {
            return Err(AccountError::BadValidity);
        }
        let db = lock(&self.db);
        let Some(org) = db.org(org)? else {
            return Err(AccountError::UnknownOrg(org.to_owned()));
        };
        let token = SessionToken::random();
        let invite = Invite {
            id: InviteId(uuid::Uuid::new_v4().simple().to_string()),
            org: org.id,
            created_ms: now_ms,
            expires_ms: now_ms + hours * 3_600_000,
            used_by: None,
            revoked: false,
        };
        db.insert_invite(&invite, &token.digest(), by.id().as_str())?;
        Ok((invite, token))
    }

    pub fn revoke_invite(&self, by: &Account, id: &InviteId) -> Result<(), AccountError> {
        admin_only(by)?;
        if !lock(&self.db).revoke_invite(&id.0)? {
            return Err(AccountError::InviteInvalid);
        }
        Ok(())
    }

    /// The live invite behind a token and its organisation. Unknown, used,
    /// revoked and expired invites all answer `InviteInvalid`.
    pub fn check_invite(
        &self,
        token: &str,
        now_ms: i64,
    ) -> Result<(Invite, Organisation), AccountError> {
        let db = lock(&self.db);
        live_invite(&**db, token, now_ms)
    }

    /// Makes the invited partner's account and signs them in; the invite is
    /// used up in the same transaction, so it makes one account at most.
    pub fn accept_invite(
        &self,
        token: &str,
        id: &str,
        display_name: &str,
        password: &str,
        now_ms: i64,
    ) -> Result<(SessionToken, Account), AccountError> {
        // Cheap checks first, so a dead link does not cost a password hash.
        let (_, org) = self.check_invite(token, now_ms)?;
        let account = Account {
            person: Person::partner(parse_id(id)?, org.id),
            display_name: display_name_of(display_name)?,
            is_admin: false,
            disabled: false,
        };
        let stored = hash_password(password)?;
        let db = lock(&self.db);
        let (invite, _) = live_invite(&**db, token, now_ms)?;
        let mut session = None;
        db.atomically(&mut |db| {
            db.insert(&account, &stored, now_ms)?;
            if !db.use_invite(&invite.id.0, account.id().as_str(), now_ms)? {
                return Err(AccountError::InviteInvalid);
            }
            session = Some(new_session(db, account.id(), now_ms)?);
            Ok(())
        })?;
        let session = session.ok_or(AccountError::InviteInvalid)?;
        Ok((session, account))
    }

    /// The organisation's display name, for `/api/me`.
    pub fn org_name(&self, org: &OrgId) -> Result<Option<String>, AccountError> {
        Ok(lock(&self.db).org(org.as_str())?.map(|org| org.name))
    }
}

fn live_invite(
    db: &dyn AccountsStore,
    token: &str,
    now_ms: i64,
) -> Result<(Invite, Organisation), AccountError> {
    let token = SessionToken::parse(token.trim()).ok_or(AccountError::InviteInvalid)?;
    let invite = db
        .invite_by_digest(&token.digest())?
        .filter(|invite| invite.used_by.is_none() && !invite.revoked && invite.expires_ms > now_ms)
        .ok_or(AccountError::InviteInvalid)?;
    let org = db
        .org(invite.org.as_str())?
        .ok_or_else(|| AccountError::UnknownOrg(invite.org.to_string()))?;
    Ok((invite, org))
}

fn entry(db: &dyn AccountsStore, id: &str) -> Result<PersonEntry, AccountError> {
    db.people()?
        .into_iter()
        .find(|person| person.id.as_str() == id)
        .ok_or_else(|| AccountError::NoSuchPerson(id.to_owned()))
}

/// `superior` as the stored id of someone `id` may report to: staff,
/// enabled, not `id` themselves, and not someone who reports to `id`
/// however indirectly (no loops in who answers to whom).
fn superior_for(db: &dyn AccountsStore, id: &str, superior: &str) -> Result<String, AccountError> {
    let bad = || AccountError::BadSuperior(superior.to_owned());
    let people = db.people()?;
    let find = |wanted: &str| {
        people
            .iter()
            .find(|p| p.id.as_str().eq_ignore_ascii_case(wanted))
    };
    let chosen = find(superior).ok_or_else(|| AccountError::NoSuchPerson(superior.to_owned()))?;
    if chosen.org.is_some() || chosen.disabled || chosen.id.as_str() == id {
        return Err(bad());
    }
    let mut above = chosen.superior.as_ref();
    for _ in 0..people.len() {
        let Some(next) = above else { break };
        if next.as_str() == id {
            return Err(bad());
        }
        above = find(next.as_str()).and_then(|p| p.superior.as_ref());
    }
    Ok(chosen.id.to_string())
}

pub(super) fn admin_only(by: &Account) -> Result<(), AccountError> {
    if by.is_admin && !by.disabled {
        Ok(())
    } else {
        Err(AccountError::Forbidden)
    }
}

fn name_of(name: &str) -> Result<String, AccountError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AccountError::NoName);
    }
    Ok(name.to_owned())
}

#[cfg(test)]
#[path = "accounts_admin_tests.rs"]
mod tests;
