//! A picked file's bytes and their SHA-256, by the browser's own
//! `crypto.subtle.digest`: no hashing code in the wasm, and the bytes stay
//! in JavaScript's memory (a 25 MiB photo is not copied into the app's).

use concord_model::FileHash;
use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::JsCast as _;
use wasm_bindgen_futures::JsFuture;

/// Why a picked file could not be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadFailure {
    /// The browser would not give the file's bytes (moved, unreadable).
    Unreadable(String),
    /// No `crypto.subtle`: the page is not served over HTTPS.
    NoDigest(String),
}

/// The file's bytes and hash.
pub async fn read_and_hash(file: &web_sys::File) -> Result<(Uint8Array, FileHash), ReadFailure> {
    let buffer: ArrayBuffer = JsFuture::from(file.array_buffer())
        .await
        .and_then(|b| b.dyn_into())
        .map_err(|e| ReadFailure::Unreadable(format!("{e:?}")))?;
    let subtle = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.subtle())
        .filter(|s| !s.is_undefined())
        .ok_or_else(|| ReadFailure::NoDigest("no crypto.subtle".into()))?;
    let digest = subtle
        .digest_with_str_and_buffer_source("SHA-256", &buffer)
        .map_err(|e| ReadFailure::NoDigest(format!("{e:?}")))?;
    let digest = JsFuture::from(digest)
        .await
        .map_err(|e| ReadFailure::NoDigest(format!("{e:?}")))?;
    let digest: [u8; 32] = Uint8Array::new(&digest)
        .to_vec()
        .try_into()
        .map_err(|_| ReadFailure::NoDigest("a digest of another length".into()))?;
    Ok((Uint8Array::new(&buffer), FileHash::from_digest(&digest)))
}
