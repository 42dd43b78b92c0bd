//! `/api/people`: the names a signed-in person may see, for naming people
//! and groups on documents. The rule is `concord-model`'s `DirectoryView`.

use axum::{Json, extract::State};
use concord_api::{Directory, People, VisiblePerson};
use concord_model::{Affiliation, DirectoryView};

use super::{ApiError, Shared, SignedInAccount, blocking, documents::readable};

pub(crate) async fn people(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
) -> Result<Json<People>, ApiError> {
    let accounts = shared.accounts.clone();
    let Directory {
        people,
        departments,
        orgs,
        ..
    } = blocking(move || accounts.people_list()).await?;
    // A partner's view depends on what they may read; staff see it all.
    let readable_acls = match &who.person.affiliation {
        Affiliation::Staff => Vec::new(),
        Affiliation::Partner(_) => readable(&shared, &who.person)
            .await?
            .into_iter()
            .map(|doc| doc.card.acl)
            .collect(),
    };
    let view = DirectoryView::of(&who.person, &readable_acls);
    let shows_departments = view.shows_departments();
    Ok(Json(People {
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
    }))
}
