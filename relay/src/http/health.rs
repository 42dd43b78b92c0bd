use std::sync::atomic::Ordering;

use axum::{Json, extract::State, http::StatusCode};
use serde::Serialize;

use super::Shared;

#[derive(Debug, Serialize)]
pub(crate) struct Health {
    status: &'static str,
    version: &'static str,
    store: &'static str,
    /// Chunks committed since start, the transactions (disk syncs) they
    /// took, and compactions: how well group commit shares syncs.
    committed_chunks: u64,
    commit_transactions: u64,
    compactions: u64,
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
    let stats = shared.sync_service.commit().stats();
    (
        code,
        Json(Health {
            status,
            version: env!("CARGO_PKG_VERSION"),
            store,
            committed_chunks: stats.chunks.load(Ordering::Relaxed),
            commit_transactions: stats.transactions.load(Ordering::Relaxed),
            compactions: stats.compactions.load(Ordering::Relaxed),
        }),
    )
}
