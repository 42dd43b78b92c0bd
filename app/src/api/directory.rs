//! What an admin sees and changes (`/api/admin/...`).

use concord_model::Localized;
use serde::{Deserialize, Serialize};

/// `GET /api/admin/directory`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Directory {
    #[serde(default)]
    pub people: Vec<DirectoryPerson>,
    #[serde(default)]
    pub departments: Vec<Dept>,
    #[serde(default)]
    pub orgs: Vec<Org>,
    #[serde(default)]
    pub invites: Vec<Invite>,
}

/// An account as the admin sees it (staff, or a partner with `org`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DirectoryPerson {
    pub id: String,
    pub display_name: String,
    #[serde(default)]
    pub is_admin: bool,
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub org: Option<String>,
    #[serde(default)]
    pub departments: Vec<String>,
    #[serde(default)]
    pub heads: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dept {
    pub id: String,
    pub name: String,
}

/// A partner organisation; `kind` is customer, supplier or partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Org {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Invite {
    pub id: String,
    pub org: String,
    pub created_ms: i64,
    pub expires_ms: i64,
    #[serde(default)]
    pub used_by: Option<String>,
    #[serde(default)]
    pub revoked: bool,
}

impl Invite {
    /// "used", "revoked", "expired" or "open", as of `now_ms`.
    pub fn state(&self, now_ms: i64) -> &'static str {
        if self.used_by.is_some() {
            "used"
        } else if self.revoked {
            "revoked"
        } else if self.expires_ms <= now_ms {
            "expired"
        } else {
            "open"
        }
    }
}

/// `POST /api/admin/invites`: the invite and its link, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NewInvite {
    pub invite: Invite,
    pub link: String,
}

/// A partner organisation's kind in words; `None` for a kind this app does not know.
pub fn org_kind_label(kind: &str) -> Option<Localized> {
    match kind {
        "customer" => Some(Localized::new("客户", "customer")),
        "supplier" => Some(Localized::new("供应商", "supplier")),
        "partner" => Some(Localized::new("合作伙伴", "partner")),
        _ => None,
    }
}
