use concord_model::{DeptId, OrgId, PersonId};
use serde::{Deserialize, Serialize};

use crate::{Department, Organisation};

/// `GET /api/people`: the names a signed-in person may see, to name people
/// and groups on documents. Staff see the directory; a partner sees only
/// what `concord_model::DirectoryView` lets them (no departments).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct People {
    pub people: Vec<VisiblePerson>,
    pub departments: Vec<Department>,
    pub orgs: Vec<Organisation>,
}

/// A person as others see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisiblePerson {
    pub id: PersonId,
    pub display_name: String,
    /// Their partner organisation, for partners.
    pub org: Option<OrgId>,
    /// Their departments, for staff, when the reader may see departments
    /// (a partner may not): what tells two people of one name apart.
    #[serde(default)]
    pub departments: Vec<DeptId>,
}
