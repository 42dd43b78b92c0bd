//! What any signed-in person may ask: their documents and the names they may see.

use serde::Deserialize;

use super::{Dept, Org};

/// One line of `GET /api/documents`: a document on the relay this person may read.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DocumentListing {
    pub id: String,
    #[serde(default)]
    pub template_id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub classification: String,
    #[serde(default)]
    pub role: String,
}

/// `GET /api/people`: the names to offer when sharing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct PeopleDirectory {
    #[serde(default)]
    pub people: Vec<KnownPerson>,
    #[serde(default)]
    pub departments: Vec<Dept>,
    #[serde(default)]
    pub orgs: Vec<Org>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct KnownPerson {
    pub id: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub org: Option<String>,
}
