use serde::{Deserialize, Serialize};

/// A department of the company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Department {
    pub id: String,
    pub name: String,
}

/// What a partner organisation is to the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgKind {
    Customer,
    Supplier,
    Partner,
}

impl OrgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::Supplier => "supplier",
            Self::Partner => "partner",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "customer" => Some(Self::Customer),
            "supplier" => Some(Self::Supplier),
            "partner" => Some(Self::Partner),
            _ => None,
        }
    }
}

/// An outside organisation whose people work on shared documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub kind: OrgKind,
}

/// An invitation for one person of a partner organisation to join. Only
/// the token's digest is kept; `id` names it in lists and for revoking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invite {
    pub id: String,
    pub org: String,
    pub created_ms: i64,
    pub expires_ms: i64,
    pub used_by: Option<String>,
    pub revoked: bool,
}

/// A person as the admin screens list them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonEntry {
    pub id: String,
    pub display_name: String,
    pub is_admin: bool,
    pub disabled: bool,
    pub org: Option<String>,
    pub departments: Vec<String>,
    pub heads: Vec<String>,
}

/// Everything an admin manages, in one answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Directory {
    pub people: Vec<PersonEntry>,
    pub departments: Vec<Department>,
    pub orgs: Vec<Organisation>,
    pub invites: Vec<Invite>,
}

/// What an admin may change about a person; `None` leaves it as it is.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PersonChange {
    pub display_name: Option<String>,
    pub is_admin: Option<bool>,
    pub disabled: Option<bool>,
    pub departments: Option<Vec<String>>,
    pub heads: Option<Vec<String>>,
    pub password: Option<String>,
}
