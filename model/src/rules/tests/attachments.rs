//! Files named in a document: editors add them as any edit; a reference
//! whose name could point elsewhere on a disk breaks the schema; uploading
//! is for editors of an open document.

use automerge::{ObjType, ReadDoc, transaction::Transactable};

use super::*;
use crate::{
    Value,
    attachment::{Attachment, FileHash, FileRef},
    rules::Permissions,
};

fn photo() -> Attachment {
    Attachment::File(FileRef::new(
        FileHash::from_digest(&[9; 32]),
        "现场照片.jpg",
        2048,
        "image/jpeg",
    ))
}

#[test]
fn an_editor_attaches_a_file_as_any_edit() {
    let mut doc = shared("internal-notice");
    let attach = |d: &mut ConcordDoc| {
        d.set_field("attachments", Value::Attachments(vec![photo()]))
            .unwrap()
    };
    assert_eq!(by(&mut doc, &alice(), attach), Ok(()));
    assert_eq!(
        by(&mut doc, &staff("vic"), attach),
        Err(Refusal::ViewerCannotEdit)
    );
}

#[test]
fn a_forged_file_name_breaks_the_schema() {
    let mut doc = shared("internal-notice");
    let verdict = by(&mut doc, &alice(), |d| {
        let fields = d
            .automerge()
            .get(automerge::ROOT, "fields")
            .unwrap()
            .unwrap()
            .1;
        let am = d.automerge_mut();
        let list = am
            .put_object(&fields, "attachments", ObjType::List)
            .unwrap();
        let file = am.insert_object(&list, 0, ObjType::Map).unwrap();
        am.put(&file, "sha256", "ab".repeat(32)).unwrap();
        am.put(&file, "name", "../../.ssh/authorized_keys").unwrap();
        am.put(&file, "size", 1_u64).unwrap();
        am.put(&file, "type", "text/plain").unwrap();
    });
    assert!(
        matches!(verdict, Err(Refusal::BreaksSchema { .. })),
        "{verdict:?}"
    );
}

#[test]
fn editors_of_an_open_document_may_upload() {
    let doc = shared("internal-notice");
    let may = |who: &Person| Permissions::of(&doc, who).unwrap().may_attach_files();
    assert_eq!(may(&alice()), Ok(()));
    assert_eq!(may(&staff("bob")), Ok(()));
    assert_eq!(may(&staff("vic")), Err(Refusal::ViewerCannotEdit));
    assert!(may(&staff("eve")).is_err());
    let mut archived = shared("internal-notice");
    archived.set_status(crate::ARCHIVED).unwrap();
    archived.commit(NOW, None);
    let owner = Permissions::of(&archived, &alice()).unwrap();
    assert_eq!(owner.may_attach_files(), Err(Refusal::ArchivedReadOnly));
}
