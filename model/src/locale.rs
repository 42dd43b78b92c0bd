use serde::{Deserialize, Serialize};

/// A language the product ships in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::En];

    /// The BCP 47 tag, as used for `<html lang>` and stored preferences.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    /// The other shipped language.
    pub fn other(self) -> Locale {
        match self {
            Locale::ZhCn => Locale::En,
            Locale::En => Locale::ZhCn,
        }
    }

    /// The locale a single BCP 47 tag asks for, if we ship it.
    ///
    /// Every Chinese tag maps to Simplified Chinese: it is the only Chinese we
    /// ship, and a Traditional-Chinese reader understands it better than English.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Locale::ZhCn),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The first shipped locale in a browser's ordered preference list;
    /// English when none of them is shipped.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Locale {
        preferred
            .into_iter()
            .find_map(Locale::from_tag)
            .unwrap_or(Locale::En)
    }
}

/// A text given in every shipped language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Localized {
    pub zh_cn: &'static str,
    pub en: &'static str,
}

impl Localized {
    pub const fn new(zh_cn: &'static str, en: &'static str) -> Self {
        Self { zh_cn, en }
    }

    pub fn get(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::ZhCn => self.zh_cn,
            Locale::En => self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_tags_of_any_region_or_script_pick_simplified_chinese() {
        for tag in ["zh", "zh-CN", "zh-Hans", "zh-TW", "zh_HK", "ZH-cn"] {
            assert_eq!(Locale::from_tag(tag), Some(Locale::ZhCn), "{tag}");
        }
    }

    #[test]
    fn unknown_and_malformed_tags_are_not_shipped() {
        for tag in ["fr", "de-DE", "", "-", "zhx", "e"] {
            assert_eq!(Locale::from_tag(tag), None, "{tag}");
        }
    }

    #[test]
    fn negotiation_takes_the_first_shipped_preference() {
        assert_eq!(Locale::negotiate(["fr-FR", "zh-CN", "en"]), Locale::ZhCn);
        assert_eq!(Locale::negotiate(["en-GB", "zh"]), Locale::En);
    }

    #[test]
    fn negotiation_falls_back_to_english() {
        assert_eq!(Locale::negotiate(["fr", "ja"]), Locale::En);
        assert_eq!(Locale::negotiate(std::iter::empty()), Locale::En);
    }

    #[test]
    fn tags_round_trip() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
    }

    #[test]
    fn serialises_as_its_tag() {
        assert_eq!(serde_json::to_string(&Locale::ZhCn).unwrap(), "\"zh-CN\"");
        let parsed: Locale = serde_json::from_str("\"en\"").unwrap();
        assert_eq!(parsed, Locale::En);
    }
}
