//! The files a document names, and references kept readable from before
//! files were stored.

use automerge::{ObjType, ReadDoc, transaction::Transactable};

use super::*;
use crate::{
    attachment::{Attachment, FileHash, FileRef},
    custom_field::{CustomField, CustomKind, Label},
    library::find_template,
};

fn file(n: u8, name: &str) -> FileRef {
    FileRef::new(FileHash::from_digest(&[n; 32]), name, 10, "image/png")
}

#[test]
fn files_are_found_in_fields_cells_and_custom_columns() {
    let mut doc = new_doc(find_template("task-tracker").unwrap());
    let mut rng = TestRng(5);
    let row = doc.add_row("tasks", None, &mut rng).unwrap();
    doc.set_cell(
        "tasks",
        &row,
        "attachments",
        Value::Attachments(vec![
            Attachment::Named("旧的.pdf".into()),
            Attachment::File(file(1, "a.png")),
        ]),
    )
    .unwrap();
    doc.add_custom_field(&CustomField {
        id: "cf-scan".into(),
        label: Label::new("扫描件", "Scan"),
        kind: CustomKind::Attachment,
        required: false,
        table: None,
    })
    .unwrap();
    doc.set_field(
        "cf-scan",
        Value::Attachments(vec![Attachment::File(file(2, "b.png"))]),
    )
    .unwrap();
    let mut found: Vec<_> = doc.files().into_iter().map(|f| f.sha256).collect();
    found.sort();
    assert_eq!(found, [file(1, "").sha256, file(2, "").sha256]);
    assert_eq!(doc.file(&file(2, "").sha256).unwrap().name, "b.png");
    assert_eq!(doc.file(&file(3, "").sha256), None);
    // Removed, it is no longer named.
    doc.set_cell("tasks", &row, "attachments", Value::Attachments(Vec::new()))
        .unwrap();
    assert_eq!(doc.file(&file(1, "").sha256), None);
}

#[test]
fn names_typed_before_files_were_stored_still_read() {
    let mut doc = new_doc(find_template("internal-notice").unwrap());
    // As an older app wrote it: a list of strings.
    let fields = doc.doc.get(automerge::ROOT, "fields").unwrap().unwrap().1;
    let list = doc
        .doc
        .put_object(&fields, "attachments", ObjType::List)
        .unwrap();
    doc.doc.insert(&list, 0, "spec.pdf").unwrap();
    assert_eq!(
        doc.field("attachments").unwrap(),
        Some(Value::Attachments(vec![Attachment::Named(
            "spec.pdf".into()
        )]))
    );
    assert!(doc.files().is_empty());
}

#[test]
fn a_reference_naming_a_path_does_not_fit() {
    let mut doc = new_doc(find_template("internal-notice").unwrap());
    let forged = FileRef {
        name: "../../x".into(),
        ..file(1, "x")
    };
    assert!(
        doc.set_field(
            "attachments",
            Value::Attachments(vec![Attachment::File(forged)])
        )
        .is_err()
    );
}
