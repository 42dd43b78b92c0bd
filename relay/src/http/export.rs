//! `POST /api/export/xlsx`: a table the app has (such as edits the relay
//! refused, which it never stored) turned into an .xlsx file. The writer is
//! `concord-model`'s `xlsx` feature; it lives here so the browser app does
//! not carry a spreadsheet writer in its wasm.

use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
    http::{StatusCode, header},
    response::IntoResponse,
};
use concord_model::export::{Sheet, SheetError, XLSX_MIME, to_xlsx};

use super::{ApiError, SignedInAccount, blocking};

/// The largest sheet, as JSON, the relay turns into a file (the route's
/// body limit).
pub(crate) const MAX_EXPORT_BYTES: usize = 16 * 1024 * 1024;

pub(crate) async fn xlsx(
    SignedInAccount(_who): SignedInAccount,
    SheetBody(sheet): SheetBody,
) -> Result<impl IntoResponse, ApiError> {
    // Writing a large sheet (and deflating it) is CPU work.
    let file = blocking(move || {
        to_xlsx(&sheet).map_err(|e| match e {
            SheetError::Writer(_) => ApiError::internal("the relay could not write the file", e),
            refused => ApiError::BadSheet(refused.to_string()),
        })
    })
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, XLSX_MIME),
            (header::CONTENT_DISPOSITION, "attachment"),
        ],
        file,
    ))
}

/// A `Sheet` as the request's JSON body: `too-large` past the route's
/// limit, `bad-sheet` if it does not read.
pub(crate) struct SheetBody(Sheet);

impl<S: Send + Sync> FromRequest<S> for SheetBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|e| match e.status() {
                StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge {
                    max_bytes: MAX_EXPORT_BYTES,
                },
                _ => ApiError::BadSheet(e.body_text()),
            })?;
        serde_json::from_slice(&body)
            .map(Self)
            .map_err(|e| ApiError::BadSheet(e.to_string()))
    }
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;
