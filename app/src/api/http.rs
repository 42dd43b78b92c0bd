//! The few shapes of call the app makes, each answering JSON or a [`CallError`].

use concord_api::{ErrorCode, Failure};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::{Serialize, de::DeserializeOwned};

use super::CallError;

/// While the browser knows it is offline, no call is tried: it could only
/// fail (and the browser would log each failure as an error).
fn offline() -> Result<(), CallError> {
    if web_sys::window().is_some_and(|w| !w.navigator().on_line()) {
        return Err(CallError::Unreachable("the browser is offline".into()));
    }
    Ok(())
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, CallError> {
    offline()?;
    let response = Request::get(path).send().await.map_err(unreachable)?;
    read_json(response).await
}

pub async fn post<T: DeserializeOwned>(path: &str, body: &impl Serialize) -> Result<T, CallError> {
    read_json(send_json(Request::post(path), body).await?).await
}

pub async fn patch<T: DeserializeOwned>(path: &str, body: &impl Serialize) -> Result<T, CallError> {
    read_json(send_json(Request::patch(path), body).await?).await
}

pub async fn put<T: DeserializeOwned>(path: &str, body: &impl Serialize) -> Result<T, CallError> {
    read_json(send_json(Request::put(path), body).await?).await
}

/// A DELETE whose answer is JSON (the calendar after a day is unmarked).
pub async fn delete_for<T: DeserializeOwned>(path: &str) -> Result<T, CallError> {
    offline()?;
    let response = Request::delete(path).send().await.map_err(unreachable)?;
    read_json(response).await
}

/// A POST of JSON whose answer is a file (such as an .xlsx export).
pub async fn post_for_bytes(path: &str, body: &impl Serialize) -> Result<Vec<u8>, CallError> {
    let response = checked(send_json(Request::post(path), body).await?).await?;
    response
        .binary()
        .await
        .map_err(|e| CallError::BadAnswer(e.to_string()))
}

/// A POST of a file's bytes whose answer is JSON (a file to import, read
/// by the relay).
pub async fn post_file<T: DeserializeOwned>(path: &str, bytes: &[u8]) -> Result<T, CallError> {
    offline()?;
    let body = js_sys::Uint8Array::from(bytes);
    let response = Request::post(path)
        .header("Content-Type", "application/octet-stream")
        .body(body)
        .map_err(|e| CallError::BadAnswer(e.to_string()))?
        .send()
        .await
        .map_err(unreachable)?;
    read_json(response).await
}

/// A GET whose answer is a file (a document's .xlsx workbook).
pub async fn get_bytes(path: &str) -> Result<Vec<u8>, CallError> {
    offline()?;
    let response = checked(Request::get(path).send().await.map_err(unreachable)?).await?;
    response
        .binary()
        .await
        .map_err(|e| CallError::BadAnswer(e.to_string()))
}

/// A PUT of raw bytes (a file for the relay to keep), whose answer is
/// not needed beyond its success.
pub async fn put_bytes(path: &str, bytes: &js_sys::Uint8Array) -> Result<(), CallError> {
    offline()?;
    let request = Request::put(path)
        .header("Content-Type", "application/octet-stream")
        .body(bytes)
        .map_err(|e| CallError::BadAnswer(e.to_string()))?;
    let response = request.send().await.map_err(unreachable)?;
    checked(response).await.map(drop)
}

/// A POST whose answer has no body (204), such as signing out.
pub async fn post_empty(path: &str) -> Result<(), CallError> {
    offline()?;
    let response = Request::post(path).send().await.map_err(unreachable)?;
    checked(response).await.map(drop)
}

pub async fn delete(path: &str) -> Result<(), CallError> {
    offline()?;
    let response = Request::delete(path).send().await.map_err(unreachable)?;
    checked(response).await.map(drop)
}

async fn send_json(builder: RequestBuilder, body: &impl Serialize) -> Result<Response, CallError> {
    offline()?;
    builder
        .json(body)
        .map_err(|e| CallError::BadAnswer(e.to_string()))?
        .send()
        .await
        .map_err(unreachable)
}

async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, CallError> {
    let response = checked(response).await?;
    let text = response
        .text()
        .await
        .map_err(|e| CallError::BadAnswer(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| CallError::BadAnswer(e.to_string()))
}

/// The response if it succeeded, else the relay's error as data.
async fn checked(response: Response) -> Result<Response, CallError> {
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let header_wait = response
        .headers()
        .get("Retry-After")
        .and_then(|s| s.trim().parse().ok());
    let body = response.text().await.unwrap_or_default();
    let (code, message) = match serde_json::from_str::<Failure>(&body) {
        Ok(failure) => (failure.error, failure.message),
        // A proxy's page, or no body at all: the status says what it can.
        Err(_) => (ErrorCode::Unknown, body),
    };
    Err(CallError::Failed {
        status,
        code,
        message,
        retry_after_s: header_wait,
    })
}

/// One path segment, escaped (sign-in names may hold any non-blank character).
pub fn path_segment(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

fn unreachable(e: gloo_net::Error) -> CallError {
    CallError::Unreachable(e.to_string())
}
