use std::borrow::Cow;

use automerge::{AutoCommit, ReadDoc};

use super::{at::At, codec, doc::ObjId, value::Value, value::misfit, value::misfit_with};
use crate::{custom_field::CustomField, field::FieldDef, field::FieldKind};

/// A field as one document knows it: from its template, or one of the
/// document's own custom fields. Every read, write and check of a field or
/// cell goes through this, so custom fields are typed exactly as built-in ones.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSpec {
    pub id: Cow<'static, str>,
    pub kind: FieldKind,
    /// Custom choice fields' option ids; None means the kind's own options.
    custom_options: Option<Vec<String>>,
}

impl FieldSpec {
    pub fn custom(field: &CustomField) -> Self {
        Self {
            id: Cow::Owned(field.id.clone()),
            kind: field.kind.field_kind(),
            custom_options: Some(field.kind.options().iter().map(|o| o.id.clone()).collect()),
        }
    }

    /// Why `value` does not fit this field, if it does not.
    pub fn misfit(&self, value: &Value) -> Option<&'static str> {
        match &self.custom_options {
            Some(ids) => misfit_with(&self.kind, value, &|id| ids.iter().any(|o| o == id)),
            None => misfit(&self.kind, value),
        }
    }

    /// The typed value of what is stored, or None if it does not fit.
    pub fn read(
        &self,
        doc: &AutoCommit,
        stored: &automerge::Value<'_>,
        id: &ObjId,
    ) -> Option<Value> {
        self.read_at(At::now(doc), stored, id)
    }

    /// `read`, through any reader (a bare `Automerge`: the relay's room).
    pub fn read_at<R: ReadDoc>(
        &self,
        at: At<'_, R>,
        stored: &automerge::Value<'_>,
        id: &ObjId,
    ) -> Option<Value> {
        codec::decode_at(at, &self.kind, stored, id).filter(|v| self.misfit(v).is_none())
    }
}

impl From<&'static FieldDef> for FieldSpec {
    fn from(def: &'static FieldDef) -> Self {
        Self {
            id: Cow::Borrowed(def.id),
            kind: def.kind,
            custom_options: None,
        }
    }
}
