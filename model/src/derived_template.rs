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

use std::collections::BTreeSet;

use crate::access::{Affiliation, DeptId, Person, PersonId, Refusal};
use crate::custom_field::{CUSTOM_FIELDS_MAX, CustomField, Label};
use crate::{document::DocError, library::find_template, template::Template};

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

    /// The base template, once the whole definition is checked: its name,
    /// and extra fields that are each sound, distinct, at most
    /// `CUSTOM_FIELDS_MAX`, and placed where the base has room for them.
    /// What the relay asks of a definition before it shares it.
    pub fn checked(&self) -> Result<&'static Template, DocError> {
        let base = self.base_template()?;
        if let Some(reason) = self.name.problem() {
            return Err(DocError::InvalidSubtemplate(reason));
        }
        if self.extra_fields.len() > CUSTOM_FIELDS_MAX {
            return Err(DocError::InvalidSubtemplate("too many extra fields"));
        }
        let ids: BTreeSet<&str> = self.extra_fields.iter().map(|f| f.id.as_str()).collect();
        if ids.len() != self.extra_fields.len() {
            return Err(DocError::InvalidSubtemplate("two extra fields share an id"));
        }
        for field in &self.extra_fields {
            if let Some(reason) = field.problem() {
                return Err(DocError::InvalidSubtemplate(reason));
            }
            let clash = match &field.table {
                None => base.field(&field.id).is_some(),
                Some(table) => base
                    .table(table)
                    .is_none_or(|t| t.fields.iter().any(|f| f.id == field.id)),
            };
            if clash {
                return Err(DocError::InvalidSubtemplate(
                    "an extra field clashes with the base or names no table of it",
                ));
            }
        }
        Ok(base)
    }
}

/// Who a team sub-template is for: every staff member of the workspace, or
/// the members of one department. Partners see none: a sub-template is the
/// workspace's own way of working.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum SharedWith {
    Workspace,
    Department(DeptId),
}

impl SharedWith {
    /// May `person` see and use a sub-template `made_by` shared with this
    /// audience? Its maker always may, while staff.
    pub fn reaches(&self, person: &Person, made_by: &PersonId) -> bool {
        if person.affiliation != Affiliation::Staff {
            return false;
        }
        match self {
            SharedWith::Workspace => true,
            SharedWith::Department(dept) => {
                &person.id == made_by || person.departments.contains(dept)
            }
        }
    }

    /// May `person` share a sub-template with this audience? Staff share with
    /// the workspace or with a department they belong to.
    pub fn may_share(&self, person: &Person) -> Result<(), Refusal> {
        if person.affiliation != Affiliation::Staff {
            return Err(Refusal::PartnersCannotCreate);
        }
        match self {
            SharedWith::Department(dept) if !person.departments.contains(dept) => {
                Err(Refusal::NotYourDepartment {
                    department: dept.to_string(),
                })
            }
            _ => Ok(()),
        }
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
