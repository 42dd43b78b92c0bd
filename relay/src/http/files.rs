//! `/api/documents/{id}/files/{sha256}`: files attached to a document.
//! `PUT` keeps the body under its SHA-256, checked here, for a person the
//! model's rules let attach files (`Permissions::may_attach_files`); `GET`
//! gives a reader of the document a file it names (`ConcordDoc::file`),
//! never any other: knowing a hash is no right to its bytes. A document
//! one may not read answers as a missing one, either way.

use axum::{
    Json,
    body::Body,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use concord_api::StoredFile;
use concord_model::{
    ConcordDoc, FileHash, Permissions, Person,
    attachment::{OCTET_STREAM, harmless_file_name, sniff_image},
};
use concord_sync::DocumentId;
use sha2::{Digest as _, Sha256};

use super::{
    ApiError, Shared, SignedInAccount, blocking, disposition::attachment_disposition,
    documents::readable,
};
use crate::store::LoadedDoc;

pub(crate) async fn put_file(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
    Path((id, sha256)): Path<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> Result<impl IntoResponse, ApiError> {
    let max_bytes = shared.max_file_bytes;
    let doc = readable_doc(&shared, &who.person, &id).await?;
    let hash: FileHash = sha256.parse().map_err(|_| ApiError::HashMismatch)?;
    // Asked before a byte is read: nobody makes the relay read 25 MiB to
    // hear they may not send them.
    let person = who.person.clone();
    let store = shared.store.clone();
    blocking(move || {
        let typed = load(store.as_ref(), &doc)?;
        let permissions = Permissions::of(&typed, &person).map_err(|_| ApiError::NoSuchDocument)?;
        permissions
            .may_attach_files()
            .map_err(|refusal| ApiError::MayNotEdit(refusal.to_string()))
    })
    .await?;
    let said_length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if said_length.is_some_and(|n| n > max_bytes as u64) {
        return Err(ApiError::FileTooLarge { max_bytes });
    }
    let bytes =
        axum::body::to_bytes(body, max_bytes).await.map_err(
            |e| match std::error::Error::source(&e) {
                Some(cause) if cause.is::<http_body_util::LengthLimitError>() => {
                    ApiError::FileTooLarge { max_bytes }
                }
                _ => ApiError::internal("the relay could not receive the file; try again", e),
            },
        )?;
    let files = shared.files.clone();
    let size = bytes.len() as u64;
    let kept = hash.clone();
    blocking(move || {
        let digest: [u8; 32] = Sha256::digest(&bytes).into();
        if FileHash::from_digest(&digest) != kept {
            return Err(ApiError::HashMismatch);
        }
        files
            .put(&kept, &bytes)
            .map_err(|e| ApiError::internal("the relay could not keep the file; try again", e))
    })
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(StoredFile {
            sha256: hash.to_string(),
            size,
        }),
    ))
}

pub(crate) async fn get_file(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
    Path((id, sha256)): Path<(String, String)>,
    Query(pairs): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let doc = readable_doc(&shared, &who.person, &id).await?;
    let hash: FileHash = sha256.parse().map_err(|_| ApiError::NoSuchFile)?;
    let etag = format!("\"{hash}\"");
    let asked_name = pairs
        .into_iter()
        .find(|(key, _)| key == "name")
        .map(|(_, name)| name);
    let (store, files) = (shared.store.clone(), shared.files.clone());
    let (name, bytes) = blocking(move || {
        let named = load(store.as_ref(), &doc)?
            .file(&hash)
            .ok_or(ApiError::NoSuchFile)?;
        let bytes = files
            .read(&hash)
            .map_err(|e| ApiError::internal("the relay could not read the file; try again", e))?
            .ok_or(ApiError::NoSuchFile)?;
        let name = asked_name.map_or(named.name, |asked| harmless_file_name(&asked));
        Ok::<_, ApiError>((name, bytes))
    })
    .await?;
    let headers_out = [
        (header::ETAG, etag.clone()),
        // The bytes under a hash never change; whether one may still read
        // them does, so the browser asks each time (a 304 is cheap).
        (header::CACHE_CONTROL, "private, no-cache".to_owned()),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; sandbox".to_owned(),
        ),
    ];
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes());
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, headers_out).into_response());
    }
    let kind = sniff_image(&bytes).unwrap_or(OCTET_STREAM);
    Ok((
        headers_out,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (
                header::CONTENT_DISPOSITION,
                attachment_disposition(&name, "file"),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The document `id` if `who` may read it; otherwise, and for an id that
/// does not parse, the answer a missing document gets.
async fn readable_doc(shared: &Shared, who: &Person, id: &str) -> Result<DocumentId, ApiError> {
    let doc: DocumentId = id.parse().map_err(|_| ApiError::NoSuchDocument)?;
    let listed = readable(shared, who).await?;
    if listed.iter().any(|d| d.id == doc) {
        Ok(doc)
    } else {
        Err(ApiError::NoSuchDocument)
    }
}

/// The stored document, typed; blocking.
fn load(store: &dyn crate::store::Store, doc: &DocumentId) -> Result<ConcordDoc, ApiError> {
    let stored = store
        .load(doc)
        .map_err(|e| ApiError::internal("the relay could not read this document; try again", e))?
        .ok_or(ApiError::NoSuchDocument)?;
    let loaded = LoadedDoc::to_read(&stored)
        .1
        .ok_or(ApiError::NoSuchDocument)?;
    ConcordDoc::from_automerge(loaded).map_err(|_| ApiError::NoSuchDocument)
}

#[cfg(test)]
#[path = "files_tests.rs"]
mod tests;
