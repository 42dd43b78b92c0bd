//! `/api/search` through the router, as the app calls it, over the readers
//! and documents of `readers_fixture`.

use axum::http::StatusCode;
use concord_api::PersonChange;
use serde_json::Value as Json;

use crate::http::readers_fixture::{HOSTILE_TEXT, Readers, doc, encoded};

async fn search(readers: &Readers, cookie: &str, q: &str, lang: &str) -> Json {
    let path = format!("/api/search?q={}&lang={lang}", encoded(q));
    let (status, body) = readers.get(Some(cookie), &path).await;
    assert_eq!(status, StatusCode::OK, "{q:.20}: {body}");
    body
}

/// The ids of the documents found.
fn found(body: &Json) -> Vec<String> {
    body["found"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["doc"].as_str().unwrap().to_owned())
        .collect()
}

/// Kind and row of each hit in the document `n`.
fn hits(body: &Json, n: u8) -> Vec<(String, Option<String>)> {
    let id = doc(n).to_string();
    let found = body["found"].as_array().unwrap();
    let one = found.iter().find(|d| d["doc"] == id.as_str()).unwrap();
    one["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let row = h["row"].as_str().map(str::to_owned);
            (h["kind"].as_str().unwrap().to_owned(), row)
        })
        .collect()
}

#[tokio::test]
async fn two_chinese_characters_and_a_name_are_found_where_they_are() {
    let readers = Readers::new().await;
    let row = Some(readers.first_row.clone());
    let body = search(&readers, &readers.zhang, "验收", "zh").await;
    // Document 1, and the archived 5 (still readable); the rest are not his.
    let mut ids = found(&body);
    let mut his = [doc(1).to_string(), doc(5).to_string()];
    ids.sort();
    his.sort();
    assert_eq!(ids, his);
    assert_eq!(body["more"], false);
    assert_eq!(
        hits(&body, 1),
        [
            ("title".into(), None),
            ("tags".into(), None),
            ("field".into(), None),
            ("row".into(), row.clone()),
            ("row".into(), row.clone()),
        ],
        "title, tags, field, the cell, the row's comment"
    );
    let one = &body["found"].as_array().unwrap()[0];
    assert!(one["hits"][3]["snippet"].as_str().unwrap().contains("验收"));

    // 张 is in no text: it is the name the directory gives zhang, the
    // owner of tasks in 1 and 6 (listed by title: "Q3…" before "共享…").
    let body = search(&readers, &readers.zhang, "张", "zh").await;
    assert_eq!(found(&body), [doc(1).to_string(), doc(6).to_string()]);
    let named = hits(&body, 1);
    assert_eq!(named[0], ("row".into(), row));
    assert_eq!(named.last().unwrap(), &("comment".to_owned(), None));
    assert!(body["found"][0]["hits"][0]["snippet"] == "张伟");

    // Every word somewhere; a word nowhere finds nothing.
    assert_eq!(
        found(&search(&readers, &readers.zhang, "验收 复核", "zh").await),
        [doc(1).to_string()]
    );
    assert!(found(&search(&readers, &readers.zhang, "验收 不存在", "zh").await).is_empty());
}

#[tokio::test]
async fn choices_read_in_the_language_asked_and_the_archive_is_searched() {
    let readers = Readers::new().await;
    let zhang = &readers.zhang;
    let in_progress = [doc(1).to_string(), doc(6).to_string()];
    assert_eq!(
        found(&search(&readers, zhang, "progress", "en").await),
        in_progress
    );
    assert!(found(&search(&readers, zhang, "progress", "zh").await).is_empty());
    assert_eq!(
        found(&search(&readers, zhang, "进行中", "zh").await),
        in_progress
    );
    assert!(found(&search(&readers, zhang, "进行中", "en").await).is_empty());
    // The catalogue lists an archived document to its readers: search too.
    assert!(readers.readable(zhang).await.contains(&doc(5).to_string()));
    assert_eq!(
        found(&search(&readers, zhang, "归档", "zh").await),
        [doc(5).to_string()]
    );
}

#[tokio::test]
async fn a_renamed_person_is_found_by_the_new_name_only() {
    let readers = Readers::new().await;
    let zhang = &readers.zhang;
    let his = [doc(1).to_string(), doc(6).to_string()];
    assert_eq!(found(&search(&readers, zhang, "张伟", "zh").await), his);
    let rename = PersonChange {
        display_name: Some("张三丰".into()),
        ..PersonChange::default()
    };
    readers
        .accounts
        .change_person(&readers.admin, "zhang", &rename)
        .unwrap();
    assert_eq!(found(&search(&readers, zhang, "三丰", "zh").await), his);
    assert!(found(&search(&readers, zhang, "张伟", "zh").await).is_empty());
}

#[tokio::test]
async fn no_query_finds_nothing_and_only_the_signed_in_search() {
    let readers = Readers::new().await;
    for path in [
        "/api/search",
        "/api/search?q=",
        "/api/search?q=%20%20%09",
        "/api/search?lang=en",
    ] {
        let (status, body) = readers.get(Some(&readers.zhang), path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(body["found"], serde_json::json!([]), "{path}");
    }
    let (status, body) = readers.get(None, "/api/search?q=%E9%AA%8C").await;
    assert_eq!(
        (status, &body["error"]),
        (StatusCode::UNAUTHORIZED, &"signed-out".into())
    );
    // A parameter twice, bytes that are no UTF-8: still an answer.
    for path in [
        "/api/search?q=%E9%AA%8C%E6%94%B6&q=zzz&lang=zh&lang=xx",
        "/api/search?q=%FF%FE&lang=%FF",
    ] {
        let (status, _) = readers.get(Some(&readers.zhang), path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    let (_, body) = readers
        .get(
            Some(&readers.zhang),
            "/api/search?q=%E9%AA%8C%E6%94%B6&q=zzz",
        )
        .await;
    assert_eq!(found(&body).len(), 2, "the first q counts");
}

/// Each reader, each hostile query: only documents they may read (as
/// `/api/documents` lists them) are ever found, though 2, 3 and 4 hold
/// every one of these texts; zhang finds 1, which holds them too.
#[tokio::test]
async fn hostile_queries_never_find_what_the_reader_may_not_read() {
    let readers = Readers::new().await;
    // 10,000 characters; Chinese ones fewer, 9 bytes each percent-encoded
    // (an URI is at most 64 KiB).
    let (long, long_zh) = ("x".repeat(10_000), "验".repeat(5_000));
    let probes: Vec<(&str, bool)> = vec![
        (&long, false),
        (&long_zh, false),
        ("🎉", true),
        ("\u{202e}עברית", true),
        ("' OR 1=1 --", true),
        ("%", true),
        ("_", true),
        (".*", true),
        ("(a|b)+ [x] \\d", true),
        ("a\0b", true),
        ("验收", false),
        ("张伟", false),
        ("*", true),
        ("\0", true),
    ];
    assert!(HOSTILE_TEXT.contains('\0'));
    for (who, cookie) in [
        ("zhang", &readers.zhang),
        ("li", &readers.li),
        ("wang", &readers.wang),
    ] {
        let readable = readers.readable(cookie).await;
        for (q, in_one) in &probes {
            for lang in ["zh", "en"] {
                let body = search(&readers, cookie, q, lang).await;
                for id in found(&body) {
                    assert!(readable.contains(&id), "{who} found {id} by {q:.20}");
                }
                if who == "zhang" && *in_one {
                    assert!(
                        found(&body).contains(&doc(1).to_string()),
                        "{q:?} finds zhang's own document"
                    );
                }
            }
        }
    }
    // What they may read is what the fixture says.
    let ids = |ns: &[u8]| {
        let mut ids: Vec<String> = ns.iter().map(|n| doc(*n).to_string()).collect();
        ids.sort();
        ids
    };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(
        sorted(readers.readable(&readers.zhang).await),
        ids(&[1, 5, 6])
    );
    assert_eq!(
        sorted(readers.readable(&readers.li).await),
        ids(&[2, 3, 4, 6])
    );
    assert_eq!(sorted(readers.readable(&readers.wang).await), ids(&[4]));
    // The partner finds the one shared with acme, not the others.
    let body = search(&readers, &readers.wang, "验收", "zh").await;
    assert_eq!(found(&body), [doc(4).to_string()]);
}
