use std::path::PathBuf;

use concord_api::ErrorCode;

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
    #[error("this sub-template cannot be shared: {0}")]
    BadSubtemplate(String),
    #[error("there is no person {0:?}")]
    NoSuchPerson(String),
    #[error("{0:?} cannot be this person's direct superior")]
    BadSuperior(String),
    #[error("a name must not be empty")]
    NoName,
    #[error("{0:?} is not a YYYY-MM-DD calendar day")]
    BadDay(String),
    #[error("there is no time zone {0:?}; use an IANA name such as Asia/Shanghai")]
    UnknownZone(String),
    #[error("{0} is already marked; remove its mark first to change it")]
    DayAlreadyMarked(String),
    #[error("{0} is not marked as a holiday or a make-up working day")]
    DayNotMarked(String),
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
    #[error("the relay's clock ({0} ms) is past any day it can name")]
    ClockOutOfRange(i64),
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("cannot open the accounts database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("accounts database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("accounts database: {0}")]
    Postgres(#[from] crate::postgres::PostgresError),
}

impl AccountError {
    /// The stable code for the app to pick its own (zh-CN or English) message.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::WeakPassword => ErrorCode::WeakPassword,
            Self::PasswordTooLong => ErrorCode::PasswordTooLong,
            Self::BadName(_) => ErrorCode::BadName,
            Self::NoDisplayName => ErrorCode::NoDisplayName,
            Self::SetupDone => ErrorCode::SetupDone,
            Self::BadSetupToken => ErrorCode::BadSetupToken,
            Self::Taken => ErrorCode::NameTaken,
            Self::WrongCredentials => ErrorCode::WrongCredentials,
            Self::Disabled => ErrorCode::Disabled,
            Self::Throttled { .. } => ErrorCode::Throttled,
            Self::UnknownDepartment(_) => ErrorCode::UnknownDepartment,
            Self::UnknownOrg(_) => ErrorCode::UnknownOrg,
            Self::BadSubtemplate(_) => ErrorCode::BadSubtemplate,
            Self::NoSuchPerson(_) => ErrorCode::NoSuchPerson,
            Self::BadSuperior(_) => ErrorCode::BadSuperior,
            Self::NoName => ErrorCode::NoName,
            Self::BadDay(_) => ErrorCode::BadDay,
            Self::UnknownZone(_) => ErrorCode::UnknownZone,
            Self::DayAlreadyMarked(_) => ErrorCode::DayAlreadyMarked,
            Self::DayNotMarked(_) => ErrorCode::DayNotMarked,
            Self::InviteInvalid => ErrorCode::InviteInvalid,
            Self::BadValidity => ErrorCode::BadValidity,
            Self::LastAdmin => ErrorCode::LastAdmin,
            Self::Forbidden => ErrorCode::Forbidden,
            Self::Hash(_)
            | Self::Open { .. }
            | Self::Db(_)
            | Self::Postgres(_)
            | Self::ClockOutOfRange(_) => ErrorCode::Internal,
        }
    }
}

/// Milliseconds as whole seconds, rounded up (at least one): what a person
/// is told to wait, and the `Retry-After` header.
pub fn whole_seconds(ms: i64) -> i64 {
    (ms.max(1) + 999) / 1000
}
