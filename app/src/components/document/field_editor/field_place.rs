use concord_model::{
    ConcordDoc, ConflictPath, DocResult, Permissions, PersonId, Refusal, RowId, Value,
};

/// Where an editor's value lives: a form field, or one cell of a table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldPlace {
    Form {
        field: String,
    },
    Cell {
        table: String,
        row: RowId,
        field: String,
    },
}

impl FieldPlace {
    pub fn form(field: impl Into<String>) -> Self {
        FieldPlace::Form {
            field: field.into(),
        }
    }

    pub fn field(&self) -> &str {
        match self {
            FieldPlace::Form { field } | FieldPlace::Cell { field, .. } => field,
        }
    }

    /// The value there; a damaged value reads as none (the editor can overwrite it).
    pub fn read(&self, doc: &ConcordDoc) -> Option<Value> {
        match self {
            FieldPlace::Form { field } => doc.field(field),
            FieldPlace::Cell { table, row, field } => doc.cell(table, row, field),
        }
        .ok()
        .flatten()
    }

    pub fn write(&self, doc: &mut ConcordDoc, value: Value) -> DocResult<()> {
        match self {
            FieldPlace::Form { field } => doc.set_field(field, value),
            // The cell naming a row's owner is its owner (`ConcordDoc::row_owner`).
            FieldPlace::Cell { table, row, field } => doc.set_cell(table, row, field, value),
        }
    }

    /// Edits long text in place, so concurrent typing merges by character.
    pub fn splice(
        &self,
        doc: &mut ConcordDoc,
        pos: usize,
        del: usize,
        insert: &str,
    ) -> DocResult<()> {
        match self {
            FieldPlace::Form { field } => doc.splice_text(field, pos, del, insert),
            FieldPlace::Cell { table, row, field } => {
                doc.splice_cell_text(table, row, field, pos, del, insert)
            }
        }
    }

    pub fn conflict_path(&self) -> ConflictPath {
        match self {
            FieldPlace::Form { field } => ConflictPath::Field(field.clone()),
            FieldPlace::Cell { table, row, field } => ConflictPath::Cell {
                table: table.clone(),
                row: row.clone(),
                field: field.clone(),
            },
        }
    }

    /// Whether the person may write here now, by the model's rules.
    pub fn may_edit(&self, perms: &Permissions, doc: &ConcordDoc) -> Result<(), Refusal> {
        match self {
            FieldPlace::Form { field } => perms.may_edit_field(field),
            FieldPlace::Cell { table, row, field } => {
                let owner: Option<PersonId> = doc.row_owner(table, row).ok().flatten();
                perms.may_edit_cell(table, field, owner.as_ref())
            }
        }
    }

    /// An element id for the input, so a label can point at it.
    pub fn dom_id(&self) -> String {
        let raw = match self {
            FieldPlace::Form { field } => format!("field-{field}"),
            FieldPlace::Cell { table, row, field } => format!("cell-{table}-{row}-{field}"),
        };
        raw.chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    }
}
