use axum::{Json, extract::State, http::StatusCode};
use serde::Serialize;

use crate::relay::Shared;

#[derive(Debug, Serialize)]
pub(crate) struct Health {
    status: &'static str,
    version: &'static str,
    store: &'static str,
}

/// Whether the relay can reach its store; for load balancers and the e2e harness.
pub(crate) async fn health(State(shared): State<Shared>) -> (StatusCode, Json<Health>) {
    let store = shared.store.clone();
    let checked = tokio::task::spawn_blocking(move || store.check()).await;
    let healthy = match checked {
        Ok(Ok(())) => true,
        Ok(Err(error)) => {
            tracing::error!(%error, "store check failed");
            false
        }
        Err(error) => {
            tracing::error!(%error, "store check task failed");
            false
        }
    };
    let (code, status, store) = if healthy {
        (StatusCode::OK, "ok", "ok")
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "unavailable",
        )
    };
    (
        code,
        Json(Health {
            status,
            version: env!("CARGO_PKG_VERSION"),
            store,
        }),
    )
}
