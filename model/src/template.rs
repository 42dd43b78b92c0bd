use std::fmt;

use crate::{field::FieldDef, locale::Localized, workflow::Workflow};

/// The stable identifier of a template, stored in every document made from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TemplateId(pub &'static str);

impl fmt::Display for TemplateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A table part of a template: rows that each carry the same fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableDef {
    pub id: &'static str,
    pub label: Localized,
    pub fields: &'static [FieldDef],
    /// The columns a list of the rows shows, most telling first (the first
    /// names the row): what a person scans for. The rest are in the row.
    pub columns: &'static [&'static str],
}

/// A kind of shared document: its form fields and its tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    pub id: TemplateId,
    /// Bumped whenever the fields change, so documents record what they were made from.
    pub version: u32,
    pub name: Localized,
    pub summary: Localized,
    pub fields: &'static [FieldDef],
    pub tables: &'static [TableDef],
    /// Its states and steps, and who may write what in them.
    pub workflow: Workflow,
}

impl Template {
    /// Every field of the form part and of every table.
    pub fn all_fields(&self) -> impl Iterator<Item = &'static FieldDef> + use<> {
        let fields = self.fields;
        let tables = self.tables;
        fields
            .iter()
            .chain(tables.iter().flat_map(|t| t.fields.iter()))
    }

    pub fn table(&self, id: &str) -> Option<&'static TableDef> {
        self.tables.iter().find(|t| t.id == id)
    }

    pub fn field(&self, id: &str) -> Option<&'static FieldDef> {
        self.fields.iter().find(|f| f.id == id)
    }
}
