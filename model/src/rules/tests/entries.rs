//! Comments and named versions belong to whoever wrote them.

use super::*;

const RA: &str = "requirement-approval";

fn comment(
    id: &'static str,
    author: &'static str,
    body: &'static str,
) -> impl FnOnce(&mut ConcordDoc) {
    move |d| {
        let path = ["comments", id];
        put(
            d,
            &path,
            &[
                ("author", s(author)),
                ("at", int(NOW)),
                ("target", s("field/goal")),
            ],
        );
        let obj = map_at(d, &path);
        let text = raw(d).put_object(&obj, "body", ObjType::Text).unwrap();
        raw(d).splice_text(&text, 0, 0, body).unwrap();
        put_list(d, &path, "mentions", &["alice"]);
    }
}

#[test]
fn editors_comment_as_themselves() {
    let mut doc = shared(RA);
    assert_eq!(
        by(&mut doc, &staff("bob"), comment("c1", "bob", "@alice see")),
        Ok(())
    );
    assert_eq!(
        by(&mut doc, &staff("bob"), comment("c2", "alice", "forged")),
        Err(Refusal::NotYours {
            path: "comments.c2.author".into(),
            owner: "bob".into()
        })
    );
    assert_eq!(
        by(&mut doc, &staff("vic"), comment("c3", "vic", "hi")),
        Err(Refusal::ViewerCannotEdit)
    );
}

#[test]
fn only_the_author_edits_or_deletes_a_comment() {
    let mut doc = shared(RA);
    assert_eq!(
        by(&mut doc, &staff("bob"), comment("c1", "bob", "first")),
        Ok(())
    );
    let delete = |d: &mut ConcordDoc| {
        let comments = map_at(d, &["comments"]);
        raw(d).delete(&comments, "c1").unwrap();
    };
    assert_eq!(
        by(&mut doc, &alice(), delete),
        Err(Refusal::NotYours {
            path: "comments.c1".into(),
            owner: "bob".into()
        })
    );
    assert_eq!(by(&mut doc, &staff("bob"), delete), Ok(()));
}

#[test]
fn comments_keep_their_shape() {
    let mut doc = shared(RA);
    assert!(matches!(
        by(&mut doc, &staff("bob"), |d| put(
            d,
            &["comments", "c1"],
            &[("author", s("bob"))]
        )),
        Err(Refusal::BreaksSchema { .. })
    ));
}

fn version(id: &'static str, author: &'static str) -> impl FnOnce(&mut ConcordDoc) {
    move |d| {
        let heads: Vec<String> = d.heads().iter().map(|h| h.to_string()).collect();
        let path = ["versions", id];
        put(
            d,
            &path,
            &[
                ("name", s("V2.1")),
                ("note", s("scope")),
                ("by", s(author)),
                ("at", int(NOW)),
            ],
        );
        let refs: Vec<&str> = heads.iter().map(String::as_str).collect();
        put_list(d, &path, "heads", &refs);
    }
}

#[test]
fn editors_name_versions_that_never_change() {
    let mut doc = shared("task-tracker");
    assert_eq!(by(&mut doc, &staff("bob"), version("v1", "bob")), Ok(()));
    assert_eq!(
        by(&mut doc, &staff("bob"), version("v2", "alice")),
        Err(Refusal::NotYours {
            path: "versions.v2.by".into(),
            owner: "bob".into()
        })
    );
    assert_eq!(
        by(&mut doc, &staff("bob"), |d| put(
            d,
            &["versions", "v1"],
            &[("name", s("V3"))]
        )),
        Err(Refusal::Immutable {
            path: "versions.v1".into()
        })
    );
}

#[test]
fn role_in_reads_the_acl_of_a_bare_document() {
    let mut doc = shared("task-tracker");
    let bare = raw(&mut doc).document().clone();
    assert_eq!(role_in(&bare, &alice()), Ok(DocRole::Owner));
    assert_eq!(role_in(&bare, &staff("bob")), Ok(DocRole::Editor));
    assert_eq!(role_in(&bare, &staff("vic")), Ok(DocRole::Viewer));
    let partner = Person::partner(pid("li"), "acme".parse().unwrap());
    assert_eq!(role_in(&bare, &partner), Err(Refusal::NoAccess));
    assert!(matches!(
        role_in(&automerge::Automerge::new(), &alice()),
        Err(Refusal::BreaksSchema { .. })
    ));
}
