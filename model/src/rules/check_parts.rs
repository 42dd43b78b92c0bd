//! The document's own parts: the root, `meta` and the form fields.

use automerge::ROOT;

use super::{check::Check, schema, violation::Violation};
use crate::{access::Refusal, workflow::may_write_field};

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
        const SET_AT_CREATION: [&str; 7] = [
            "schema",
            "template_id",
            "template_version",
            "created_by",
            "created_at",
            "direct_superior",
            "subtemplate",
        ];
        let path = format!("meta.{key}");
        if self.creating {
            // `validate_at(after)` has checked the whole new document.
            return Ok(());
        }
        match key {
            k if SET_AT_CREATION.contains(&k) => Err(Refusal::Immutable { path }),
            "title" => {
                let state = self.facts.template.workflow.state(&self.facts.state);
                if state.is_some_and(|s| !s.open) {
                    return Err(Refusal::StateReadOnly {
                        state: self.facts.state.clone(),
                    });
                }
                self.meta_schema()
            }
            "classification" => {
                self.owner_only(&path)?;
                self.meta_schema()
            }
            "status" => self.status_move(),
            "status_reason" | "round" => {
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
        meta.and_then(|m| self.after.str(&m, "status")).as_deref() != Some(&self.facts.state)
    }

    fn meta_schema(&self) -> Result<(), Refusal> {
        self.schema_at_after(|at, out| {
            schema::check_meta(at, out);
        })
    }

    pub(super) fn field(&self, id: &str) -> Result<(), Refusal> {
        let custom = schema::custom_field_ids(self.after);
        if self.facts.template.field(id).is_some() {
            may_write_field(&self.actor, &self.facts.doc(), id, self.creating)?;
        } else if custom.iter().any(|c| c == id) {
            // Custom fields carry no write rules of their own: any editor,
            // in a state open for editing.
            let state = self.facts.template.workflow.state(&self.facts.state);
            if state.is_none_or(|s| !s.open) {
                return Err(Refusal::StateReadOnly {
                    state: self.facts.state.clone(),
                });
            }
        } else {
            return Err(Refusal::UnknownField { field: id.into() });
        }
        let ctx = self.field_context(&custom);
        self.schema_at_after(|at, out| schema::check_field(at, &ctx, id, out))
    }
}
