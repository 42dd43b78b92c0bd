//! `/api/tasks`: the task centre — what waits for the signed-in person
//! across every document they may read. Which documents: the catalogue's
//! rule (`DocCard::role_of`); what waits for whom: the model's `awaiting`.

use axum::{Json, extract::State};
use concord_api::{TaskCentre, TaskCentreItem};

use super::{ApiError, Shared, SignedInAccount, blocking, documents::readable};
use crate::clock::now_ms;

pub(crate) async fn tasks(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
) -> Result<Json<TaskCentre>, ApiError> {
    let listed = readable(&shared, &who.person).await?;
    let now = now_ms();
    let today = shared.accounts.today(now).ok_or_else(|| {
        ApiError::internal("the relay's clock is out of range", "clock past 9999")
    })?;
    let zone = shared.accounts.zone();
    let (catalog, awaiting, store) = (
        shared.catalog.clone(),
        shared.awaiting.clone(),
        shared.store.clone(),
    );
    let person = who.person.clone();
    let items = blocking(move || {
        let per_doc = awaiting
            .of(
                &listed,
                |id| catalog.heads(id),
                store.as_ref(),
                &today,
                &zone,
            )
            .map_err(|e| {
                ApiError::internal("the relay could not read its documents; try again", e)
            })?;
        let mut items = Vec::new();
        for (doc, waits) in listed.iter().zip(per_doc) {
            for item in waits.iter().filter(|i| i.is_for(&person)) {
                let (title, template) = (&doc.card.title, &doc.card.template_id);
                items.push(TaskCentreItem::of(doc.id, title, template, item, &today));
            }
        }
        TaskCentre::sort(&mut items);
        Ok::<_, ApiError>(items)
    })
    .await?;
    Ok(Json(TaskCentre {
        items,
        as_of_ms: now,
    }))
}
