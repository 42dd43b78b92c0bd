use serde::{Deserialize, Serialize};

/// Every failed call's body: a stable code for the app to say in the
/// reader's language, and the relay's English words for anyone else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub error: ErrorCode,
    pub message: String,
}

/// What went wrong, as relay/API.md lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// No live session: sign in (401).
    SignedOut,
    /// Signed in, but without the right (403).
    Forbidden,
    WrongCredentials,
    Disabled,
    /// Too many failed sign-ins; `Retry-After` says how long to wait (429).
    Throttled,
    BadSetupToken,
    SetupDone,
    WeakPassword,
    PasswordTooLong,
    BadName,
    NoDisplayName,
    NameTaken,
    NoName,
    UnknownDepartment,
    UnknownOrg,
    NoSuchPerson,
    /// No such document, or none the caller may read (404: the two are not
    /// told apart).
    NoSuchDocument,
    /// The superior named is no one a person can report to (themselves, a
    /// partner, someone disabled, or someone who reports to them).
    BadSuperior,
    InviteInvalid,
    BadValidity,
    LastAdmin,
    BadSheet,
    TooLarge,
    /// An imported file is neither .xlsx nor CSV, or is damaged.
    NotASpreadsheet,
    /// An imported workbook is encrypted with a password.
    PasswordProtected,
    /// An imported file has more rows than one import takes.
    TooManyRows,
    /// An imported file has more columns than one import takes.
    TooManyColumns,
    /// An imported file or sheet holds no cells.
    EmptyFile,
    /// An imported workbook has no worksheet by the name asked for.
    NoSuchSheet,
    /// Not a `YYYY-MM-DD` calendar day.
    BadDay,
    /// No time zone by that IANA name.
    UnknownZone,
    /// The day is already marked (as a holiday or a make-up day): remove
    /// the mark first to change it.
    DayAlreadyMarked,
    /// The day is not marked, so there is nothing to remove.
    DayNotMarked,
    /// An uploaded file's bytes do not have the SHA-256 it was sent under
    /// (422): nothing was kept.
    HashMismatch,
    /// The document names no such file, or the relay does not have it yet
    /// (404).
    NoSuchFile,
    /// A sub-template definition that cannot be shared: an unknown base,
    /// a label too long or empty, too many fields or options (422).
    BadSubtemplate,
    /// The relay's own trouble (500); details only in its log.
    Internal,
    /// A code this build does not know (a newer relay); its `message` is all
    /// there is to say.
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 38] = [
        Self::SignedOut,
        Self::Forbidden,
        Self::WrongCredentials,
        Self::Disabled,
        Self::Throttled,
        Self::BadSetupToken,
        Self::SetupDone,
        Self::WeakPassword,
        Self::PasswordTooLong,
        Self::BadName,
        Self::NoDisplayName,
        Self::NameTaken,
        Self::NoName,
        Self::UnknownDepartment,
        Self::UnknownOrg,
        Self::NoSuchPerson,
        Self::NoSuchDocument,
        Self::BadSuperior,
        Self::InviteInvalid,
        Self::BadValidity,
        Self::LastAdmin,
        Self::BadSheet,
        Self::TooLarge,
        Self::NotASpreadsheet,
        Self::PasswordProtected,
        Self::TooManyRows,
        Self::TooManyColumns,
        Self::EmptyFile,
        Self::NoSuchSheet,
        Self::BadDay,
        Self::UnknownZone,
        Self::DayAlreadyMarked,
        Self::DayNotMarked,
        Self::HashMismatch,
        Self::NoSuchFile,
        Self::BadSubtemplate,
        Self::Internal,
        Self::Unknown,
    ];

    /// The code as sent (for attributes and logs).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignedOut => "signed-out",
            Self::Forbidden => "forbidden",
            Self::WrongCredentials => "wrong-credentials",
            Self::Disabled => "disabled",
            Self::Throttled => "throttled",
            Self::BadSetupToken => "bad-setup-token",
            Self::SetupDone => "setup-done",
            Self::WeakPassword => "weak-password",
            Self::PasswordTooLong => "password-too-long",
            Self::BadName => "bad-name",
            Self::NoDisplayName => "no-display-name",
            Self::NameTaken => "name-taken",
            Self::NoName => "no-name",
            Self::UnknownDepartment => "unknown-department",
            Self::UnknownOrg => "unknown-org",
            Self::NoSuchPerson => "no-such-person",
            Self::NoSuchDocument => "no-such-document",
            Self::BadSuperior => "bad-superior",
            Self::InviteInvalid => "invite-invalid",
            Self::BadValidity => "bad-validity",
            Self::LastAdmin => "last-admin",
            Self::BadSheet => "bad-sheet",
            Self::TooLarge => "too-large",
            Self::NotASpreadsheet => "not-a-spreadsheet",
            Self::PasswordProtected => "password-protected",
            Self::TooManyRows => "too-many-rows",
            Self::TooManyColumns => "too-many-columns",
            Self::EmptyFile => "empty-file",
            Self::NoSuchSheet => "no-such-sheet",
            Self::BadDay => "bad-day",
            Self::UnknownZone => "unknown-zone",
            Self::DayAlreadyMarked => "day-already-marked",
            Self::DayNotMarked => "day-not-marked",
            Self::HashMismatch => "hash-mismatch",
            Self::NoSuchFile => "no-such-file",
            Self::BadSubtemplate => "bad-subtemplate",
            Self::Internal => "internal",
            Self::Unknown => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_kebab_case_words_and_unknown_ones_still_read() {
        let failure = Failure {
            error: ErrorCode::WrongCredentials,
            message: "wrong sign-in name or password".into(),
        };
        let json = serde_json::to_value(&failure).unwrap();
        assert_eq!(json["error"], "wrong-credentials");
        assert_eq!(serde_json::from_value::<Failure>(json).unwrap(), failure);
        let newer: Failure =
            serde_json::from_str(r#"{"error":"quota-exceeded","message":"no room"}"#).unwrap();
        assert_eq!(newer.error, ErrorCode::Unknown);
        assert_eq!(newer.message, "no room");
    }

    #[test]
    fn as_str_says_what_is_sent() {
        for code in ErrorCode::ALL {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::from(code.as_str())
            );
        }
    }
}
