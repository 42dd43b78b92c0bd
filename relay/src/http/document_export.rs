//! `GET /api/documents/{id}/export.xlsx`: a whole document (its form and
//! every table) as one .xlsx workbook, read from the stored document, in
//! the reader's language, people and departments by the names the reader
//! sees (`/api/people`'s rule), times in the workspace's zone. Only for a
//! reader: a document they may not read answers as a missing one. The
//! sheets are `concord-model`'s `document_sheets`, the app's own rule for
//! what a table holds.

use axum::{
    extract::{Path, Query, State},
    http::{HeaderValue, header},
    response::IntoResponse,
};
use concord_api::NameBook;
use concord_model::{
    ConcordDoc, Locale,
    attachment::harmless_file_name,
    export::{Naming, SheetError, XLSX_MIME, document_sheets, to_xlsx_book},
};
use concord_sync::DocumentId;

use super::{
    ApiError, Shared, SignedInAccount, blocking, disposition::attachment_disposition,
    documents::readable, people::seen_by,
};
use crate::store::LoadedDoc;

pub(crate) async fn document_xlsx(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
    Path(id): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<impl IntoResponse, ApiError> {
    // A malformed id, a missing document and a forbidden one answer alike.
    let doc: DocumentId = id.parse().map_err(|_| ApiError::NoSuchDocument)?;
    let listed = readable(&shared, &who.person).await?;
    if !listed.iter().any(|d| d.id == doc) {
        return Err(ApiError::NoSuchDocument);
    }
    let locale = pairs
        .into_iter()
        .find(|(name, _)| name == "lang")
        .and_then(|(_, tag)| Locale::from_tag(&tag))
        .unwrap_or(Locale::ZhCn);
    let (accounts, store) = (shared.accounts.clone(), shared.store.clone());
    let zone = accounts.zone();
    let person = who.person;
    // Loading a long document and writing (deflating) the file are CPU work.
    let (title, file) = blocking(move || {
        let unreadable = |e: &dyn std::fmt::Display| {
            ApiError::internal("the relay could not read this document; try again", e)
        };
        let stored = store
            .load(&doc)
            .map_err(|e| unreadable(&e))?
            .ok_or(ApiError::NoSuchDocument)?;
        let loaded = LoadedDoc::to_read(&stored)
            .1
            .ok_or(ApiError::NoSuchDocument)?;
        // Not a Concord document: nothing a reader could open either.
        let typed = ConcordDoc::from_automerge(loaded).map_err(|_| ApiError::NoSuchDocument)?;
        let book = NameBook::of(&seen_by(accounts.people_list()?, &person, &listed));
        let naming = Naming {
            locale,
            zone: &zone,
            person: &|id| book.person(id),
            department: &|id| book.department(id),
        };
        let sheets = document_sheets(&typed, &naming).map_err(|e| unreadable(&e))?;
        let file = to_xlsx_book(&sheets).map_err(|e| match e {
            SheetError::Writer(_) => ApiError::internal("the relay could not write the file", e),
            refused => ApiError::BadSheet(refused.to_string()),
        })?;
        Ok::<_, ApiError>((typed.title().unwrap_or_default(), file))
    })
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(XLSX_MIME)),
            (header::CONTENT_DISPOSITION, disposition(&title)),
        ],
        file,
    ))
}

/// `attachment` with the title as the file's name, made harmless by the
/// rule attached files keep (`harmless_file_name`), so no title names a
/// place on the reader's disk.
fn disposition(title: &str) -> HeaderValue {
    let stem: String = title.chars().take(80).collect();
    let name = if stem.trim().is_empty() {
        "concord.xlsx".to_owned()
    } else {
        harmless_file_name(&format!("{stem}.xlsx"))
    };
    attachment_disposition(&name, "concord")
}

#[cfg(test)]
#[path = "document_export_tests.rs"]
mod tests;
