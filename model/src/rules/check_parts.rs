//! The document's own parts: the root, `meta` and the form fields.

use automerge::ROOT;

use super::{check::Check, schema, violation::Violation};
use crate::{
    access::{DeptId, DocRole, Refusal},
    document::{Value, decode_at},
    workflow::{may_rename, may_write_custom, may_write_field, names_own_departments},
};

impl Check<'_> {
    /// Parts are made with the document and never replaced or removed.
    pub(super) fn root(&self, part: &str) -> Result<(), Refusal> {
        if !schema::PARTS.contains(&part) {
            return Err(Refusal::BreaksSchema {
                violation: Violation::unknown(part),
            });
        }
        if self.creating {
            return Ok(());
        }
        Err(Refusal::Immutable { path: part.into() })
    }

    pub(super) fn meta(&self, key: &str) -> Result<(), Refusal> {
        const SET_AT_CREATION: [&str; 6] = [
            "schema",
            "template_id",
            "template_version",
            "created_by",
            "created_at",
            "subtemplate",
        ];
        let path = format!("meta.{key}");
        if self.creating {
            // `validate_at(after)` has checked the whole new document.
            return Ok(());
        }
        match key {
            k if SET_AT_CREATION.contains(&k) => Err(Refusal::Immutable { path }),
            // Tags name the document as its title does: its editors' to change.
            "title" | "tags" => {
                may_rename(&self.actor, self.facts.doc())?;
                self.meta_schema()
            }
            "classification" => {
                if self.actor.role != Some(DocRole::Owner) && self.publishing_move().is_some() {
                    return self.classification_published();
                }
                self.owner_only(&path)?;
                self.meta_schema()
            }
            "status" => self.status_move(),
            "direct_superior" => self.superior_recorded(),
            "status_reason" | "round" | "status_at" => {
                if self.status_moves() {
                    Ok(())
                } else {
                    Err(Refusal::FieldNotWritable {
                        field: path,
                        rule: "only together with a status move".into(),
                    })
                }
            }
            _ => Err(Refusal::BreaksSchema {
                violation: Violation::unknown(path),
            }),
        }
    }

    /// Whether the batch moves the status (rather than rewriting it as is).
    pub(super) fn status_moves(&self) -> bool {
        let meta = self.after.map(&ROOT, "meta");
        meta.and_then(|m| self.after.str(&m, "status")).as_deref() != Some(&self.facts.doc.state)
    }

    fn meta_schema(&self) -> Result<(), Refusal> {
        self.schema_at_after(|at, out| {
            schema::check_meta(at, out);
        })
    }

    pub(super) fn field(&self, id: &str) -> Result<(), Refusal> {
        let custom = self.custom_fields();
        let ctx = self.field_context(&custom);
        let doc = self.facts.doc();
        // The empty Text `create` (or `add_custom_field`) makes for a
        // long-text field is the document's structure, not a write:
        // reviewer-only fields and closed states have one too.
        let fields = self.after.map(&ROOT, "fields");
        let empty = fields
            .as_ref()
            .is_some_and(|f| schema::is_empty_text(self.after, f, id));
        let written = !(empty && (self.creating || self.newly_defined(None, id)));
        if self.facts.doc.template.field(id).is_some() {
            if written {
                may_write_field(&self.actor, doc, id, self.creating)?;
                let rules = self.facts.doc.template.workflow.write_rules;
                names_own_departments(rules, id, &self.actor.person, &self.departments_in(id))?;
            }
        } else if ctx.custom(None, id).is_some() {
            if written {
                may_write_custom(&self.actor, doc, None, id, self.creating, None)?;
            }
        } else if self.newly_removed(None, id)
            && fields.is_some_and(|f| self.after.get(&f, id).is_none())
        {
            // Gone with its definition, whose removal is judged on its own.
            return Ok(());
        } else {
            return Err(Refusal::UnknownField { field: id.into() });
        }
        self.schema_at_after(|at, out| schema::check_field(at, &ctx, id, out))?;
        self.date_written(id)
    }

    /// The departments a form field names after the change (none where it
    /// names none or is no department field).
    fn departments_in(&self, id: &str) -> Vec<DeptId> {
        let names = match self.value_after(id) {
            Some(Value::Department(d)) => vec![d],
            Some(Value::Departments(ds)) => ds,
            _ => Vec::new(),
        };
        // An id that does not parse is the schema's to refuse.
        names.iter().filter_map(|d| d.parse().ok()).collect()
    }

    /// A template field's value after the change, if it reads.
    fn value_after(&self, id: &str) -> Option<Value> {
        let def = self.facts.doc.template.field(id)?;
        let fields = self.after.map(&ROOT, "fields")?;
        let (stored, obj) = self.after.get(&fields, id)?;
        decode_at(self.after, &def.kind, &stored, &obj)
    }

    /// A step that fills fields (`Transition::fills`) leaves each filled in.
    pub(super) fn fields_filled(&self, fields: &[&str]) -> Result<(), Refusal> {
        match fields
            .iter()
            .find(|id| self.value_after(id).is_none_or(|v| v.is_blank()))
        {
            Some(id) => Err(Refusal::BreaksSchema {
                violation: Violation::RequiredMissing {
                    path: format!("fields.{id}"),
                },
            }),
            None => Ok(()),
        }
    }
}
