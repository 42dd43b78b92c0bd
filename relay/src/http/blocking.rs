use super::ApiError;

/// Runs work that blocks (SQLite, Argon2, writing a spreadsheet) off the
/// async threads. A task that panicked is the relay's own trouble.
pub(crate) async fn blocking<T, E>(
    work: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, ApiError>
where
    T: Send + 'static,
    E: Into<ApiError> + Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(done) => done.map_err(Into::into),
        Err(stopped) => Err(ApiError::internal(
            "the relay could not finish this; try again",
            stopped,
        )),
    }
}
