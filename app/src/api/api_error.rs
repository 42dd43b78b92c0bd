use concord_model::{Locale, Localized as L};

/// Why a call to the relay did not give what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The relay answered with an error (`{"error": code, "message": text}`).
    #[error("the relay answered {status} {code}: {message}")]
    Refused {
        status: u16,
        code: String,
        message: String,
        /// From `Retry-After`, else the first number in `message` (throttling).
        retry_after_s: Option<u64>,
    },
    /// The relay could not be reached (offline, or the connection failed).
    #[error("the relay could not be reached: {0}")]
    Unreachable(String),
    /// The relay answered, but not what this app reads.
    #[error("the relay's answer does not read: {0}")]
    BadAnswer(String),
}

impl ApiError {
    /// The relay's error code, if it answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Refused { code, .. } => Some(code),
            Self::Unreachable(_) | Self::BadAnswer(_) => None,
        }
    }

    /// The session is gone (or never was): the person must sign in.
    pub fn is_signed_out(&self) -> bool {
        matches!(self, Self::Refused { status: 401, code, .. } if code == "signed-out")
    }

    /// What to tell the person, in their language; the relay's English
    /// message is only a fallback for codes this app does not know.
    pub fn describe(&self, locale: Locale) -> String {
        let fixed = |zh: &'static str, en: &'static str| L::new(zh, en).get(locale).to_owned();
        match self {
            Self::Refused {
                status,
                code,
                message,
                retry_after_s,
            } => match code.as_str() {
                "throttled" => match (locale, retry_after_s) {
                    (Locale::ZhCn, Some(s)) => format!("尝试次数过多，请在 {s} 秒后再试。"),
                    (Locale::En, Some(s)) => {
                        format!("Too many attempts. Try again in {s} seconds.")
                    }
                    _ => fixed(
                        "尝试次数过多，请稍后再试。",
                        "Too many attempts. Try again later.",
                    ),
                },
                "wrong-credentials" => {
                    fixed("登录名或密码不正确。", "Wrong sign-in name or password.")
                }
                "disabled" => fixed(
                    "此账户已停用，请联系管理员。",
                    "This account is disabled. Ask an admin.",
                ),
                "signed-out" => fixed("请先登录。", "Please sign in."),
                "forbidden" => fixed("您没有权限执行此操作。", "You may not do this."),
                "bad-setup-token" => fixed(
                    "设置链接无效。请使用服务器启动时打印的链接。",
                    "The setup link is not valid. Use the link the relay printed when it started.",
                ),
                "setup-done" => fixed(
                    "此工作区已经设置过管理员。",
                    "This workspace already has an admin.",
                ),
                "weak-password" => fixed(
                    "密码至少需要 10 个字符。",
                    "The password needs at least 10 characters.",
                ),
                "bad-name" => fixed(
                    "登录名不能包含空格或特殊字符。",
                    "The sign-in name may not contain blanks or special characters.",
                ),
                "name-taken" => fixed("这个名字已被使用。", "This name is taken."),
                "invite-invalid" => fixed(
                    "邀请链接无效、已使用、已撤销或已过期。",
                    "This invite link is unknown, used, revoked or expired.",
                ),
                "last-admin" => fixed(
                    "不能这样做：工作区将没有管理员。",
                    "Not possible: the workspace would have no admin left.",
                ),
                "too-large" => fixed(
                    "内容太大，服务器不接受。",
                    "This is too large for the relay to take.",
                ),
                // A code this app does not know: the relay's own words, or
                // at least the status when it gave none (a proxy, a 405).
                _ if message.trim().is_empty() => format!(
                    "{} (HTTP {status})",
                    L::new("服务器拒绝了请求。", "The relay refused the request.").get(locale)
                ),
                _ => message.clone(),
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

/// The first whole number in a text ("try again in 42 seconds" → 42).
pub fn first_number(text: &str) -> Option<u64> {
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttled(retry_after_s: Option<u64>) -> ApiError {
        ApiError::Refused {
            status: 429,
            code: "throttled".into(),
            message: "too many attempts; try again in 30 seconds".into(),
            retry_after_s,
        }
    }

    #[test]
    fn throttling_names_the_seconds() {
        assert_eq!(first_number("try again in 30 seconds"), Some(30));
        assert_eq!(first_number("no digits"), None);
        assert!(
            throttled(Some(30))
                .describe(Locale::En)
                .contains("30 seconds")
        );
        assert!(throttled(Some(7)).describe(Locale::ZhCn).contains("7 秒"));
    }

    #[test]
    fn only_signed_out_means_sign_in_again() {
        let signed_out = ApiError::Refused {
            status: 401,
            code: "signed-out".into(),
            message: String::new(),
            retry_after_s: None,
        };
        assert!(signed_out.is_signed_out());
        assert!(!throttled(None).is_signed_out());
        assert!(!ApiError::Unreachable("x".into()).is_signed_out());
    }

    #[test]
    fn an_unknown_refusal_says_at_least_its_status() {
        let refused = |message: &str| ApiError::Refused {
            status: 405,
            code: "http-405".into(),
            message: message.into(),
            retry_after_s: None,
        };
        assert_eq!(
            refused("").describe(Locale::En),
            "The relay refused the request. (HTTP 405)"
        );
        assert!(refused(" ").describe(Locale::ZhCn).contains("HTTP 405"));
        assert_eq!(
            refused("no such sheet").describe(Locale::En),
            "no such sheet"
        );
    }
}
