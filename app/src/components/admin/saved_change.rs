use concord_model::Locale;

/// A change to a person the relay has accepted, as the open edit panel
/// says it: what now holds, not merely "saved".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SavedChange {
    /// Member of the department (by name), or no longer.
    Member {
        dept: String,
        on: bool,
    },
    /// Head of the department (by name), or no longer.
    Head {
        dept: String,
        on: bool,
    },
    Admin {
        on: bool,
    },
    Disabled {
        on: bool,
    },
    Renamed {
        name: String,
    },
    /// A new password, which ends every session of theirs.
    Password,
    /// Their direct superior (by name), or none.
    Superior {
        name: Option<String>,
    },
}

impl SavedChange {
    pub fn text(&self, locale: Locale) -> String {
        let zh = locale == Locale::ZhCn;
        match (self, zh) {
            (Self::Member { dept, on: true }, true) => format!("已保存：加入{dept}"),
            (Self::Member { dept, on: true }, false) => format!("Saved: member of {dept}"),
            (Self::Member { dept, on: false }, true) => format!("已保存：不再属于{dept}"),
            (Self::Member { dept, on: false }, false) => format!("Saved: no longer in {dept}"),
            (Self::Head { dept, on: true }, true) => format!("已保存：{dept}负责人"),
            (Self::Head { dept, on: true }, false) => format!("Saved: head of {dept}"),
            (Self::Head { dept, on: false }, true) => format!("已保存：不再是{dept}负责人"),
            (Self::Head { dept, on: false }, false) => {
                format!("Saved: no longer head of {dept}")
            }
            (Self::Admin { on: true }, true) => "已保存：工作区管理员".to_owned(),
            (Self::Admin { on: true }, false) => "Saved: workspace admin".to_owned(),
            (Self::Admin { on: false }, true) => "已保存：不再是工作区管理员".to_owned(),
            (Self::Admin { on: false }, false) => "Saved: no longer a workspace admin".to_owned(),
            (Self::Disabled { on: true }, true) => "已停用：其所有登录已结束".to_owned(),
            (Self::Disabled { on: true }, false) => {
                "Disabled: they were signed out everywhere".to_owned()
            }
            (Self::Disabled { on: false }, true) => "已启用：可以再次登录".to_owned(),
            (Self::Disabled { on: false }, false) => "Enabled: they may sign in again".to_owned(),
            (Self::Renamed { name }, true) => format!("已保存：名称改为“{name}”"),
            (Self::Renamed { name }, false) => format!("Saved: their name is now “{name}”"),
            (Self::Password, true) => {
                "新密码已设置：其所有登录已结束，请把新密码告诉本人".to_owned()
            }
            (Self::Password, false) => {
                "New password set: they were signed out everywhere; tell them the new one"
                    .to_owned()
            }
            (Self::Superior { name: Some(name) }, true) => format!("已保存：直属上级为{name}"),
            (Self::Superior { name: Some(name) }, false) => {
                format!("Saved: they report to {name}")
            }
            (Self::Superior { name: None }, true) => "已保存：未设直属上级".to_owned(),
            (Self::Superior { name: None }, false) => {
                "Saved: no direct superior recorded".to_owned()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_saved_change_is_said_in_both_languages_by_name() {
        let head = SavedChange::Head {
            dept: "研发部".into(),
            on: true,
        };
        assert_eq!(head.text(Locale::ZhCn), "已保存：研发部负责人");
        assert_eq!(head.text(Locale::En), "Saved: head of 研发部");
        let renamed = SavedChange::Renamed {
            name: "Li Na".into(),
        };
        assert_eq!(renamed.text(Locale::En), "Saved: their name is now “Li Na”");
        assert!(
            SavedChange::Password
                .text(Locale::ZhCn)
                .contains("登录已结束")
        );
        let superior = SavedChange::Superior {
            name: Some("王芳".into()),
        };
        assert_eq!(superior.text(Locale::ZhCn), "已保存：直属上级为王芳");
        assert_eq!(superior.text(Locale::En), "Saved: they report to 王芳");
    }
}
