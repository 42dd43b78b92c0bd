//! The few shapes of call the app makes, each answering JSON or an [`ApiError`].

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::{Serialize, de::DeserializeOwned};

use super::{ApiError, api_error::first_number};

/// While the browser knows it is offline, no call is tried: it could only
/// fail (and the browser would log each failure as an error).
fn offline() -> Result<(), ApiError> {
    if web_sys::window().is_some_and(|w| !w.navigator().on_line()) {
        return Err(ApiError::Unreachable("the browser is offline".into()));
    }
    Ok(())
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    offline()?;
    let response = Request::get(path).send().await.map_err(unreachable)?;
    read_json(response).await
}

pub async fn post<T: DeserializeOwned>(path: &str, body: &impl Serialize) -> Result<T, ApiError> {
    read_json(send_json(Request::post(path), body).await?).await
}

pub async fn patch<T: DeserializeOwned>(path: &str, body: &impl Serialize) -> Result<T, ApiError> {
    read_json(send_json(Request::patch(path), body).await?).await
}

/// A POST of JSON whose answer is a file (such as an .xlsx export).
pub async fn post_for_bytes(path: &str, body: &impl Serialize) -> Result<Vec<u8>, ApiError> {
    let response = checked(send_json(Request::post(path), body).await?).await?;
    response
        .binary()
        .await
        .map_err(|e| ApiError::BadAnswer(e.to_string()))
}

/// A POST whose answer has no body (204), such as signing out.
pub async fn post_empty(path: &str) -> Result<(), ApiError> {
    offline()?;
    let response = Request::post(path).send().await.map_err(unreachable)?;
    checked(response).await.map(drop)
}

pub async fn delete(path: &str) -> Result<(), ApiError> {
    offline()?;
    let response = Request::delete(path).send().await.map_err(unreachable)?;
    checked(response).await.map(drop)
}

async fn send_json(builder: RequestBuilder, body: &impl Serialize) -> Result<Response, ApiError> {
    offline()?;
    builder
        .json(body)
        .map_err(|e| ApiError::BadAnswer(e.to_string()))?
        .send()
        .await
        .map_err(unreachable)
}

async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let response = checked(response).await?;
    let text = response
        .text()
        .await
        .map_err(|e| ApiError::BadAnswer(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| ApiError::BadAnswer(e.to_string()))
}

/// The response if it succeeded, else the relay's error as data.
async fn checked(response: Response) -> Result<Response, ApiError> {
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let header_wait = response
        .headers()
        .get("Retry-After")
        .and_then(|s| s.trim().parse().ok());
    let body = response.text().await.unwrap_or_default();
    let (code, message) = match serde_json::from_str::<ErrorBody>(&body) {
        Ok(e) => (e.error, e.message),
        // A proxy's page, or no body at all: the status says what it can.
        Err(_) => (format!("http-{status}"), body),
    };
    Err(ApiError::Refused {
        status,
        retry_after_s: header_wait.or_else(|| first_number(&message)),
        code,
        message,
    })
}

#[derive(serde::Deserialize)]
struct ErrorBody {
    error: String,
    #[serde(default)]
    message: String,
}

fn unreachable(e: gloo_net::Error) -> ApiError {
    ApiError::Unreachable(e.to_string())
}
