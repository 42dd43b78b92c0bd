//! `/api/subtemplates`: team sub-templates (专用子模板), the shapes people
//! save from their documents for their colleagues. Who sees one is
//! `SharedWith::reaches`, a rule of `concord-model`.

use concord_model::{DerivedTemplate, PersonId, SharedWith};
use serde::{Deserialize, Serialize};

/// One sub-template shared with the caller: its definition, whom it is for,
/// and who made it when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSubtemplate {
    pub template: DerivedTemplate,
    pub shared_with: SharedWith,
    pub made_by: PersonId,
    pub made_ms: i64,
}

/// `GET`: every sub-template the caller may use, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSubtemplates {
    pub subtemplates: Vec<TeamSubtemplate>,
}

/// `POST`: a definition to share. The relay gives it its id and version 1
/// (whatever the body says) and answers the `TeamSubtemplate` it stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSubtemplate {
    pub template: DerivedTemplate,
    pub shared_with: SharedWith,
}
