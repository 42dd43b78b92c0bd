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
    InviteInvalid,
    BadValidity,
    LastAdmin,
    BadSheet,
    TooLarge,
    /// The relay's own trouble (500); details only in its log.
    Internal,
    /// A code this build does not know (a newer relay); its `message` is all
    /// there is to say.
    #[serde(other)]
    Unknown,
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
}
