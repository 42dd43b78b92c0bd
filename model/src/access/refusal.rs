use serde::{Deserialize, Serialize};

use super::ids::PersonId;
use crate::{locale::Locale, rules::Violation};

/// Why a person may not do what they tried. Each variant names what was
/// refused and why, so the relay can tell the sender and the app can say it.
///
/// As data (serde) it is a flat map of texts: `code` names the variant
/// (kebab-case, stable), the other entries are its fields; a schema
/// violation's entries are inlined (see [`Violation`]). The relay sends
/// that, and the app reads it back to say it in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum Refusal {
    #[error("you have no access to this document")]
    NoAccess,
    #[error(
        "only the company's own staff create documents; partners work on what is shared with them"
    )]
    PartnersCannotCreate,
    #[error("viewers cannot edit this document")]
    ViewerCannotEdit,
    #[error("the document is archived and read-only for everyone")]
    ArchivedReadOnly,
    #[error("the document is {state}; nothing but what that state opens may change")]
    StateReadOnly { state: String },
    #[error("the template has no field {field}")]
    UnknownField { field: String },
    #[error("the document is in an unknown state {state}")]
    UnknownState { state: String },
    #[error("the template has no step {transition}")]
    UnknownTransition { transition: String },
    #[error("field {field} may not be written: {rule}")]
    FieldNotWritable { field: String, rule: String },
    #[error("only the row's owner {row_owner} or a document owner may write this cell")]
    NotRowOwner { row_owner: String },
    #[error("cannot go from {from} to {to}: {reason}")]
    TransitionNotAllowed {
        from: String,
        to: String,
        reason: String,
    },
    #[error("{by} has already signed this step")]
    AlreadySigned { by: PersonId },
    #[error("step {transition} needs a reason")]
    ReasonRequired { transition: String },
    #[error("only a document owner may change who has access")]
    AclChangeNeedsOwner,
    #[error("the change refers to history this document does not have")]
    UnknownHeads,
    #[error("the change breaks the document's schema: {violation}")]
    BreaksSchema {
        #[serde(flatten)]
        violation: Violation,
    },
    #[error("{path} cannot be changed once written")]
    Immutable { path: String },
    #[error("only {owner} may write {path}")]
    NotYours { path: String, owner: String },
    #[error("only a document owner may change {what}")]
    NeedsOwner { what: String },
    #[error(
        "your direct superior is not recorded in the directory: ask a workspace admin to record them"
    )]
    SuperiorNotRecorded,
    #[error("{named} is not your direct superior in the directory")]
    NotYourSuperior { named: String },
    // What the relay refuses beyond the document's rules: its sync engine's
    // limits and input checks (`concord_sync::RefusalNotice` writes these
    // codes) and its actor bindings. Here so the app can say them too.
    #[error("sign in first")]
    SignedOut,
    #[error("a change is signed with an actor id that belongs to another person ({owner})")]
    ActorOfAnother { owner: String },
    #[error("a change names {named} as its author, but {signer} signed it")]
    NotYourName { named: String, signer: String },
    #[error("the relay cannot check actor ids now: {why}")]
    ActorsUnchecked { why: String },
    #[error("too many messages while the document loads; try again")]
    TooBusy,
    #[error("the changes do not read: {detail}")]
    MalformedChanges { detail: String },
    #[error("the changes do not apply: {detail}")]
    ChangesDoNotApply { detail: String },
    #[error("the document would exceed {max_bytes} bytes")]
    DocumentTooLarge { max_bytes: String },
    #[error(
        "{field} must be a working day after today ({today}) and no later than {latest}; {date} is not"
    )]
    DateNotWithin {
        field: String,
        date: String,
        today: String,
        latest: String,
    },
    #[error("the relay cannot tell today's date; try again later")]
    NoToday,
    #[error("step {transition} is an answer: it writes {option} into {field} as it moves")]
    StepAnswerMissing {
        transition: String,
        field: String,
        option: String,
    },
    #[error(
        "reaching {state} names version {name} of the document in the same change, and only then"
    )]
    VersionNotFrozen { state: String, name: String },
    #[error("you may name only a department you belong to, not {department}")]
    NotYourDepartment { department: String },
    #[error("name the recipients first: everyone, or the departments it goes to")]
    NoRecipients,
    #[error("publishing gives its recipients read access in the same change: {recipients}")]
    NotPublishedTo { recipients: String },
}

impl Refusal {
    /// The refusal in the reader's language; English is `Display`.
    pub fn message(&self, locale: Locale) -> String {
        match locale {
            Locale::En => self.to_string(),
            Locale::ZhCn => self.zh_cn(),
        }
    }

    fn zh_cn(&self) -> String {
        match self {
            Refusal::NoAccess => "你无权访问此文档".into(),
            Refusal::PartnersCannotCreate => {
                "只有本公司员工可以创建文档；外部伙伴只能处理共享给他们的文档".into()
            }
            Refusal::ViewerCannotEdit => "仅查看成员不能编辑此文档".into(),
            Refusal::ArchivedReadOnly => "文档已归档，任何人都只能查看".into(),
            Refusal::StateReadOnly { state } => format!("文档处于「{state}」状态，当前不可修改"),
            Refusal::UnknownField { field } => format!("模板中没有字段 {field}"),
            Refusal::UnknownState { state } => format!("文档处于未知状态 {state}"),
            Refusal::UnknownTransition { transition } => format!("模板中没有步骤 {transition}"),
            Refusal::FieldNotWritable { field, rule } => {
                format!("字段 {field} 不可修改：{rule}")
            }
            Refusal::NotRowOwner { row_owner } => {
                format!("只有该行负责人 {row_owner} 或文档所有者可以修改此单元格")
            }
            Refusal::TransitionNotAllowed { from, to, reason } => {
                format!("不能从「{from}」转到「{to}」：{reason}")
            }
            Refusal::AlreadySigned { by } => format!("{by} 已经签署过此步骤"),
            Refusal::ReasonRequired { transition } => format!("步骤 {transition} 需要填写理由"),
            Refusal::AclChangeNeedsOwner => "只有文档所有者可以修改访问权限".into(),
            Refusal::UnknownHeads => "此修改引用了文档中不存在的历史".into(),
            Refusal::BreaksSchema { violation } => {
                format!("此修改破坏了文档结构：{}", violation.message(Locale::ZhCn))
            }
            Refusal::Immutable { path } => format!("{path} 写入后不可更改"),
            Refusal::NotYours { path, owner } => format!("只有 {owner} 可以写入 {path}"),
            Refusal::NeedsOwner { what } => format!("只有文档所有者可以修改 {what}"),
            Refusal::SuperiorNotRecorded => {
                "目录中没有记录您的直属上级：请工作区管理员先设置".into()
            }
            Refusal::NotYourSuperior { named } => {
                format!("{named} 不是目录中记录的您的直属上级")
            }
            Refusal::SignedOut => "请先登录".into(),
            Refusal::ActorOfAnother { owner } => {
                format!("此修改的签名（actor id）属于另一个人（{owner}）")
            }
            Refusal::NotYourName { named, signer } => {
                format!("此修改署名为 {named}，但签名者是 {signer}")
            }
            Refusal::ActorsUnchecked { why } => {
                format!("服务器暂时无法核对签名（actor id）：{why}")
            }
            Refusal::TooBusy => "文档加载期间消息过多，请稍后再试".into(),
            Refusal::MalformedChanges { detail } => format!("修改内容无法读取：{detail}"),
            Refusal::ChangesDoNotApply { detail } => format!("修改无法应用到文档：{detail}"),
            Refusal::DocumentTooLarge { max_bytes } => {
                format!("文档将超过 {max_bytes} 字节的上限")
            }
            Refusal::DateNotWithin {
                field,
                date,
                today,
                latest,
            } => format!("{field} 须为今天（{today}）之后、最迟 {latest} 的工作日；{date} 不符合"),
            Refusal::NoToday => "服务器无法确定今天的日期，请稍后再试".into(),
            Refusal::StepAnswerMissing {
                transition,
                field,
                option,
            } => format!("步骤 {transition} 即是结论：须同时在 {field} 中写入 {option}"),
            Refusal::VersionNotFrozen { state, name } => {
                format!("进入「{state}」时须在同一修改中定稿版本 {name}，且只能在此时定稿")
            }
            Refusal::NotYourDepartment { department } => {
                format!("只能填写您所属的部门，{department} 不是")
            }
            Refusal::NoRecipients => "请先填写接收人：全体员工，或接收部门".into(),
            Refusal::NotPublishedTo { recipients } => {
                format!("发布须在同一修改中让接收人可以查看：{recipients}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_read_in_both_languages() {
        let refusal = Refusal::NotRowOwner {
            row_owner: "ann".into(),
        };
        assert!(refusal.message(Locale::En).contains("ann"));
        assert!(refusal.message(Locale::ZhCn).contains("负责人 ann"));
        let broken = Refusal::BreaksSchema {
            violation: Violation::Unknown {
                path: "junk".into(),
            },
        };
        assert_eq!(
            broken.message(Locale::En),
            "the change breaks the document's schema: junk is not part of the document's schema or template"
        );
        assert_eq!(
            broken.message(Locale::ZhCn),
            "此修改破坏了文档结构：junk 不属于文档结构或模板"
        );
        assert_eq!(
            Refusal::ArchivedReadOnly.to_string(),
            "the document is archived and read-only for everyone"
        );
    }

    /// 管理员 is the workspace's admin; a document's owner is its 所有者.
    #[test]
    fn a_documents_owner_is_its_owner_in_every_refusal() {
        let about_owners = [
            Refusal::NotRowOwner {
                row_owner: "ann".into(),
            },
            Refusal::AclChangeNeedsOwner,
            Refusal::NeedsOwner { what: "acl".into() },
        ];
        for refusal in about_owners {
            let zh = refusal.message(Locale::ZhCn);
            assert!(zh.contains("所有者") && !zh.contains("管理员"), "{zh}");
            assert!(
                !refusal.message(Locale::En).contains("admin"),
                "{refusal:?}"
            );
        }
    }

    #[test]
    fn refusals_are_flat_data_with_a_stable_code() {
        let cases = [
            (
                Refusal::ViewerCannotEdit,
                serde_json::json!({ "code": "viewer-cannot-edit" }),
            ),
            (
                Refusal::NotRowOwner {
                    row_owner: "ann".into(),
                },
                serde_json::json!({ "code": "not-row-owner", "row_owner": "ann" }),
            ),
            (
                Refusal::AlreadySigned {
                    by: "li".parse().unwrap(),
                },
                serde_json::json!({ "code": "already-signed", "by": "li" }),
            ),
            (
                Refusal::BreaksSchema {
                    violation: Violation::Unknown {
                        path: "junk".into(),
                    },
                },
                serde_json::json!({
                    "code": "breaks-schema", "violation": "unknown", "path": "junk"
                }),
            ),
        ];
        for (refusal, data) in cases {
            assert_eq!(serde_json::to_value(&refusal).unwrap(), data);
            assert_eq!(serde_json::from_value::<Refusal>(data).unwrap(), refusal);
        }
        let unknown = serde_json::json!({ "code": "a-newer-refusal" });
        assert!(serde_json::from_value::<Refusal>(unknown).is_err());
    }
}
