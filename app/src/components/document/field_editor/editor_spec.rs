use concord_model::{CustomField, CustomOption, FieldDef, FieldKind, Label, Locale, Localized};

/// What an editor needs to know of its field, from the template (`FieldDef`)
/// or from the document's own custom fields, which carry owned labels and
/// options.
#[derive(Debug, Clone, PartialEq)]
pub struct EditorSpec {
    pub id: String,
    pub label: Label,
    pub kind: FieldKind,
    pub required: bool,
    /// The choice options; for template fields, the kind's own.
    pub options: Vec<CustomOption>,
}

impl EditorSpec {
    pub fn label(&self, locale: Locale) -> &str {
        self.label.shown(locale)
    }

    pub fn option_label(&self, id: &str, locale: Locale) -> String {
        self.options
            .iter()
            .find(|o| o.id == id)
            .map_or_else(|| id.to_owned(), |o| o.label.shown(locale).to_owned())
    }
}

fn label(text: Localized) -> Label {
    Label::new(text.get(Locale::ZhCn), text.get(Locale::En))
}

impl From<&'static FieldDef> for EditorSpec {
    fn from(def: &'static FieldDef) -> Self {
        Self {
            id: def.id.to_owned(),
            label: label(def.label),
            kind: def.kind,
            required: def.required,
            options: def
                .kind
                .options()
                .iter()
                .map(|o| CustomOption {
                    id: o.id.to_owned(),
                    label: label(o.label),
                })
                .collect(),
        }
    }
}

impl From<&CustomField> for EditorSpec {
    fn from(field: &CustomField) -> Self {
        Self {
            id: field.id.clone(),
            label: field.label.clone(),
            kind: field.kind.field_kind(),
            required: field.required,
            options: field.kind.options().to_vec(),
        }
    }
}

impl From<CustomField> for EditorSpec {
    fn from(field: CustomField) -> Self {
        Self::from(&field)
    }
}
