//! Fields a document adds to its template. Unlike `FieldDef`, which is
//! `'static` library data, these are owned: they are read out of documents
//! and out of user-defined sub-templates.

use rand_core::RngCore;
use serde::{Deserialize, Serialize};

use crate::document::{Value, misfit_with};
use crate::{field::FieldKind, locale::Locale};

/// The longest label (a field's, an option's, a sub-template's name), in
/// characters, in either language: a hostile definition stays readable and
/// a document stays small.
pub const LABEL_MAX: usize = 80;
/// The most options one choice field offers.
pub const OPTIONS_MAX: usize = 200;
/// The most custom fields one document (or sub-template) adds.
pub const CUSTOM_FIELDS_MAX: usize = 100;
/// The highest rating a custom rating field may ask for.
pub const RATING_MAX: u8 = 10;
/// The longest field or option id, in bytes.
pub const ID_MAX: usize = 64;

/// A label in both shipped languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
    pub en: String,
}

impl Label {
    pub fn new(zh_cn: &str, en: &str) -> Self {
        Self {
            zh_cn: zh_cn.to_owned(),
            en: en.to_owned(),
        }
    }

    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhCn => &self.zh_cn,
            Locale::En => &self.en,
        }
    }

    /// The label in `locale`, or the other language's where this one is
    /// empty (a person may name a field in their language only).
    pub fn shown(&self, locale: Locale) -> &str {
        match self.get(locale) {
            "" => self.get(locale.other()),
            label => label,
        }
    }

    /// Why this label cannot name a field, if it cannot: both languages
    /// empty, one longer than `LABEL_MAX`, or control characters (a line
    /// break or an escape sequence in a label would garble every screen).
    pub fn problem(&self) -> Option<&'static str> {
        let (zh, en) = (self.zh_cn.trim(), self.en.trim());
        if zh.is_empty() && en.is_empty() {
            return Some("a label is empty in both languages");
        }
        if [zh, en].iter().any(|l| l.chars().count() > LABEL_MAX) {
            return Some("a label is too long");
        }
        if [zh, en].iter().any(|l| l.chars().any(char::is_control)) {
            return Some("a label has control characters");
        }
        None
    }
}

/// One option of a custom choice field; the id is what values store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomOption {
    pub id: String,
    pub label: Label,
}

/// The kind of a custom field: `FieldKind` with owned choice options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomKind {
    Text,
    LongText,
    Number,
    Money,
    Date,
    DateTime,
    Person,
    People,
    Department,
    Departments,
    SingleChoice { options: Vec<CustomOption> },
    MultipleChoice { options: Vec<CustomOption> },
    Checkbox,
    Attachment,
    Rating { max: u8 },
    Link,
}

impl CustomKind {
    /// The name stored in a document's `custom_fields.<id>.kind`.
    pub fn name(&self) -> &'static str {
        match self {
            CustomKind::Text => "text",
            CustomKind::LongText => "long_text",
            CustomKind::Number => "number",
            CustomKind::Money => "money",
            CustomKind::Date => "date",
            CustomKind::DateTime => "date_time",
            CustomKind::Person => "person",
            CustomKind::People => "people",
            CustomKind::Department => "department",
            CustomKind::Departments => "departments",
            CustomKind::SingleChoice { .. } => "single_choice",
            CustomKind::MultipleChoice { .. } => "multiple_choice",
            CustomKind::Checkbox => "checkbox",
            CustomKind::Attachment => "attachment",
            CustomKind::Rating { .. } => "rating",
            CustomKind::Link => "link",
        }
    }

    /// The kind a stored name, options and rating maximum describe; None for
    /// an unknown name or a rating without a usable maximum.
    pub fn from_parts(name: &str, options: Vec<CustomOption>, max: Option<u8>) -> Option<Self> {
        Some(match name {
            "text" => CustomKind::Text,
            "long_text" => CustomKind::LongText,
            "number" => CustomKind::Number,
            "money" => CustomKind::Money,
            "date" => CustomKind::Date,
            "date_time" => CustomKind::DateTime,
            "person" => CustomKind::Person,
            "people" => CustomKind::People,
            "department" => CustomKind::Department,
            "departments" => CustomKind::Departments,
            "single_choice" => CustomKind::SingleChoice { options },
            "multiple_choice" => CustomKind::MultipleChoice { options },
            "checkbox" => CustomKind::Checkbox,
            "attachment" => CustomKind::Attachment,
            "rating" => CustomKind::Rating {
                max: max.filter(|m| *m >= 1)?,
            },
            "link" => CustomKind::Link,
            _ => return None,
        })
    }

    /// The equivalent `FieldKind`, whose choice variants carry no options:
    /// check option ids against `options()` instead.
    pub fn field_kind(&self) -> FieldKind {
        match self {
            CustomKind::Text => FieldKind::Text,
            CustomKind::LongText => FieldKind::LongText,
            CustomKind::Number => FieldKind::Number,
            CustomKind::Money => FieldKind::Money,
            CustomKind::Date => FieldKind::Date,
            CustomKind::DateTime => FieldKind::DateTime,
            CustomKind::Person => FieldKind::Person,
            CustomKind::People => FieldKind::People,
            CustomKind::Department => FieldKind::Department,
            CustomKind::Departments => FieldKind::Departments,
            CustomKind::SingleChoice { .. } => FieldKind::SingleChoice(&[]),
            CustomKind::MultipleChoice { .. } => FieldKind::MultipleChoice(&[]),
            CustomKind::Checkbox => FieldKind::Checkbox,
            CustomKind::Attachment => FieldKind::Attachment,
            CustomKind::Rating { max } => FieldKind::Rating { max: *max },
            CustomKind::Link => FieldKind::Link,
        }
    }

    pub fn options(&self) -> &[CustomOption] {
        match self {
            CustomKind::SingleChoice { options } | CustomKind::MultipleChoice { options } => {
                options
            }
            _ => &[],
        }
    }
}

/// A field one document (or one sub-template) adds to its template: to the
/// form part when `table` is None, else to that table's rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomField {
    pub id: String,
    pub label: Label,
    pub kind: CustomKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub table: Option<String>,
}

impl CustomField {
    /// Why `value` does not fit this field, if it does not: the check
    /// `set_field`/`set_cell` make, for callers validating changes.
    pub fn misfit(&self, value: &Value) -> Option<&'static str> {
        let options = self.kind.options();
        misfit_with(&self.kind.field_kind(), value, &|id| {
            options.iter().any(|o| o.id == id)
        })
    }

    /// Why this definition cannot be a field, if it cannot: its id, its
    /// label, its options (at least one, at most `OPTIONS_MAX`, distinct
    /// ids, each labelled) and a rating's maximum. Where it sits (its table,
    /// a clash with the template) is the document's to judge.
    pub fn problem(&self) -> Option<&'static str> {
        if !is_field_id(&self.id) {
            return Some("the id is empty, too long or has blanks");
        }
        if let Some(problem) = self.label.problem() {
            return Some(problem);
        }
        let is_choice = matches!(
            self.kind,
            CustomKind::SingleChoice { .. } | CustomKind::MultipleChoice { .. }
        );
        let options = self.kind.options();
        if is_choice && options.is_empty() {
            return Some("a choice field needs options");
        }
        if options.len() > OPTIONS_MAX {
            return Some("a choice field has too many options");
        }
        let ids: std::collections::BTreeSet<&str> = options.iter().map(|o| o.id.as_str()).collect();
        if ids.len() != options.len() || !options.iter().all(|o| is_field_id(&o.id)) {
            return Some("a choice field needs options with distinct ids");
        }
        if let Some(problem) = options.iter().find_map(|o| o.label.problem()) {
            return Some(problem);
        }
        match self.kind {
            CustomKind::Rating { max: 0 } => Some("a rating needs a maximum of at least 1"),
            CustomKind::Rating { max } if max > RATING_MAX => {
                Some("a rating's maximum is too high")
            }
            _ => None,
        }
    }

    /// A fresh field id, `cf-` and 16 random bytes in hex, so fields added on
    /// two replicas offline never collide with each other or with a
    /// template's own ids.
    pub fn random_id(rng: &mut impl RngCore) -> String {
        let mut bytes = [0u8; 16];
        rng.fill_bytes(&mut bytes);
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        format!("cf-{hex}")
    }
}

/// An id a field or an option may have: not empty, at most `ID_MAX`
/// bytes, no blanks or control characters.
pub(crate) fn is_field_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= ID_MAX && !id.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_round_trip() {
        let options = vec![CustomOption {
            id: "a".into(),
            label: Label::new("甲", "A"),
        }];
        let kinds = [
            CustomKind::Text,
            CustomKind::LongText,
            CustomKind::Number,
            CustomKind::Money,
            CustomKind::Date,
            CustomKind::DateTime,
            CustomKind::Person,
            CustomKind::People,
            CustomKind::Department,
            CustomKind::Departments,
            CustomKind::SingleChoice {
                options: options.clone(),
            },
            CustomKind::MultipleChoice {
                options: options.clone(),
            },
            CustomKind::Checkbox,
            CustomKind::Attachment,
            CustomKind::Rating { max: 5 },
            CustomKind::Link,
        ];
        for kind in kinds {
            let max = match kind {
                CustomKind::Rating { max } => Some(max),
                _ => None,
            };
            let back = CustomKind::from_parts(kind.name(), kind.options().to_vec(), max);
            assert_eq!(back, Some(kind));
        }
        assert_eq!(CustomKind::from_parts("rating", vec![], Some(0)), None);
        let field = CustomField {
            id: "cf".into(),
            label: Label::new("等级", "Grade"),
            kind: CustomKind::SingleChoice { options },
            required: false,
            table: None,
        };
        assert_eq!(field.misfit(&Value::Choice("a".into())), None);
        assert_eq!(
            field.misfit(&Value::Choice("z".into())),
            Some("no such option")
        );
        assert_eq!(field.misfit(&Value::Number(1.0)), Some("wrong kind"));
        assert_eq!(CustomKind::from_parts("formula", vec![], None), None);
    }

    fn text(label: Label) -> CustomField {
        CustomField {
            id: "cf-x".into(),
            label,
            kind: CustomKind::Text,
            required: false,
            table: None,
        }
    }

    #[test]
    fn hostile_definitions_have_a_problem() {
        // Emoji, right-to-left text and one language alone are fine.
        for label in [
            Label::new("🎉 预算", ""),
            Label::new("", "مرحبا"),
            Label::new(&"长".repeat(LABEL_MAX), "x"),
        ] {
            assert_eq!(text(label).problem(), None);
        }
        for label in [
            Label::new(" ", ""),
            Label::new(&"长".repeat(LABEL_MAX + 1), "x"),
            Label::new("a\nb", "x"),
            Label::new("x", "\u{1b}[31m"),
        ] {
            assert!(text(label).problem().is_some());
        }
        let mut field = text(Label::new("x", "x"));
        field.id = "cf-".repeat(30);
        assert!(field.problem().is_some());
        let option = |i: usize| CustomOption {
            id: format!("o{i}"),
            label: Label::new(&format!("选项{i}"), ""),
        };
        let mut field = text(Label::new("选", "Pick"));
        field.kind = CustomKind::MultipleChoice {
            options: (0..OPTIONS_MAX).map(option).collect(),
        };
        assert_eq!(field.problem(), None);
        field.kind = CustomKind::MultipleChoice {
            options: (0..=OPTIONS_MAX).map(option).collect(),
        };
        assert_eq!(field.problem(), Some("a choice field has too many options"));
        field.kind = CustomKind::SingleChoice {
            options: vec![option(1), option(1)],
        };
        assert!(field.problem().is_some());
        field.kind = CustomKind::Rating {
            max: RATING_MAX + 1,
        };
        assert!(field.problem().is_some());
        assert_eq!(Label::new("", "Budget").shown(Locale::ZhCn), "Budget");
    }
}
