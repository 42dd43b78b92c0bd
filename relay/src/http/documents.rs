//! `/api/documents`: the relay's documents a signed-in person may read. The
//! rule is `concord-model`'s (`DocCard::role_of`), applied by the catalogue.

use axum::{Json, extract::State};
use concord_api::DocumentListing;
use concord_model::Person;

use super::{ApiError, Shared, SignedInAccount, blocking};
use crate::doc_catalog::Listed;

pub(crate) async fn documents(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
) -> Result<Json<Vec<DocumentListing>>, ApiError> {
    let listed = readable(&shared, &who.person).await?;
    Ok(Json(
        listed
            .into_iter()
            .map(|listed| DocumentListing {
                id: listed.id,
                entered_at: listed.card.entered_at,
                owner: listed.card.owner().cloned(),
                template_id: listed.card.template_id,
                title: listed.card.title,
                state: listed.card.state,
                classification: listed.card.classification,
                role: listed.role,
            })
            .collect(),
    ))
}

/// What `who` may read, from the catalogue (which may read the store).
pub(crate) async fn readable(shared: &Shared, who: &Person) -> Result<Vec<Listed>, ApiError> {
    let catalog = shared.catalog.clone();
    let store = shared.store.clone();
    let who = who.clone();
    blocking(move || {
        catalog
            .readable_by(&who, store.as_ref())
            .map_err(|e| ApiError::internal("the relay could not read its documents; try again", e))
    })
    .await
}
