//! `/api/subtemplates`: team sub-templates (专用子模板). The rules — who may
//! share with whom, who sees one, what a sound definition is — are the
//! model's (`SharedWith`, `DerivedTemplate::checked`); `Accounts` keeps them.

use axum::{Json, extract::State, http::StatusCode};
use concord_api::{NewSubtemplate, TeamSubtemplate, TeamSubtemplates};

use super::{ApiError, Shared, SignedInAccount, blocking};
use crate::clock::now_ms;

/// `GET`: the sub-templates shared with the caller, newest first.
pub(crate) async fn subtemplates(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
) -> Result<Json<TeamSubtemplates>, ApiError> {
    let accounts = shared.accounts.clone();
    let subtemplates = blocking(move || accounts.subtemplates_for(&who.person)).await?;
    Ok(Json(TeamSubtemplates { subtemplates }))
}

/// `POST`: shares a definition; answers it as stored (201).
pub(crate) async fn share(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
    Json(new): Json<NewSubtemplate>,
) -> Result<(StatusCode, Json<TeamSubtemplate>), ApiError> {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    let stored = blocking(move || accounts.share_subtemplate(&who.person, new, now)).await?;
    Ok((StatusCode::CREATED, Json(stored)))
}

#[cfg(test)]
#[path = "subtemplates_tests.rs"]
mod tests;
