//! `/api/calendar` and `/api/admin/calendar/*`: the workspace calendar.
//! Who may change it is `Accounts`' call (admins only).

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use concord_api::{MarkDay, WorkCalendar, ZoneChange};

use super::{ApiError, Shared, SignedInAccount, blocking};
use crate::clock::now_ms;

/// Everyone signed in reads it: the app shows due days by it. Read from
/// the relay's copy in memory, so no blocking call.
pub(crate) async fn calendar(
    State(shared): State<Shared>,
    SignedInAccount(_who): SignedInAccount,
) -> Result<Json<WorkCalendar>, ApiError> {
    Ok(Json(shared.accounts.work_calendar(now_ms())?))
}

pub(crate) async fn mark_day(
    State(shared): State<Shared>,
    SignedInAccount(by): SignedInAccount,
    Json(mark): Json<MarkDay>,
) -> Result<(StatusCode, Json<WorkCalendar>), ApiError> {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    let calendar = blocking(move || accounts.mark_day(&by, &mark.day, mark.kind, now)).await?;
    Ok((StatusCode::CREATED, Json(calendar)))
}

pub(crate) async fn unmark_day(
    State(shared): State<Shared>,
    SignedInAccount(by): SignedInAccount,
    Path(day): Path<String>,
) -> Result<Json<WorkCalendar>, ApiError> {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    Ok(Json(
        blocking(move || accounts.unmark_day(&by, &day, now)).await?,
    ))
}

pub(crate) async fn set_zone(
    State(shared): State<Shared>,
    SignedInAccount(by): SignedInAccount,
    Json(change): Json<ZoneChange>,
) -> Result<Json<WorkCalendar>, ApiError> {
    let accounts = shared.accounts.clone();
    let now = now_ms();
    Ok(Json(
        blocking(move || accounts.set_zone(&by, &change.zone, now)).await?,
    ))
}

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;
