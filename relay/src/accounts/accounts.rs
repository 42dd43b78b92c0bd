use std::{
    path::Path,
    sync::{Arc, Mutex, RwLock},
};

use concord_model::{Person, PersonId};

use crate::{
    actor_registry::{ActorRegistry, Claim},
    locks::{lock, write},
    postgres::PostgresDb,
};

use super::{
    Account, AccountError, AccountsDb, AccountsStore, LoginThrottle, PostgresAccounts,
    SessionLifetimes, SessionToken, WorkspaceCalendar,
    password::{hash_password, password_matches, waste_a_verification},
};

/// Sign-up of the first admin, sign-in, sessions and sign-out. Blocking
/// (SQLite or PostgreSQL, and Argon2 on purpose): the HTTP layer calls it off the async
/// threads. Time is an argument, so expiry is tested without waiting.
pub struct Accounts {
    pub(super) db: Mutex<Box<dyn AccountsStore>>,
    throttle: Mutex<LoginThrottle>,
    lifetimes: SessionLifetimes,
    /// The secret of the one-time setup link, while no admin exists.
    setup_token: Mutex<Option<SessionToken>>,
    /// The workspace calendar, read once from the database and written
    /// through on every change: every batch judged reads it. Relays sharing
    /// PostgreSQL read it again now and then (`reload_calendar`).
    pub(super) calendar: RwLock<WorkspaceCalendar>,
}

/// A session's last use is written at most this often (or a tenth of the
/// idle lifetime, if shorter), not on every request.
const TOUCH_EVERY_MS: i64 = 60_000;

impl Accounts {
    pub fn open(path: &Path, lifetimes: SessionLifetimes) -> Result<Self, AccountError> {
        Self::over(Box::new(AccountsDb::open(path)?), lifetimes)
    }

    pub fn in_memory(lifetimes: SessionLifetimes) -> Result<Self, AccountError> {
        Self::over(Box::new(AccountsDb::in_memory()?), lifetimes)
    }

    /// The accounts in PostgreSQL, shared by every relay using `db`.
    pub fn on_postgres(
        db: Arc<PostgresDb>,
        lifetimes: SessionLifetimes,
    ) -> Result<Self, AccountError> {
        Self::over(Box::new(PostgresAccounts::new(db)), lifetimes)
    }

    fn over(db: Box<dyn AccountsStore>, lifetimes: SessionLifetimes) -> Result<Self, AccountError> {
        let setup_token = (!db.has_admin()?).then(SessionToken::random);
        let calendar = RwLock::new(db.calendar()?);
        Ok(Self {
            calendar,
            db: Mutex::new(db),
            throttle: Mutex::new(LoginThrottle::default()),
            lifetimes,
            setup_token: Mutex::new(setup_token),
        })
    }

    /// Reads the workspace calendar again: another relay sharing the
    /// database may have changed it.
    pub fn reload_calendar(&self) -> Result<(), AccountError> {
        let calendar = lock(&self.db).calendar()?;
        *write(&self.calendar) = calendar;
        Ok(())
    }

    pub fn lifetimes(&self) -> SessionLifetimes {
        self.lifetimes
    }

    /// The secret for the one-time setup link; `None` once an admin exists.
    pub fn setup_secret(&self) -> Option<String> {
        lock(&self.setup_token).as_ref().map(SessionToken::to_text)
    }

    /// Whether the workspace still needs its first admin: asked of the
    /// database, since another relay sharing it may have set it up.
    pub fn setup_needed(&self) -> Result<bool, AccountError> {
        let mut setup = lock(&self.setup_token);
        if setup.is_some() && lock(&self.db).has_admin()? {
            *setup = None;
        }
        Ok(setup.is_some())
    }

    /// Creates the first admin with the setup link's secret and signs them in.
    /// Works once: the secret is gone as soon as an admin exists.
    pub fn set_up(
        &self,
        secret: &str,
        id: &str,
        display_name: &str,
        password: &str,
        now_ms: i64,
    ) -> Result<(SessionToken, Account), AccountError> {
        let mut setup = lock(&self.setup_token);
        let Some(expected) = setup.as_ref() else {
            return Err(AccountError::SetupDone);
        };
        // Compared as digests: equal length, and no early exit on the secret itself.
        let given = SessionToken::parse(secret).ok_or(AccountError::BadSetupToken)?;
        if given.digest() != expected.digest() {
            return Err(AccountError::BadSetupToken);
        }
        let account = Account {
            person: Person::staff(parse_id(id)?, Vec::new()),
            display_name: display_name_of(display_name)?,
            is_admin: true,
            disabled: false,
        };
        let stored = hash_password(password)?;
        let db = lock(&self.db);
        // Another relay sharing the database may have set it up meanwhile.
        if db.has_admin()? {
            *setup = None;
            return Err(AccountError::SetupDone);
        }
        db.insert(&account, &stored, now_ms)?;
        *setup = None;
        let token = new_session(&**db, account.id(), now_ms)?;
        Ok((token, account))
    }

    /// Adds a person (an admin's act; who may call this is the caller's rule).
    pub fn add(&self, account: &Account, password: &str, now_ms: i64) -> Result<(), AccountError> {
        let stored = hash_password(password)?;
        lock(&self.db).insert(account, &stored, now_ms)
    }

    /// Signs in. `client` is the caller's address: guesses are slowed down
    /// per sign-in name and per address.
    pub fn log_in(
        &self,
        id: &str,
        password: &str,
        client: &str,
        now_ms: i64,
    ) -> Result<(SessionToken, Account), AccountError> {
        let name_key = format!("name:{}", id.to_lowercase());
        let client_key = format!("client:{client}");
        {
            let throttle = lock(&self.throttle);
            for key in [&name_key, &client_key] {
                throttle
                    .check(key, now_ms)
                    .map_err(|retry_after_ms| AccountError::Throttled { retry_after_ms })?;
            }
        }
        let found = lock(&self.db).account(id)?;
        let matched = match &found {
            Some((_, stored)) => password_matches(password, stored),
            None => {
                waste_a_verification(password);
                false
            }
        };
        let account = match found {
            Some((account, _)) if matched => account,
            _ => {
                let mut throttle = lock(&self.throttle);
                throttle.failed(&name_key, now_ms);
                throttle.failed(&client_key, now_ms);
                return Err(AccountError::WrongCredentials);
            }
        };
        lock(&self.throttle).succeeded(&name_key);
        if account.disabled {
            return Err(AccountError::Disabled);
        }
        let db = lock(&self.db);
        db.prune_sessions(
            now_ms - self.lifetimes.idle_ms,
            now_ms - self.lifetimes.absolute_ms,
        )?;
        let token = new_session(&**db, account.id(), now_ms)?;
        Ok((token, account))
    }

    /// The signed-in account behind a session cookie; `None` for anything
    /// else (unknown, tampered, expired, signed out, account disabled).
    pub fn session(&self, cookie: &str, now_ms: i64) -> Result<Option<Account>, AccountError> {
        let Some(token) = SessionToken::parse(cookie) else {
            return Ok(None);
        };
        let digest = token.digest();
        let db = lock(&self.db);
        let Some(row) = db.session(&digest)? else {
            return Ok(None);
        };
        if !self
            .lifetimes
            .is_live(row.created_ms, row.last_seen_ms, now_ms)
        {
            db.delete_session(&digest)?;
            return Ok(None);
        }
        let Some((account, _)) = db.account(&row.person)? else {
            return Ok(None);
        };
        if account.disabled {
            return Ok(None);
        }
        if now_ms - row.last_seen_ms >= TOUCH_EVERY_MS.min(self.lifetimes.idle_ms / 10) {
            db.touch_session(&digest, now_ms)?;
        }
        Ok(Some(account))
    }

    pub fn log_out(&self, cookie: &str) -> Result<(), AccountError> {
        if let Some(token) = SessionToken::parse(cookie) {
            lock(&self.db).delete_session(&token.digest())?;
        }
        Ok(())
    }

    /// Disables or re-enables an account; disabling ends its sessions.
    pub fn set_disabled(&self, id: &PersonId, disabled: bool) -> Result<(), AccountError> {
        let db = lock(&self.db);
        db.set_disabled(id, disabled)?;
        if disabled {
            db.delete_sessions_of(id)?;
        }
        Ok(())
    }
}

/// The relay keeps actor bindings with the accounts: they say who wrote
/// what, and must outlive a restart.
impl ActorRegistry for Accounts {
    fn claim(&self, actor: &str, who: &PersonId, now_ms: i64) -> Claim {
        match lock(&self.db).claim_actor(actor, who, now_ms) {
            Ok((true, _)) => Claim::New,
            Ok((false, owner)) if owner == who.as_str() => Claim::Theirs,
            Ok((false, owner)) => match owner.parse() {
                Ok(owner) => Claim::Other(owner),
                Err(_) => Claim::Unknown(format!("a stored actor owner does not read: {owner:?}")),
            },
            Err(e) => Claim::Unknown(e.to_string()),
        }
    }

    fn release(&self, actor: &str, who: &PersonId) {
        if let Err(error) = lock(&self.db).release_actor(actor, who) {
            // The actor stays theirs: at worst a refused batch keeps its claim.
            tracing::warn!(%error, "could not release an actor claim");
        }
    }
}

pub(super) fn new_session(
    db: &dyn AccountsStore,
    person: &PersonId,
    now_ms: i64,
) -> Result<SessionToken, AccountError> {
    let token = SessionToken::random();
    db.insert_session(&token.digest(), person, now_ms)?;
    Ok(token)
}

/// A person's, department's or organisation's id: one rule for all.
pub(super) fn parse_id<T: std::str::FromStr>(id: &str) -> Result<T, AccountError> {
    id.trim()
        .parse()
        .map_err(|_| AccountError::BadName(id.to_owned()))
}

pub(super) fn display_name_of(name: &str) -> Result<String, AccountError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AccountError::NoDisplayName);
    }
    Ok(name.to_owned())
}

#[cfg(test)]
#[path = "accounts_tests.rs"]
mod tests;
