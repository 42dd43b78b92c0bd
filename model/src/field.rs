use crate::locale::Localized;

/// One option of a single- or multiple-choice field. The id is what a
/// document stores, so renaming a label never changes stored data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChoiceOption {
    pub id: &'static str,
    pub label: Localized,
}

/// What a field holds, and so which editor the app shows for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// Character-merged Automerge Text.
    LongText,
    Number,
    Money,
    Date,
    DateTime,
    Person,
    People,
    Department,
    /// Several departments (who a notice goes to, who is involved). Kept apart
    /// from `Department` for the reason `People` is kept apart from `Person`:
    /// one value or a list is stored, and a row's department must be just one.
    Departments,
    SingleChoice(&'static [ChoiceOption]),
    MultipleChoice(&'static [ChoiceOption]),
    Checkbox,
    Attachment,
    /// A score from 1 to `max`.
    Rating {
        max: u8,
    },
    /// A link to another document or to a row in one.
    Link,
}

impl FieldKind {
    /// The options a choice field offers; empty for every other kind.
    pub fn options(&self) -> &'static [ChoiceOption] {
        match self {
            FieldKind::SingleChoice(options) | FieldKind::MultipleChoice(options) => options,
            _ => &[],
        }
    }
}

/// A field of a template's form part or of one of its tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDef {
    pub id: &'static str,
    pub label: Localized,
    pub kind: FieldKind,
    pub required: bool,
}

impl FieldDef {
    pub const fn new(id: &'static str, label: Localized, kind: FieldKind) -> Self {
        Self {
            id,
            label,
            kind,
            required: false,
        }
    }

    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }
}
