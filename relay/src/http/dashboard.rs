//! `/api/dashboard`: completion and overdue rates over every document the
//! signed-in person may read, counted on the relay (`Dashboard::of`, on the
//! workspace's today), so a browser need not hold 200 trackers to draw
//! them. Which documents: the catalogue's rule, as for `/api/documents`;
//! each document's task rows are kept by heads (`KeptByHeads`), so a
//! question over 20,000 rows reads them once.

use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
};
use concord_api::{DashboardAnswer, DashboardQuery};
use concord_model::views::{
    Dashboard, DashboardWindow, DocRef, Grouping, TypedTask, WindowError, tasks,
};

use super::{ApiError, Shared, SignedInAccount, blocking, documents::readable, people::seen_by};
use crate::clock::now_ms;

/// Characters of an unknown grouping said back.
const SAID_CHARS: usize = 40;

pub(crate) async fn dashboard(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
    query: Result<Query<DashboardQuery>, QueryRejection>,
) -> Result<Json<DashboardAnswer>, ApiError> {
    let now = now_ms();
    // Checked before anything is read: a bad question costs nothing.
    let Query(asked) = query.map_err(|e| ApiError::BadDashboard(e.body_text()))?;
    let grouping = Grouping::from_word(&asked.by).ok_or_else(|| {
        let by: String = asked.by.chars().take(SAID_CHARS).collect();
        ApiError::BadDashboard(format!("by is person, department or template, not {by:?}"))
    })?;
    let today = shared.accounts.today(now).ok_or_else(|| {
        ApiError::internal("the relay's clock is out of range", "clock past 9999")
    })?;
    let window = DashboardWindow::asked(&asked.from, &asked.to, today.day())
        .map_err(|e: WindowError| ApiError::BadDashboard(e.to_string()))?;
    let listed = readable(&shared, &who.person).await?;
    let (accounts, catalog, kept, store) = (
        shared.accounts.clone(),
        shared.catalog.clone(),
        shared.task_rows.clone(),
        shared.store.clone(),
    );
    let person = who.person;
    blocking(move || {
        // Departments as the person's app reads them (`/api/people`).
        let departments = seen_by(accounts.people_list()?, &person, &listed).first_departments();
        let per_doc = kept
            .of(
                &listed,
                |id| catalog.heads(id),
                store.as_ref(),
                &(),
                |id, doc| {
                    let id = id.to_string();
                    tasks(&[DocRef { id: &id, doc }])
                },
            )
            .map_err(|e| {
                ApiError::internal("the relay could not read its documents; try again", e)
            })?;
        let typed = listed.iter().zip(&per_doc).flat_map(|(doc, rows)| {
            rows.iter().flat_map(|rows| {
                rows.iter().map(|task| TypedTask {
                    template: &doc.card.template_id,
                    task,
                })
            })
        });
        let dashboard = Dashboard::of(typed, window, grouping, &departments);
        Ok::<_, ApiError>(Json(DashboardAnswer {
            dashboard,
            documents: per_doc.iter().flatten().count(),
            as_of_ms: now,
        }))
    })
    .await
}

#[cfg(test)]
#[path = "dashboard_tests.rs"]
mod tests;
