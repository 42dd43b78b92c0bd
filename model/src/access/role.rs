use crate::locale::Localized;

/// A person's role on one document. Ordered, so the highest of several
/// grants is simply the maximum.
///
/// On the wire as `as_str` says it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum DocRole {
    Viewer,
    Editor,
    Owner,
}

impl DocRole {
    pub const ALL: [DocRole; 3] = [DocRole::Owner, DocRole::Editor, DocRole::Viewer];

    pub fn label(self) -> Localized {
        match self {
            DocRole::Owner => Localized::new("所有者", "Owner"),
            DocRole::Editor => Localized::new("可编辑", "Editor"),
            DocRole::Viewer => Localized::new("仅查看", "Viewer"),
        }
    }

    /// The name documents store the role under.
    pub fn as_str(self) -> &'static str {
        match self {
            DocRole::Owner => "owner",
            DocRole::Editor => "editor",
            DocRole::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn may_edit(self) -> bool {
        self >= DocRole::Editor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_outranks_editor_outranks_viewer() {
        assert!(DocRole::Owner > DocRole::Editor && DocRole::Editor > DocRole::Viewer);
        assert!(DocRole::Editor.may_edit());
        assert!(!DocRole::Viewer.may_edit());
        assert_eq!(DocRole::Viewer.label().zh_cn, "仅查看");
    }

    #[test]
    fn roles_travel_as_their_text() {
        for role in DocRole::ALL {
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
            assert_eq!(serde_json::from_str::<DocRole>(&json).unwrap(), role);
        }
    }

    /// 管理员 is the workspace's admin; a document's owner is its 所有者.
    #[test]
    fn a_documents_owner_is_not_called_an_admin() {
        assert_eq!(DocRole::Owner.label().zh_cn, "所有者");
        for role in DocRole::ALL {
            assert!(!role.label().zh_cn.contains("管理员"), "{role:?}");
            assert!(
                !role.label().en.to_lowercase().contains("admin"),
                "{role:?}"
            );
        }
    }
}
