//! `/api/documents` and `/api/people`: what a signed-in person may see of
//! the relay's documents and of the directory. The rules are `concord-model`'s
//! (`DocCard::role_of`, `DirectoryView`).

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use concord_model::{Affiliation, DirectoryView};
use serde::Serialize;

use crate::{
    accounts::{Department, Directory, Organisation, PersonEntry},
    auth_routes::{SignedInAccount, blocking, failure, failure_with},
    doc_catalog::Listed,
    relay::Shared,
};

#[derive(Debug, Serialize)]
struct DocumentEntry {
    id: String,
    template_id: String,
    title: String,
    state: String,
    classification: &'static str,
    role: &'static str,
}

pub(crate) async fn documents(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
) -> Response {
    match readable(&shared, &who.person).await {
        Ok(listed) => Json(
            listed
                .iter()
                .map(|listed| DocumentEntry {
                    id: listed.id.to_string(),
                    template_id: listed.card.template_id.clone(),
                    title: listed.card.title.clone(),
                    state: listed.card.state.clone(),
                    classification: listed.card.classification.as_str(),
                    role: listed.role.as_str(),
                })
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(response) => response,
    }
}

#[derive(Debug, Serialize)]
struct VisiblePerson {
    id: String,
    display_name: String,
    org: Option<String>,
}

#[derive(Debug, Serialize)]
struct People {
    people: Vec<VisiblePerson>,
    departments: Vec<Department>,
    orgs: Vec<Organisation>,
}

pub(crate) async fn people(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
) -> Response {
    let accounts = shared.accounts.clone();
    let Directory {
        people,
        departments,
        orgs,
        ..
    } = match blocking(move || accounts.people_list()).await {
        Ok(found) => found,
        Err(e) => return failure(&e),
    };
    let visible = |person: &PersonEntry| VisiblePerson {
        id: person.id.clone(),
        display_name: person.display_name.clone(),
        org: person.org.clone(),
    };
    // A partner's view depends on what they may read; staff see it all.
    let readable_acls = match &who.person.affiliation {
        Affiliation::Staff => Vec::new(),
        Affiliation::Partner(_) => match readable(&shared, &who.person).await {
            Ok(listed) => listed.into_iter().map(|doc| doc.card.acl).collect(),
            Err(response) => return response,
        },
    };
    let view = DirectoryView::of(&who.person, &readable_acls);
    let answer = People {
        people: people
            .iter()
            .filter(|p| !p.disabled && view.shows_person(&p.id))
            .map(visible)
            .collect(),
        departments: if view.shows_departments() {
            departments
        } else {
            Vec::new()
        },
        orgs: orgs
            .into_iter()
            .filter(|org| view.shows_org(&org.id))
            .collect(),
    };
    Json(answer).into_response()
}

async fn readable(shared: &Shared, who: &concord_model::Person) -> Result<Vec<Listed>, Response> {
    let catalog = shared.catalog.clone();
    let store = shared.store.clone();
    let who = who.clone();
    match tokio::task::spawn_blocking(move || catalog.readable_by(&who, store.as_ref())).await {
        Ok(Ok(listed)) => Ok(listed),
        Ok(Err(error)) => {
            tracing::error!(%error, "listing documents failed");
            Err(unavailable())
        }
        Err(error) => {
            tracing::error!(%error, "listing documents failed");
            Err(unavailable())
        }
    }
}

fn unavailable() -> Response {
    failure_with(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "the relay could not read its documents; try again",
    )
}
