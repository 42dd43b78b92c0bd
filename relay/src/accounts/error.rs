use std::path::PathBuf;

/// Why an account operation did not happen. The texts are for the person
/// at the sign-in screen (the app shows its own translation by `code`).
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error(
        "a password needs at least {} characters",
        super::password::MIN_PASSWORD_CHARS
    )]
    WeakPassword,
    #[error("that password is too long")]
    PasswordTooLong,
    #[error("a sign-in name must not be empty or contain spaces: {0:?}")]
    BadName(String),
    #[error("a display name must not be empty")]
    NoDisplayName,
    #[error("the workspace is already set up; sign in instead")]
    SetupDone,
    #[error("this setup link is not valid")]
    BadSetupToken,
    #[error("that sign-in name is taken")]
    Taken,
    #[error("wrong sign-in name or password")]
    WrongCredentials,
    #[error("this account is disabled")]
    Disabled,
    #[error("too many failed sign-ins; try again in {} seconds", whole_seconds(*.retry_after_ms))]
    Throttled { retry_after_ms: i64 },
    #[error("there is no department {0:?}")]
    UnknownDepartment(String),
    #[error("there is no partner organisation {0:?}")]
    UnknownOrg(String),
    #[error("there is no person {0:?}")]
    NoSuchPerson(String),
    #[error("a name must not be empty")]
    NoName,
    #[error("this invite link is not valid: it was used, revoked or has expired")]
    InviteInvalid,
    #[error(
        "an invite lasts from 1 to {} hours",
        super::accounts_admin::MAX_INVITE_HOURS
    )]
    BadValidity,
    #[error("only an admin may do this")]
    Forbidden,
    #[error("the workspace would be left without an admin")]
    LastAdmin,
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("cannot open the accounts database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("accounts database: {0}")]
    Db(#[from] rusqlite::Error),
}

impl AccountError {
    /// A stable word for the app to pick its own (zh-CN or English) message.
    pub fn code(&self) -> &'static str {
        match self {
            Self::WeakPassword => "weak-password",
            Self::PasswordTooLong => "password-too-long",
            Self::BadName(_) => "bad-name",
            Self::NoDisplayName => "no-display-name",
            Self::SetupDone => "setup-done",
            Self::BadSetupToken => "bad-setup-token",
            Self::Taken => "name-taken",
            Self::WrongCredentials => "wrong-credentials",
            Self::Disabled => "disabled",
            Self::Throttled { .. } => "throttled",
            Self::UnknownDepartment(_) => "unknown-department",
            Self::UnknownOrg(_) => "unknown-org",
            Self::NoSuchPerson(_) => "no-such-person",
            Self::NoName => "no-name",
            Self::InviteInvalid => "invite-invalid",
            Self::BadValidity => "bad-validity",
            Self::LastAdmin => "last-admin",
            Self::Forbidden => "forbidden",
            Self::Hash(_) | Self::Open { .. } | Self::Db(_) => "internal",
        }
    }
}

/// Milliseconds as whole seconds, rounded up (at least one): what a person
/// is told to wait, and the `Retry-After` header.
pub fn whole_seconds(ms: i64) -> i64 {
    (ms.max(1) + 999) / 1000
}
