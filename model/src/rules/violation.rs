use crate::locale::{Locale, Localized};

/// One way a document breaks its schema or its template, with the path of
/// the part at fault (`fields.budget`, `tables.tasks.<row>.order`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    #[error("{path} is missing")]
    Missing { path: String },
    #[error("{path} is not {}", expected.en)]
    Malformed { path: String, expected: Localized },
    #[error("{path} is not part of the document's schema or template")]
    Unknown { path: String },
    #[error("document schema {found} is not supported")]
    UnsupportedSchema { found: String },
    #[error("no built-in template has the id {id}")]
    UnknownTemplate { id: String },
    #[error("the template has no state {state}")]
    UnknownState { state: String },
    #[error("{path} does not fit its field: {reason}")]
    Misfit { path: String, reason: &'static str },
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

/// What a part of the document should have been, in both languages.
pub(crate) mod expected {
    use crate::locale::Localized as L;

    pub const MAP: L = L::new("映射（map）", "a map");
    pub const TEXT: L = L::new("文本", "a text");
    pub const STRING: L = L::new("字符串", "a string");
    pub const INTEGER: L = L::new("整数", "a whole number");
    pub const TIMESTAMP: L = L::new("时间戳（毫秒）", "a timestamp in milliseconds");
    pub const PERSON: L = L::new("有效的人员 id", "a valid person id");
    pub const DEPARTMENTS: L = L::new("部门 id 列表", "a list of department ids");
    pub const PEOPLE: L = L::new("人员 id 列表", "a list of person ids");
    pub const ROLE: L = L::new("owner、editor 或 viewer", "owner, editor or viewer");
    pub const ID: L = L::new("有效的 id", "a valid id");
    pub const CLASSIFICATION: L = L::new(
        "public、internal 或 confidential",
        "public, internal or confidential",
    );
    pub const ORDER_KEY: L = L::new("有效的排序键", "a valid order key");
    pub const DECISION: L = L::new("approve 或 reject", "approve or reject");
    pub const TARGET: L = L::new(
        "doc、field/<字段> 或 row/<表>/<行>",
        "doc, field/<field> or row/<table>/<row>",
    );
    pub const ROW_REF: L = L::new("<表>/<行> 形式的行引用", "a row reference <table>/<row>");
    pub const HEADS: L = L::new("十六进制变更哈希列表", "a list of hex change hashes");
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
}
