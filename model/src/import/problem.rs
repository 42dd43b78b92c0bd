use crate::{Locale, ParseError, locale::Localized as L};

/// Why one cell of a file cannot go into its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The text is not a value of the field's kind.
    Unreadable(ParseError),
    /// No one in the directory by this name or sign-in name (or more than
    /// one person shares the name).
    UnknownPerson(String),
    UnknownDepartment(String),
    /// A required field left empty, where new rows must bring it.
    Required,
    /// A formula the file kept no value for.
    NoCachedValue,
    /// A formula whose value is an error.
    ErrorValue,
}

impl Problem {
    /// What the person is told, in their language.
    pub fn text(&self, locale: Locale) -> String {
        let fixed = |zh: &'static str, en: &'static str| L::new(zh, en).get(locale).to_owned();
        match (self, locale) {
            (Self::Unreadable(e), _) => e.text().get(locale).to_owned(),
            (Self::UnknownPerson(name), Locale::ZhCn) => {
                format!("通讯录中找不到“{name}”（或有重名）：请写登录名")
            }
            (Self::UnknownPerson(name), Locale::En) => {
                format!(
                    "No one in the directory is called “{name}” (or several are): use the sign-in name"
                )
            }
            (Self::UnknownDepartment(name), Locale::ZhCn) => format!("没有“{name}”这个部门"),
            (Self::UnknownDepartment(name), Locale::En) => {
                format!("There is no department “{name}”")
            }
            (Self::Required, _) => fixed("必填，不能为空", "Required: it may not be empty"),
            (Self::NoCachedValue, _) => fixed(
                "公式没有保存计算结果：请在 Excel 中打开并保存后再导入",
                "The formula has no saved result: open and save the file in Excel, then import it",
            ),
            (Self::ErrorValue, _) => {
                fixed("公式的结果是错误值", "The formula's result is an error")
            }
        }
    }
}

/// A problem at a column of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    /// None: no column goes into the field.
    pub column: Option<usize>,
    /// The field the column goes into.
    pub field: String,
    pub problem: Problem,
}
