//! The files a document names: what the relay serves to its readers, and
//! nothing else (a reader of one document must not fetch another's files
//! by guessing their hashes).

use super::{ConcordDoc, value::Value};
use crate::{
    attachment::{Attachment, FileHash, FileRef},
    custom_field::CustomKind,
    field::FieldKind,
};

impl ConcordDoc {
    /// Every stored file the document's fields and cells name now (the
    /// winning value of each), in no particular order, repeats kept.
    pub fn files(&self) -> Vec<FileRef> {
        let custom = self.custom_fields().unwrap_or_default();
        let is_attachment =
            |c: &&crate::custom_field::CustomField| c.kind == CustomKind::Attachment;
        let form_fields = self
            .template()
            .fields
            .iter()
            .filter(|f| f.kind == FieldKind::Attachment)
            .map(|f| f.id.to_owned())
            .chain(
                custom
                    .iter()
                    .filter(is_attachment)
                    .filter(|c| c.table.is_none())
                    .map(|c| c.id.clone()),
            );
        let mut values: Vec<Value> = form_fields
            .filter_map(|id| self.field(&id).ok().flatten())
            .collect();
        for table in self.template().tables {
            let columns: Vec<String> = table
                .fields
                .iter()
                .filter(|f| f.kind == FieldKind::Attachment)
                .map(|f| f.id.to_owned())
                .chain(
                    custom
                        .iter()
                        .filter(is_attachment)
                        .filter(|c| c.table.as_deref() == Some(table.id))
                        .map(|c| c.id.clone()),
                )
                .collect();
            if columns.is_empty() {
                continue;
            }
            for row in self.rows(table.id).unwrap_or_default() {
                values.extend(
                    columns
                        .iter()
                        .filter_map(|column| row.cells.get(column).cloned()),
                );
            }
        }
        values
            .into_iter()
            .flat_map(|value| match value {
                Value::Attachments(items) => items,
                _ => Vec::new(),
            })
            .filter_map(|item| match item {
                Attachment::File(file) => Some(file),
                Attachment::Named(_) => None,
            })
            .collect()
    }

    /// The document's reference to the file `hash`, if it names it.
    pub fn file(&self, hash: &FileHash) -> Option<FileRef> {
        self.files().into_iter().find(|f| &f.sha256 == hash)
    }
}
