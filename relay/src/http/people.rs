//! `/api/people`: the names a signed-in person may see, for naming people
//! and groups on documents. The rule is `concord-model`'s `DirectoryView`.

use axum::{Json, extract::State};
use concord_api::{Directory, People, VisiblePerson};
use concord_model::{Affiliation, DirectoryView, Person};

use super::{ApiError, Shared, SignedInAccount, blocking, documents::readable};
use crate::doc_catalog::Listed;

pub(crate) async fn people(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
) -> Result<Json<People>, ApiError> {
    let accounts = shared.accounts.clone();
    let directory = blocking(move || accounts.people_list()).await?;
    // A partner's view depends on what they may read; staff see it all.
    let readable = match &who.person.affiliation {
        Affiliation::Staff => Vec::new(),
        Affiliation::Partner(_) => readable(&shared, &who.person).await?,
    };
    Ok(Json(seen_by(directory, &who.person, &readable)))
}

/// What of `directory` `who` sees, given what they may read (`readable`,
/// which only a partner's view depends on): what `/api/people` answers, so
/// the relay's search and dashboard name and group people as the person's
/// app does.
pub(crate) fn seen_by(directory: Directory, who: &Person, readable: &[Listed]) -> People {
    let Directory {
        people,
        departments,
        orgs,
        ..
    } = directory;
    let view = DirectoryView::of(who, readable.iter().map(|doc| &doc.card.acl));
    let shows_departments = view.shows_departments();
    People {
        people: people
            .into_iter()
            .filter(|p| !p.disabled && view.shows_person(p.id.as_str()))
            .map(|p| VisiblePerson {
                id: p.id,
                display_name: p.display_name,
                org: p.org,
                departments: if shows_departments {
                    p.departments
                } else {
                    Vec::new()
                },
            })
            .collect(),
        departments: if shows_departments {
            departments
        } else {
            Vec::new()
        },
        orgs: orgs
            .into_iter()
            .filter(|org| view.shows_org(org.id.as_str()))
            .collect(),
    }
}
