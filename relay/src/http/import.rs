//! `POST /api/import/grid`: a spreadsheet file the person picked, read into
//! a grid of texts for the app to map onto a table and preview. Nothing is
//! written: the rows go in later as an edit of the document, judged by the
//! relay like any other. The readers run here so the app's wasm carries none.

use axum::{
    Json,
    body::Bytes,
    extract::{FromRequest, Query, Request},
    http::StatusCode,
};
use concord_api::{ImportGrid, ImportQuery};

use super::{ApiError, SignedInAccount, blocking};
use crate::import::{GridError, read_grid};

pub(crate) async fn grid(
    SignedInAccount(_who): SignedInAccount,
    Query(query): Query<ImportQuery>,
    FileBody(bytes): FileBody,
) -> Result<Json<ImportGrid>, ApiError> {
    // Unzipping and reading a workbook is CPU work.
    let grid = blocking(move || read_grid(&bytes, query.sheet.as_deref())).await?;
    Ok(Json(grid))
}

/// The file's bytes: `too-large` past the route's limit.
pub(crate) struct FileBody(Bytes);

impl<S: Send + Sync> FromRequest<S> for FileBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        Bytes::from_request(request, state)
            .await
            .map(Self)
            .map_err(|e| match e.status() {
                StatusCode::PAYLOAD_TOO_LARGE => GridError::TooLarge.into(),
                _ => GridError::NotASpreadsheet(e.body_text()).into(),
            })
    }
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
