use crate::custom_field::CustomField;
use crate::document::{
    Comment, ConcordDoc, Conflict, Meta, RowView, SignoffRecord, Value, Version,
};

/// Everything a person could see of the document, typed.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    meta: Meta,
    fields: Vec<(String, Option<Value>)>,
    rows: Vec<Vec<RowView>>,
    conflicts: Vec<Conflict>,
    comments: Vec<Comment>,
    signoffs: Vec<SignoffRecord>,
    reads: Vec<(String, i64)>,
    versions: Vec<Version>,
    custom_fields: Vec<CustomField>,
}

pub fn view(doc: &ConcordDoc) -> View {
    let t = doc.template();
    let custom_fields = doc.custom_fields().expect("custom fields");
    let form_ids = t.fields.iter().map(|f| f.id.to_owned()).chain(
        custom_fields
            .iter()
            .filter(|f| f.table.is_none())
            .map(|f| f.id.clone()),
    );
    View {
        meta: doc.meta().expect("meta"),
        fields: form_ids
            .map(|id| {
                let value = doc.field(&id).expect("field");
                (id, value)
            })
            .collect(),
        rows: t
            .tables
            .iter()
            .map(|table| doc.rows(table.id).expect("rows"))
            .collect(),
        conflicts: doc.conflicts().expect("conflicts"),
        comments: doc.comments(None).expect("comments"),
        signoffs: doc.signoffs().expect("signoffs"),
        reads: doc
            .reads()
            .expect("reads")
            .into_iter()
            .map(|(p, at)| (p.to_string(), at))
            .collect(),
        versions: doc.versions().expect("versions"),
        custom_fields,
    }
}
