//! User-defined sub-templates (专用子模板) derived from a built-in template.
//!
//! Built-in `Template`s are `'static` library data that the relay and every
//! client share. A sub-template is not: users define it, so it is owned,
//! serde data. Rather than a second, owned `Template` type, a document made
//! from a sub-template is a document of the *base* template (`meta.template_id`
//! stays the base id, so every rule, workflow and validation of the base
//! applies unchanged) whose extra fields are written into its own
//! `custom_fields` at creation, and whose `meta.subtemplate` records which
//! sub-template (id, version, names, hidden fields) it came from. The
//! document thus carries everything needed to read it, even where the
//! sub-template definition is unknown. Extra tables are not supported:
//! tables, like workflows, are the base template's.

use serde::{Deserialize, Serialize};

use crate::{custom_field::CustomField, custom_field::Label, library::find_template};
use crate::{document::DocError, template::Template};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DerivedTemplate {
    pub id: String,
    /// Bumped whenever the definition changes.
    pub version: u32,
    /// The built-in template it derives from.
    pub base: String,
    pub name: Label,
    /// Added to the form (no `table`) or to one of the base's tables.
    #[serde(default)]
    pub extra_fields: Vec<CustomField>,
    /// Optional base fields the app does not show for this sub-template.
    #[serde(default)]
    pub hidden: Vec<String>,
}

impl DerivedTemplate {
    /// The base template, once the definition is checked: a known base, no
    /// hidden field that is unknown or required (a document could then never
    /// be complete). Extra fields are checked as they are added.
    pub fn base_template(&self) -> Result<&'static Template, DocError> {
        let base = find_template(&self.base)
            .ok_or_else(|| DocError::UnknownTemplate(self.base.clone()))?;
        for id in &self.hidden {
            match base.all_fields().find(|f| f.id == id) {
                Some(f) if !f.required => {}
                Some(_) => return Err(DocError::InvalidSubtemplate("a required field is hidden")),
                None => return Err(DocError::InvalidSubtemplate("a hidden field is unknown")),
            }
        }
        Ok(base)
    }
}

/// What a document records of the sub-template it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubtemplateRef {
    pub id: String,
    pub version: u32,
    pub name: Label,
    pub hidden: Vec<String>,
}
