use concord_api::ErrorCode;
use concord_model::{Locale, Localized as L};

/// Why a call to the relay did not give what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// The relay answered with a failure (`concord_api::Failure`).
    #[error("the relay answered {status} {code:?}: {message}")]
    Failed {
        status: u16,
        code: ErrorCode,
        message: String,
        /// From `Retry-After` (throttling).
        retry_after_s: Option<u64>,
    },
    /// The relay could not be reached (offline, or the connection failed).
    #[error("the relay could not be reached: {0}")]
    Unreachable(String),
    /// The relay answered, but not what this app reads.
    #[error("the relay's answer does not read: {0}")]
    BadAnswer(String),
}

impl CallError {
    /// The relay's error code, if it answered with one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Failed { code, .. } => Some(*code),
            Self::Unreachable(_) | Self::BadAnswer(_) => None,
        }
    }

    /// The session is gone (or never was): the person must sign in.
    pub fn is_signed_out(&self) -> bool {
        matches!(
            self,
            Self::Failed {
                status: 401,
                code: ErrorCode::SignedOut,
                ..
            }
        )
    }

    /// What to tell the person, in their language. The relay's English
    /// message is said only where it carries what no fixed text can (a
    /// sheet's fault, to an English reader) or for a code this app does
    /// not know.
    pub fn describe(&self, locale: Locale) -> String {
        let fixed = |zh: &'static str, en: &'static str| L::new(zh, en).get(locale).to_owned();
        match self {
            Self::Failed {
                status,
                code,
                message,
                retry_after_s,
            } => match code {
                ErrorCode::Throttled => match (locale, retry_after_s) {
                    (Locale::ZhCn, Some(s)) => format!("尝试次数过多，请在 {s} 秒后再试。"),
                    (Locale::En, Some(s)) => {
                        format!("Too many attempts. Try again in {s} seconds.")
                    }
                    _ => fixed(
                        "尝试次数过多，请稍后再试。",
                        "Too many attempts. Try again later.",
                    ),
                },
                ErrorCode::WrongCredentials => {
                    fixed("登录名或密码不正确。", "Wrong sign-in name or password.")
                }
                ErrorCode::Disabled => fixed(
                    "此账户已停用，请联系管理员。",
                    "This account is disabled. Ask an admin.",
                ),
                ErrorCode::SignedOut => fixed("请先登录。", "Please sign in."),
                ErrorCode::Forbidden => fixed("您没有权限执行此操作。", "You may not do this."),
                ErrorCode::BadSetupToken => fixed(
                    "设置链接无效。请使用服务器启动时打印的链接。",
                    "The setup link is not valid. Use the link the relay printed when it started.",
                ),
                ErrorCode::SetupDone => fixed(
                    "此工作区已经设置过管理员。",
                    "This workspace already has an admin.",
                ),
                ErrorCode::WeakPassword => fixed(
                    "密码至少需要 10 个字符。",
                    "The password needs at least 10 characters.",
                ),
                ErrorCode::PasswordTooLong => fixed("密码太长。", "The password is too long."),
                ErrorCode::BadName => fixed(
                    "登录名不能包含空格或特殊字符。",
                    "The sign-in name may not contain blanks or special characters.",
                ),
                ErrorCode::NoDisplayName => fixed("请填写显示名称。", "A display name is needed."),
                ErrorCode::NoName => fixed("请填写名称。", "A name is needed."),
                ErrorCode::NameTaken => fixed("这个名字已被使用。", "This name is taken."),
                ErrorCode::UnknownDepartment => {
                    fixed("没有这个部门。", "There is no such department.")
                }
                ErrorCode::UnknownOrg => fixed(
                    "没有这个合作组织。",
                    "There is no such partner organisation.",
                ),
                ErrorCode::NoSuchPerson => fixed("没有这个人员。", "There is no such person."),
                ErrorCode::HashMismatch => fixed(
                    "文件在传输中出错，请重新添加。",
                    "The file was damaged on its way; attach it again.",
                ),
                ErrorCode::NoSuchFile => fixed(
                    "服务器上还没有这个文件：添加它的人上线后会上传。",
                    "The relay does not have this file yet: it uploads once whoever attached it is online.",
                ),
                ErrorCode::NoSuchDocument => fixed(
                    "没有这个文档，或您无权查看。",
                    "There is no such document, or you may not read it.",
                ),
                ErrorCode::BadSuperior => fixed(
                    "不能设为直属上级：须是本公司在职员工，不能是本人或其下属。",
                    "That person cannot be the direct superior: choose an active staff member who is neither this person nor one of their reports.",
                ),
                ErrorCode::InviteInvalid => fixed(
                    "邀请链接无效、已使用、已撤销或已过期。",
                    "This invite link is unknown, used, revoked or expired.",
                ),
                ErrorCode::BadValidity => fixed(
                    "邀请的有效期为 1 到 720 小时。",
                    "An invite lasts from 1 to 720 hours.",
                ),
                ErrorCode::LastAdmin => fixed(
                    "不能这样做：工作区将没有管理员。",
                    "Not possible: the workspace would have no admin left.",
                ),
                ErrorCode::BadDay => fixed(
                    "日期无效，请按 年-月-日 填写（如 2026-10-01）。",
                    "Not a valid date: write it as YYYY-MM-DD (e.g. 2026-10-01).",
                ),
                ErrorCode::UnknownZone => fixed(
                    "没有这个时区，请使用如 Asia/Shanghai 的时区名称。",
                    "There is no such time zone: use a name such as Asia/Shanghai.",
                ),
                ErrorCode::DayAlreadyMarked => fixed(
                    "这一天已经标记过；要更改，请先移除原标记。",
                    "This day is already marked; remove its mark first to change it.",
                ),
                ErrorCode::DayNotMarked => fixed(
                    "这一天没有标记，无需移除。",
                    "This day is not marked, so there is nothing to remove.",
                ),
                ErrorCode::TooLarge => fixed(
                    "内容太大，服务器不接受。",
                    "This is too large for the relay to take.",
                ),
                ErrorCode::NotASpreadsheet => fixed(
                    "无法读取此文件：请选择 .xlsx 或 .csv 文件（旧版 .xls 请在 Excel 中另存为 .xlsx）。",
                    "This file cannot be read: choose an .xlsx or .csv file (save an old .xls as .xlsx in Excel).",
                ),
                ErrorCode::PasswordProtected => fixed(
                    "此工作簿设有密码：请在 Excel 中取消密码后保存，再导入。",
                    "This workbook has a password: remove it in Excel, save, then import.",
                ),
                ErrorCode::TooManyRows => fixed(
                    "文件超过 5000 行：请拆分成几个文件分别导入。",
                    "The file has more than 5,000 rows: split it into several files.",
                ),
                ErrorCode::TooManyColumns => fixed(
                    "文件超过 200 列：请删去多余的列后再导入。",
                    "The file has more than 200 columns: remove the extra columns, then import.",
                ),
                ErrorCode::EmptyFile => fixed("文件中没有任何内容。", "The file holds no cells."),
                ErrorCode::NoSuchSheet => fixed(
                    "工作簿中没有这个工作表。",
                    "The workbook has no such sheet.",
                ),
                ErrorCode::BadSheet => match locale {
                    Locale::ZhCn => "这些内容无法写成 Excel 文件。".to_owned(),
                    Locale::En => {
                        format!("These contents cannot be written as an Excel file: {message}.")
                    }
                },
                ErrorCode::BadSubtemplate => match locale {
                    Locale::ZhCn => "无法共享此子模板：名称或字段定义不符合要求（名称 1 到 80 个字符，至多 100 个字段、每个选择字段至多 200 个选项）。".to_owned(),
                    Locale::En => format!("This sub-template cannot be shared: {message}."),
                },
                ErrorCode::Internal => fixed(
                    "服务器出了问题，请稍后再试。",
                    "The relay ran into trouble. Try again later.",
                ),
                // A code from a newer relay: its own words, or at least the
                // status when it gave none (a proxy's page, a 405).
                ErrorCode::Unknown if message.trim().is_empty() => format!(
                    "{} (HTTP {status})",
                    L::new("服务器拒绝了请求。", "The relay refused the request.").get(locale)
                ),
                ErrorCode::Unknown => message.clone(),
            },
            Self::Unreachable(_) => fixed(
                "无法连接服务器。请检查网络后重试。",
                "The relay cannot be reached. Check the network and try again.",
            ),
            Self::BadAnswer(detail) => format!(
                "{} ({detail})",
                L::new(
                    "服务器的回答无法读取。",
                    "The relay's answer does not read."
                )
                .get(locale)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(
        status: u16,
        code: ErrorCode,
        message: &str,
        retry_after_s: Option<u64>,
    ) -> CallError {
        CallError::Failed {
            status,
            code,
            message: message.into(),
            retry_after_s,
        }
    }

    #[test]
    fn throttling_names_the_seconds() {
        let throttled = |s| failed(429, ErrorCode::Throttled, "too many", s);
        assert!(
            throttled(Some(30))
                .describe(Locale::En)
                .contains("30 seconds")
        );
        assert!(throttled(Some(7)).describe(Locale::ZhCn).contains("7 秒"));
        assert!(throttled(None).describe(Locale::ZhCn).contains("稍后"));
    }

    #[test]
    fn only_signed_out_means_sign_in_again() {
        assert!(failed(401, ErrorCode::SignedOut, "", None).is_signed_out());
        assert!(!failed(401, ErrorCode::WrongCredentials, "", None).is_signed_out());
        assert!(!CallError::Unreachable("x".into()).is_signed_out());
    }

    #[test]
    fn a_known_code_reads_in_chinese_and_an_unknown_one_says_at_least_its_status() {
        assert_eq!(
            failed(
                404,
                ErrorCode::NoSuchPerson,
                "there is no person \"x\"",
                None
            )
            .describe(Locale::ZhCn),
            "没有这个人员。"
        );
        let unknown = |message: &str| failed(405, ErrorCode::Unknown, message, None);
        assert_eq!(
            unknown("").describe(Locale::En),
            "The relay refused the request. (HTTP 405)"
        );
        assert!(unknown(" ").describe(Locale::ZhCn).contains("HTTP 405"));
        assert_eq!(unknown("no room").describe(Locale::En), "no room");
    }
}
