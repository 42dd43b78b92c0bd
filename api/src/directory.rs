//! The directory as admins manage it: people, departments, partner
//! organisations and invites (`GET /api/admin/directory`).

use std::fmt;

use concord_model::{DeptId, Localized, OrgId, PersonId};
use serde::{Deserialize, Serialize};

/// Everything an admin manages, in one answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directory {
    pub people: Vec<PersonEntry>,
    pub departments: Vec<Department>,
    pub orgs: Vec<Organisation>,
    pub invites: Vec<Invite>,
}

/// A person as the admin screens list them: staff, or a partner with `org`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonEntry {
    pub id: PersonId,
    pub display_name: String,
    pub is_admin: bool,
    pub disabled: bool,
    pub org: Option<OrgId>,
    pub departments: Vec<DeptId>,
    pub heads: Vec<DeptId>,
    /// Their direct superior (上级), for staff.
    #[serde(default)]
    pub superior: Option<PersonId>,
}

/// A department of the company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    pub id: DeptId,
    pub name: String,
}

/// An outside organisation whose people work on shared documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrgId,
    pub name: String,
    pub kind: OrgKind,
}

/// What a partner organisation is to the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgKind {
    Customer,
    Supplier,
    Partner,
}

impl OrgKind {
    pub const ALL: [OrgKind; 3] = [OrgKind::Customer, OrgKind::Supplier, OrgKind::Partner];

    /// As stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::Supplier => "supplier",
            Self::Partner => "partner",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    pub fn label(self) -> Localized {
        match self {
            Self::Customer => Localized::new("客户", "customer"),
            Self::Supplier => Localized::new("供应商", "supplier"),
            Self::Partner => Localized::new("合作伙伴", "partner"),
        }
    }
}

/// Names an invite in lists and for revoking; not its token, which only
/// the link holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InviteId(pub String);

impl fmt::Display for InviteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An invitation for one person of a partner organisation to join. Only
/// the token's digest is kept by the relay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    pub id: InviteId,
    pub org: OrgId,
    pub created_ms: i64,
    pub expires_ms: i64,
    /// Who joined with it.
    pub used_by: Option<PersonId>,
    pub revoked: bool,
}

/// Where an invite stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteState {
    Open,
    Used,
    Revoked,
    Expired,
}

impl Invite {
    /// As of `now_ms`: used and revoked outrank expired.
    pub fn state(&self, now_ms: i64) -> InviteState {
        if self.used_by.is_some() {
            InviteState::Used
        } else if self.revoked {
            InviteState::Revoked
        } else if self.expires_ms <= now_ms {
            InviteState::Expired
        } else {
            InviteState::Open
        }
    }
}

impl InviteState {
    /// A word for styling and tests (`data-state`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Used => "used",
            Self::Revoked => "revoked",
            Self::Expired => "expired",
        }
    }

    pub fn label(self) -> Localized {
        match self {
            Self::Open => Localized::new("有效", "open"),
            Self::Used => Localized::new("已使用", "used"),
            Self::Revoked => Localized::new("已撤销", "revoked"),
            Self::Expired => Localized::new("已过期", "expired"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_kinds_travel_as_their_words() {
        for kind in OrgKind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            assert_eq!(OrgKind::parse(kind.as_str()), Some(kind));
        }
        assert!(serde_json::from_str::<OrgKind>(r#""rival""#).is_err());
    }

    #[test]
    fn an_invite_is_used_revoked_expired_or_open() {
        let mut invite = Invite {
            id: InviteId("i1".into()),
            org: "acme".parse().unwrap(),
            created_ms: 0,
            expires_ms: 100,
            used_by: None,
            revoked: false,
        };
        assert_eq!(invite.state(99), InviteState::Open);
        assert_eq!(invite.state(100), InviteState::Expired);
        invite.revoked = true;
        assert_eq!(invite.state(0), InviteState::Revoked);
        invite.used_by = Some("li".parse().unwrap());
        assert_eq!(invite.state(200), InviteState::Used);
    }
}
