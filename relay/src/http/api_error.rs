use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use concord_api::{ErrorCode, Failure};

use crate::{
    accounts::{AccountError, whole_seconds},
    import::GridError,
};

/// Why a call failed, as the caller hears it: a status and a `Failure`
/// (`{error: code, message}`). The relay's own trouble is logged with its
/// cause and answered 500 `internal` without it.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ApiError {
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error("not signed in")]
    SignedOut,
    #[error("{0}")]
    BadSheet(String),
    #[error("a sheet to export is at most {max_bytes} bytes of JSON")]
    TooLarge { max_bytes: usize },
    #[error("at most {max} messages are marked read at once")]
    TooManyMarks { max: usize },
    /// A file to import that gives no grid.
    #[error(transparent)]
    Import(#[from] GridError),
    #[error("there is no such document, or you may not read it")]
    NoSuchDocument,
    /// A reader who may not edit: told so, since they see the document.
    #[error("{0}")]
    MayNotEdit(String),
    #[error("a file is at most {max_bytes} bytes")]
    FileTooLarge { max_bytes: usize },
    #[error("the file's bytes do not have the SHA-256 it was sent under")]
    HashMismatch,
    #[error("the document names no such file, or the relay does not have it yet")]
    NoSuchFile,
    /// A dashboard asked for no window of days or no grouping. Said with
    /// `bad-day`, the code the app reads for days that do not read: a
    /// code of its own needs the app to say it first (its `CallError`
    /// names every code).
    #[error("{0}")]
    BadDashboard(String),
    /// `said` is what the caller hears; `cause` goes only to the log.
    #[error("{said}: {cause}")]
    Internal { said: &'static str, cause: String },
}

impl ApiError {
    pub fn internal(said: &'static str, cause: impl std::fmt::Display) -> Self {
        Self::Internal {
            said,
            cause: cause.to_string(),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::SignedOut => StatusCode::UNAUTHORIZED,
            Self::NoSuchDocument | Self::NoSuchFile => StatusCode::NOT_FOUND,
            Self::MayNotEdit(_) => StatusCode::FORBIDDEN,
            Self::FileTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::HashMismatch => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadSheet(_) | Self::BadDashboard(_) => StatusCode::BAD_REQUEST,
            Self::TooLarge { .. } | Self::TooManyMarks { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Import(GridError::TooLarge | GridError::UnpacksTooLarge(_)) => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            Self::Import(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Account(e) => match e {
                AccountError::WrongCredentials | AccountError::Disabled => StatusCode::UNAUTHORIZED,
                AccountError::BadSetupToken | AccountError::Forbidden => StatusCode::FORBIDDEN,
                AccountError::SetupDone
                | AccountError::Taken
                | AccountError::LastAdmin
                | AccountError::DayAlreadyMarked(_) => StatusCode::CONFLICT,
                AccountError::InviteInvalid
                | AccountError::NoSuchPerson(_)
                | AccountError::DayNotMarked(_) => StatusCode::NOT_FOUND,
                AccountError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
                AccountError::WeakPassword
                | AccountError::PasswordTooLong
                | AccountError::BadName(_)
                | AccountError::NoDisplayName
                | AccountError::NoName
                | AccountError::BadValidity
                | AccountError::UnknownDepartment(_)
                | AccountError::BadSuperior(_)
                | AccountError::BadDay(_)
                | AccountError::UnknownZone(_)
                | AccountError::UnknownOrg(_)
                | AccountError::BadSubtemplate(_) => StatusCode::UNPROCESSABLE_ENTITY,
                AccountError::Hash(_)
                | AccountError::Open { .. }
                | AccountError::Db(_)
                | AccountError::Postgres(_)
                | AccountError::ClockOutOfRange(_) => StatusCode::INTERNAL_SERVER_ERROR,
            },
        }
    }

    fn code(&self) -> ErrorCode {
        match self {
            Self::Account(e) => e.code(),
            Self::SignedOut => ErrorCode::SignedOut,
            Self::NoSuchDocument => ErrorCode::NoSuchDocument,
            Self::NoSuchFile => ErrorCode::NoSuchFile,
            Self::MayNotEdit(_) => ErrorCode::Forbidden,
            Self::FileTooLarge { .. } => ErrorCode::TooLarge,
            Self::HashMismatch => ErrorCode::HashMismatch,
            Self::BadSheet(_) => ErrorCode::BadSheet,
            Self::BadDashboard(_) => ErrorCode::BadDay,
            Self::TooLarge { .. } | Self::TooManyMarks { .. } => ErrorCode::TooLarge,
            Self::Internal { .. } => ErrorCode::Internal,
            Self::Import(e) => match e {
                GridError::TooLarge | GridError::UnpacksTooLarge(_) => ErrorCode::TooLarge,
                GridError::TooManyRows => ErrorCode::TooManyRows,
                GridError::TooManyColumns => ErrorCode::TooManyColumns,
                GridError::NotASpreadsheet(_) => ErrorCode::NotASpreadsheet,
                GridError::PasswordProtected => ErrorCode::PasswordProtected,
                GridError::Empty => ErrorCode::EmptyFile,
                GridError::NoSuchSheet(_) => ErrorCode::NoSuchSheet,
            },
        }
    }

    /// What the caller is told: never a cause inside the relay.
    fn said(&self) -> String {
        match self {
            Self::Internal { said, .. } => (*said).to_owned(),
            Self::Account(e) if e.code() == ErrorCode::Internal => {
                "the relay could not reach its accounts; try again".to_owned()
            }
            other => other.to_string(),
        }
    }

    /// How long a throttled caller waits, for `Retry-After`.
    fn retry_after(&self) -> Option<HeaderValue> {
        match self {
            Self::Account(AccountError::Throttled { retry_after_ms }) => {
                HeaderValue::from_str(&whole_seconds(*retry_after_ms).to_string()).ok()
            }
            _ => None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %self, "a call failed inside the relay");
        }
        let failure = Failure {
            error: self.code(),
            message: self.said(),
        };
        let mut response = (status, Json(failure)).into_response();
        if let Some(wait) = self.retry_after() {
            response.headers_mut().insert(header::RETRY_AFTER, wait);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt as _;

    use super::*;

    async fn answer(error: ApiError) -> (StatusCode, Option<HeaderValue>, Failure) {
        let response = error.into_response();
        let status = response.status();
        let wait = response.headers().get(header::RETRY_AFTER).cloned();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, wait, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn internals_are_logged_not_answered() {
        let (status, _, failure) = answer(ApiError::internal(
            "the relay could not read its documents; try again",
            "disk I/O error at /var/lib/concord/concord.sqlite3",
        ))
        .await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(failure.error, ErrorCode::Internal);
        assert!(!failure.message.contains("/var/lib"), "{}", failure.message);
        let (status, _, failure) =
            answer(AccountError::Hash("argon2: bad params".into()).into()).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!failure.message.contains("argon2"), "{}", failure.message);
    }

    #[tokio::test]
    async fn throttling_says_how_long_to_wait() {
        let (status, wait, failure) = answer(
            AccountError::Throttled {
                retry_after_ms: 1_500,
            }
            .into(),
        )
        .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(wait.unwrap(), "2");
        assert_eq!(failure.error, ErrorCode::Throttled);
    }

    #[tokio::test]
    async fn a_callers_mistake_is_said_with_its_code() {
        let (status, _, failure) = answer(AccountError::BadName("a b".into()).into()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(failure.error, ErrorCode::BadName);
        assert!(failure.message.contains("a b"));
        let (status, _, failure) = answer(ApiError::SignedOut).await;
        assert_eq!(
            (status, failure.error),
            (StatusCode::UNAUTHORIZED, ErrorCode::SignedOut)
        );
    }
}
