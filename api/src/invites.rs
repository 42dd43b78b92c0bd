//! A partner opens their invite link and joins.

use concord_model::OrgId;
use serde::{Deserialize, Serialize};

use crate::OrgKind;

/// `POST /api/invite/check`: the token from the invite link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteToken {
    pub token: String,
}

/// The answer to `POST /api/invite/check`: whom the invite is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteInfo {
    pub org: OrgId,
    pub org_name: String,
    pub org_kind: OrgKind,
    pub expires_ms: i64,
}

/// `POST /api/invite/accept`: the partner's new account; answers `Me`.
/// (No `Debug`: it holds a password.)
#[derive(Clone, Serialize, Deserialize)]
pub struct AcceptInvite {
    pub token: String,
    pub id: String,
    pub display_name: String,
    pub password: String,
}
