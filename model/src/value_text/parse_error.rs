use crate::locale::Localized as L;

/// Why typed text is not a value of the field's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("not a number")]
    NotANumber,
    #[error("not an amount with at most two decimals")]
    NotMoney,
    #[error("not a date")]
    NotADate,
    #[error("not a date and time")]
    NotADateTime,
    /// A person or department is named by its id, which has no blanks.
    #[error("not an id")]
    NotAnId,
    #[error("not a document id or document#row")]
    NotALink,
    #[error("not one of the field's options")]
    NotAnOption,
    #[error("not yes or no")]
    NotYesOrNo,
    #[error("not a rating of the field's scale")]
    NotARating,
}

impl ParseError {
    /// What the person is told, in both languages.
    pub fn text(self) -> L {
        match self {
            Self::NotANumber => L::new("请输入数字，例如 12.5", "Enter a number, e.g. 12.5"),
            Self::NotMoney => L::new(
                "请输入金额，最多两位小数，例如 1999.50",
                "Enter an amount with at most two decimals, e.g. 1999.50",
            ),
            Self::NotADate => L::new(
                "请输入有效日期，例如 2026-03-05",
                "Enter a valid date, e.g. 2026-03-05",
            ),
            Self::NotADateTime => L::new(
                "请输入有效的日期和时间，例如 2026-03-05 14:30",
                "Enter a valid date and time, e.g. 2026-03-05 14:30",
            ),
            Self::NotAnId => L::new(
                "请输入不含空格的名字或编号",
                "Enter a name or id without blanks",
            ),
            Self::NotALink => L::new(
                "请输入文档编号，可加 #行编号",
                "Enter a document id, optionally #row id",
            ),
            Self::NotAnOption => L::new("请选择列出的选项", "Choose one of the listed options"),
            Self::NotYesOrNo => L::new("请输入“是”或“否”", "Enter yes or no"),
            Self::NotARating => L::new("请输入评分范围内的数字", "Enter a rating within the scale"),
        }
    }
}
