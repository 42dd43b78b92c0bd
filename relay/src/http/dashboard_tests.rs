//! `/api/dashboard` through the router, over the readers and documents of
//! `readers_fixture`, counted by hand from its table.

use axum::http::StatusCode;
use serde_json::{Value as Json, json};

use crate::http::readers_fixture::{Readers, encoded};

/// `from` ten days before the fixture's today, `to` ten after.
fn path(readers: &Readers, by: &str) -> String {
    let day = |offset: i64| readers.today.add_days(offset).unwrap().to_string();
    format!("/api/dashboard?from={}&to={}&by={by}", day(-10), day(10))
}

/// Each group's key and its total (total, done, overdue).
fn totals(body: &Json) -> Vec<(Json, [u64; 3])> {
    body["dashboard"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["key"].clone(), rates(&g["total"])))
        .collect()
}

fn rates(r: &Json) -> [u64; 3] {
    ["total", "done", "overdue"].map(|k| r[k].as_u64().unwrap())
}

async fn ask(readers: &Readers, cookie: &str, by: &str) -> Json {
    let (status, body) = readers.get(Some(cookie), &path(readers, by)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

#[tokio::test]
async fn counts_match_a_hand_count_of_what_each_person_may_read() {
    let readers = Readers::new().await;
    let person = |id: &str| json!({"kind": "person", "id": id});
    let dept = |id: &str| json!({"kind": "department", "id": id});
    let nobody = json!({"kind": "nobody"});

    // Zhang reads 1, 5 and 6: not li's 2 and 3, whose tasks name him too.
    let body = ask(&readers, &readers.zhang, "person").await;
    assert_eq!(body["documents"], 3);
    assert_eq!(body["dashboard"]["kind"], "week", "21 days, week by week");
    assert_eq!(
        totals(&body),
        [
            (person("li"), [2, 1, 0]),
            (person("zhang"), [3, 1, 1]),
            (nobody.clone(), [1, 0, 0]),
        ]
    );
    assert_eq!(rates(&body["dashboard"]["all"]["total"]), [6, 2, 1]);
    let by_dept = ask(&readers, &readers.zhang, "department").await;
    assert_eq!(
        totals(&by_dept),
        [
            (dept("eng"), [3, 1, 1]),
            (dept("sales"), [2, 1, 0]),
            (nobody, [1, 0, 0]),
        ],
        "each person's first department in the directory"
    );
    let by_template = ask(&readers, &readers.zhang, "template").await;
    assert_eq!(
        totals(&by_template),
        [(json!({"kind": "template", "id": "task-tracker"}), [6, 2, 1])]
    );

    // Li reads 2, 3, 4 and 6: zhang's overdue task in the confidential 2
    // counts for her, not for him.
    let body = ask(&readers, &readers.li, "person").await;
    assert_eq!(body["documents"], 4);
    assert_eq!(
        totals(&body),
        [(person("li"), [3, 2, 1]), (person("zhang"), [3, 0, 1])]
    );
    assert_eq!(rates(&body["dashboard"]["all"]["total"]), [6, 2, 2]);

    // The partner reads 4 alone, which has no tasks.
    let body = ask(&readers, &readers.wang, "person").await;
    assert_eq!(body["documents"], 1);
    assert_eq!(rates(&body["dashboard"]["all"]["total"]), [0, 0, 0]);

    // Asked again: the same answer, from what was kept.
    let again = ask(&readers, &readers.zhang, "person").await;
    assert_eq!(
        again["dashboard"],
        ask(&readers, &readers.zhang, "person").await["dashboard"]
    );
}

#[tokio::test]
async fn a_question_that_is_no_window_or_no_grouping_is_refused() {
    let readers = Readers::new().await;
    let long = encoded(&"9".repeat(10_000));
    let bad = [
        "from=2026-02-30&to=2026-03-01&by=person".to_owned(),
        "from=2026-11-02&to=2026-11-01&by=person".to_owned(),
        "from=0001-01-01&to=9999-12-31&by=person".to_owned(),
        "from=2016-01-01&to=2026-12-31&by=person".to_owned(),
        "from=2026-11-01&to=2026-11-30&by=everyone".to_owned(),
        "from=2026-11-01&to=2026-11-30&by=Person".to_owned(),
        "from=2026-11-01&to=2026-11-30".to_owned(),
        "from=2026-11-01&to=2026-11-30&by=person&by=person".to_owned(),
        format!("from={long}&to=2026-11-30&by=person"),
        "from=%00&to=%27%20OR%201%3D1&by=person".to_owned(),
        String::new(),
    ];
    for query in &bad {
        let (status, body) = readers
            .get(Some(&readers.zhang), &format!("/api/dashboard?{query}"))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query:.60}: {body}");
        assert_eq!(body["error"], "bad-day", "{query:.60}");
        let message = body["message"].as_str().unwrap();
        assert!(!message.is_empty() && message.len() < 200, "{message}");
    }
    let (status, body) = readers.get(None, &path(&readers, "person")).await;
    assert_eq!(
        (status, &body["error"]),
        (StatusCode::UNAUTHORIZED, &"signed-out".into())
    );
    // Ten years is still a window.
    let ten = "/api/dashboard?from=2016-01-01&to=2025-12-31&by=person";
    let (status, body) = readers.get(Some(&readers.zhang), ten).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["dashboard"]["kind"], "year");
}

/// 200 trackers of 100 rows: the first question reads them all, the next
/// ones scan what was kept. Timed, not judged (a debug build on a shared
/// machine): `cargo test -p concord-relay --lib -- --ignored --nocapture big`.
#[tokio::test]
#[ignore = "timing only"]
async fn a_big_workspace_is_read_once_then_answered_from_what_was_kept() {
    let readers = Readers::new().await;
    readers.add_trackers(200, 100);
    let search = "/api/search?q=%E4%BB%BB%E5%8A%A1%2099&lang=zh";
    for (what, path) in [
        ("dashboard", path(&readers, "person")),
        ("search", search.into()),
    ] {
        for round in ["first", "second", "third"] {
            let started = std::time::Instant::now();
            let (status, body) = readers.get(Some(&readers.zhang), &path).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            println!("{what} {round}: {:?}", started.elapsed());
        }
    }
    let (_, body) = readers
        .get(Some(&readers.zhang), &path(&readers, "person"))
        .await;
    assert_eq!(body["documents"], 203);
    let (_, body) = readers.get(Some(&readers.zhang), search).await;
    assert_eq!(body["found"].as_array().unwrap().len(), 200);
}
