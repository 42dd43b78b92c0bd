//! An owner's edits to a document's custom fields after adding them:
//! renaming, moving up or down among the fields of their place, removing.

use automerge::{ROOT, transaction::Transactable};

use super::{
    at::At,
    custom_fields::{custom_positions, write_label},
    doc::{ConcordDoc, map_in},
    error::{DocError, DocResult},
    read::object_at,
};
use crate::custom_field::{CustomField, Label};

/// Which way a field moves among the custom fields of its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldMove {
    Up,
    Down,
}

impl ConcordDoc {
    /// Gives the custom field `id` a new label, in both languages.
    pub fn rename_custom_field(&mut self, id: &str, label: &Label) -> DocResult<()> {
        let field = self.existing_custom_field(id)?;
        if let Some(reason) = label.problem() {
            return Err(DocError::InvalidCustomField {
                field: field.id,
                reason,
            });
        }
        let part = map_in(&self.doc, &ROOT, "custom_fields")?;
        let entry = map_in(&self.doc, &part, id)?;
        write_label(&mut self.doc, &entry, "label", label)
    }

    /// Swaps the custom field `id` with its neighbour among the custom
    /// fields of its place (the form, or its table); at the end already, it
    /// stays. Every field of the place gets its position written, so fields
    /// that concurrent adds left with equal positions come apart.
    pub fn move_custom_field(&mut self, id: &str, way: FieldMove) -> DocResult<()> {
        let field = self.existing_custom_field(id)?;
        let mut place: Vec<String> = self
            .custom_fields()?
            .into_iter()
            .filter(|f| f.table == field.table)
            .map(|f| f.id)
            .collect();
        let Some(at) = place.iter().position(|f| *f == field.id) else {
            return Ok(());
        };
        let other = match way {
            FieldMove::Up => at.checked_sub(1),
            FieldMove::Down => Some(at + 1).filter(|o| *o < place.len()),
        };
        let Some(other) = other else {
            return Ok(());
        };
        // The place's positions, lowest first, dealt out in the new order.
        let positions = custom_positions(At::now(&self.doc));
        let mut slots: Vec<i64> = place
            .iter()
            .filter_map(|f| positions.get(f))
            .copied()
            .collect();
        slots.sort_unstable();
        slots.dedup();
        if slots.len() != place.len() {
            let base = positions
                .values()
                .copied()
                .max()
                .unwrap_or(0)
                .saturating_add(1);
            slots = (0..place.len() as i64)
                .map(|i| base.saturating_add(i))
                .collect();
        }
        place.swap(at, other);
        let part = map_in(&self.doc, &ROOT, "custom_fields")?;
        for (id, slot) in place.iter().zip(slots) {
            if positions.get(id) != Some(&slot) {
                let entry = map_in(&self.doc, &part, id)?;
                self.doc.put(&entry, "position", slot)?;
            }
        }
        Ok(())
    }

    /// Removes the custom field `id` and its values (in the form, or in
    /// every row of its table): they stay in the document's history.
    pub fn remove_custom_field(&mut self, id: &str) -> DocResult<()> {
        let field = self.existing_custom_field(id)?;
        match &field.table {
            None => {
                let fields = map_in(&self.doc, &ROOT, "fields")?;
                if automerge::ReadDoc::get(&self.doc, &fields, id)?.is_some() {
                    self.doc.delete(&fields, id)?;
                }
            }
            Some(table) => {
                for row in self.rows(table)? {
                    let Ok(cells) = self.cells_obj(table, &row.id) else {
                        continue;
                    };
                    if automerge::ReadDoc::get(&self.doc, &cells, id)?.is_some() {
                        self.doc.delete(&cells, id)?;
                    }
                }
            }
        }
        let part = map_in(&self.doc, &ROOT, "custom_fields")?;
        self.doc.delete(&part, id)?;
        Ok(())
    }

    fn existing_custom_field(&self, id: &str) -> DocResult<CustomField> {
        let part = map_in(&self.doc, &ROOT, "custom_fields")?;
        if object_at(&self.doc, &part, id, automerge::ObjType::Map).is_none() {
            return Err(DocError::UnknownField(id.to_owned()));
        }
        self.custom_field(id)?
            .ok_or_else(|| DocError::UnknownField(id.to_owned()))
    }
}
