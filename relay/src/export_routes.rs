//! `POST /api/export/xlsx`: a table the app has (such as edits the relay
//! refused, which it never stored) turned into an .xlsx file. The writer is
//! `concord-model`'s `xlsx` feature; it lives here so the browser app does
//! not carry a spreadsheet writer in its wasm.

use axum::{
    body::Bytes,
    extract::rejection::BytesRejection,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use concord_model::export::{Sheet, XLSX_MIME, to_xlsx};

use crate::auth_routes::{SignedInAccount, failure_with};

/// The largest sheet, as JSON, the relay turns into a file.
pub(crate) const MAX_EXPORT_BYTES: usize = 16 * 1024 * 1024;

pub(crate) async fn xlsx(
    SignedInAccount(_who): SignedInAccount,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return failure_with(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                &format!("a sheet to export is at most {MAX_EXPORT_BYTES} bytes of JSON"),
            );
        }
        Err(e) => return failure_with(StatusCode::BAD_REQUEST, "bad-sheet", &e.body_text()),
    };
    let sheet: Sheet = match serde_json::from_slice(&body) {
        Ok(sheet) => sheet,
        Err(e) => return failure_with(StatusCode::BAD_REQUEST, "bad-sheet", &e.to_string()),
    };
    // Writing a large sheet (and deflating it) is CPU work: off the async threads.
    match tokio::task::spawn_blocking(move || to_xlsx(&sheet)).await {
        Ok(Ok(file)) => (
            [
                (header::CONTENT_TYPE, XLSX_MIME),
                (header::CONTENT_DISPOSITION, "attachment"),
            ],
            file,
        )
            .into_response(),
        Ok(Err(e)) => failure_with(StatusCode::BAD_REQUEST, "bad-sheet", &e.to_string()),
        Err(e) => failure_with(
            StatusCode::INTERNAL_SERVER_ERROR,
            "export-failed",
            &format!("the export task failed: {e}"),
        ),
    }
}

#[cfg(test)]
#[path = "export_routes_tests.rs"]
mod tests;
