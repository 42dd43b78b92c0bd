//! What admins send (`/api/admin/*`). Ids here are what a person typed:
//! the relay parses them and answers `bad-name` or `unknown-department`.

use serde::{Deserialize, Serialize};

use crate::{Invite, OrgKind};

/// `POST /api/admin/people`: a staff member an admin adds; answers
/// `PersonEntry`. (No `Debug`: it holds a password.)
#[derive(Clone, Serialize, Deserialize)]
pub struct NewStaff {
    pub id: String,
    pub display_name: String,
    pub password: String,
    #[serde(default)]
    pub is_admin: bool,
    #[serde(default)]
    pub departments: Vec<String>,
    #[serde(default)]
    pub heads: Vec<String>,
}

/// `PATCH /api/admin/people/{id}`: what changes about a person; `None`
/// leaves it as it is (and is not sent). Answers `PersonEntry`.
/// (No `Debug`: it may hold a password.)
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct PersonChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_admin: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departments: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heads: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// The person's direct superior (上级), a staff member's id; the empty
    /// text records none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superior: Option<String>,
}

/// `POST /api/admin/departments`; answers `Department`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDepartment {
    pub id: String,
    pub name: String,
}

/// `POST /api/admin/orgs`; answers `Organisation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOrg {
    pub id: String,
    pub name: String,
    pub kind: OrgKind,
}

/// `POST /api/admin/invites`; answers `CreatedInvite`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewInvite {
    pub org: String,
    /// 1 to 720; the relay's default (72) when not given.
    #[serde(default)]
    pub valid_hours: Option<i64>,
}

/// The answer to `POST /api/admin/invites`: the invite and its link
/// (`/invite#<token>`), the only time the token is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedInvite {
    pub invite: Invite,
    pub link: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_sends_only_what_changes() {
        let change = PersonChange {
            disabled: Some(true),
            ..PersonChange::default()
        };
        assert_eq!(
            serde_json::to_value(&change).unwrap(),
            serde_json::json!({ "disabled": true })
        );
        let read: PersonChange = serde_json::from_str(r#"{"heads":["rd"]}"#).unwrap();
        assert_eq!(read.heads, Some(vec!["rd".to_owned()]));
        assert_eq!(read.is_admin, None);
    }
}
