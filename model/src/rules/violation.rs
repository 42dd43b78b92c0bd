use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::locale::{Locale, Localized};

/// One way a document breaks its schema or its template, with the path of
/// the part at fault (`fields.budget`, `tables.tasks.<row>.order`).
///
/// As data (serde) it is a flat map: `violation` names the variant
/// (kebab-case), the fields keep their names, `expected` is a code of
/// [`expected`]'s; so it travels inside a refusal's parameters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "violation", rename_all = "kebab-case")]
pub enum Violation {
    #[error("{path} is missing")]
    Missing { path: String },
    #[error("{path} is not {}", expected.en)]
    Malformed {
        path: String,
        #[serde(with = "expected")]
        expected: Localized,
    },
    #[error("{path} is not part of the document's schema or template")]
    Unknown { path: String },
    #[error("document schema {found} is not supported")]
    UnsupportedSchema { found: String },
    #[error("no built-in template has the id {id}")]
    UnknownTemplate { id: String },
    #[error("the template has no state {state}")]
    UnknownState { state: String },
    #[error("{path} does not fit its field: {reason}")]
    Misfit {
        path: String,
        reason: Cow<'static, str>,
    },
    #[error("{path} is required once the document has left its first state")]
    RequiredMissing { path: String },
}

impl Violation {
    pub(crate) fn malformed(path: impl Into<String>, expected: Localized) -> Self {
        Violation::Malformed {
            path: path.into(),
            expected,
        }
    }

    pub(crate) fn unknown(path: impl Into<String>) -> Self {
        Violation::Unknown { path: path.into() }
    }

    pub(crate) fn missing(path: impl Into<String>) -> Self {
        Violation::Missing { path: path.into() }
    }

    /// The violation in the reader's language; English is `Display`.
    pub fn message(&self, locale: Locale) -> String {
        match locale {
            Locale::En => self.to_string(),
            Locale::ZhCn => self.zh_cn(),
        }
    }

    fn zh_cn(&self) -> String {
        match self {
            Violation::Missing { path } => format!("缺少 {path}"),
            Violation::Malformed { path, expected } => {
                format!("{path} 不是{}", expected.zh_cn)
            }
            Violation::Unknown { path } => format!("{path} 不属于文档结构或模板"),
            Violation::UnsupportedSchema { found } => format!("不支持的文档结构版本 {found}"),
            Violation::UnknownTemplate { id } => format!("没有 id 为 {id} 的内置模板"),
            Violation::UnknownState { state } => format!("模板中没有状态 {state}"),
            Violation::Misfit { path, reason } => format!("{path} 的值不符合字段要求：{reason}"),
            Violation::RequiredMissing { path } => {
                format!("文档离开初始状态后必须填写 {path}")
            }
        }
    }
}

/// What a part of the document should have been, in both languages; as
/// data, each has a code.
pub(crate) mod expected {
    use serde::{Deserialize as _, Deserializer, Serializer, de::Error as _};

    use crate::locale::Localized as L;

    macro_rules! expectations {
        ($($name:ident $code:literal ($zh:literal, $en:literal)),* $(,)?) => {
            $(pub const $name: L = L::new($zh, $en);)*
            const ALL: &[(&str, L)] = &[$(($code, $name)),*];
        };
    }

    expectations! {
        MAP "map" ("映射（map）", "a map"),
        TEXT "text" ("文本", "a text"),
        STRING "string" ("字符串", "a string"),
        INTEGER "integer" ("整数", "a whole number"),
        TIMESTAMP "timestamp" ("时间戳（毫秒）", "a timestamp in milliseconds"),
        PERSON "person" ("有效的人员 id", "a valid person id"),
        DEPARTMENTS "departments" ("部门 id 列表", "a list of department ids"),
        PEOPLE "people" ("人员 id 列表", "a list of person ids"),
        ROLE "role" ("owner、editor 或 viewer", "owner, editor or viewer"),
        ID "id" ("有效的 id", "a valid id"),
        CLASSIFICATION "classification" (
            "public、internal 或 confidential",
            "public, internal or confidential"
        ),
        ORDER_KEY "order-key" ("有效的排序键", "a valid order key"),
        DECISION "decision" ("approve 或 reject", "approve or reject"),
        TARGET "target" (
            "doc、field/<字段> 或 row/<表>/<行>",
            "doc, field/<field> or row/<table>/<row>"
        ),
        ROW_REF "row-ref" ("<表>/<行> 形式的行引用", "a row reference <table>/<row>"),
        HEADS "heads" ("十六进制变更哈希列表", "a list of hex change hashes"),
        TAGS "tags" ("至多 20 个标签", "at most 20 tags"),
        TAG "tag" (
            "1 到 30 个字符、值为 true 的标签",
            "a tag of 1 to 30 characters set to true"
        ),
        CUSTOM_FIELD "custom-field" (
            "有效的字段定义（名称 1 到 80 个字符，选项 1 到 200 个）",
            "a sound field definition (labels of 1 to 80 characters, 1 to 200 options)"
        ),
        CUSTOM_FIELDS "custom-fields" ("至多 100 个自定义字段", "at most 100 custom fields"),
        VERSION_NAME "version-name" (
            "1 到 80 个字符的版本名",
            "a version name of 1 to 80 characters"
        ),
    }

    /// The code; an expectation made elsewhere goes as its English text
    /// (which then reads back as no known expectation).
    pub fn serialize<S: Serializer>(what: &L, serializer: S) -> Result<S::Ok, S::Error> {
        let code = ALL
            .iter()
            .find(|(_, known)| known == what)
            .map_or(what.en, |(code, _)| code);
        serializer.serialize_str(code)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<L, D::Error> {
        let code = String::deserialize(deserializer)?;
        ALL.iter()
            .find(|(known, _)| *known == code)
            .map(|(_, what)| *what)
            .ok_or_else(|| D::Error::custom(format!("no expectation {code:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn violations_read_in_both_languages() {
        let v = Violation::malformed("meta.created_by", expected::PERSON);
        assert_eq!(
            v.message(Locale::En),
            "meta.created_by is not a valid person id"
        );
        assert_eq!(v.message(Locale::ZhCn), "meta.created_by 不是有效的人员 id");
    }

    #[test]
    fn violations_are_flat_data() {
        let v = Violation::malformed("meta.created_by", expected::PERSON);
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "violation": "malformed", "path": "meta.created_by", "expected": "person"
            })
        );
        assert_eq!(serde_json::from_value::<Violation>(json).unwrap(), v);
        let misfit = Violation::Misfit {
            path: "fields.budget".into(),
            reason: "wrong kind".into(),
        };
        let json = serde_json::to_value(&misfit).unwrap();
        assert_eq!(serde_json::from_value::<Violation>(json).unwrap(), misfit);
        let unknown = serde_json::json!({
            "violation": "malformed", "path": "x", "expected": "a colour"
        });
        assert!(serde_json::from_value::<Violation>(unknown).is_err());
    }
}
