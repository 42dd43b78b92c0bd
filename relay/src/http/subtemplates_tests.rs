//! Team sub-templates through the HTTP API: shared with a department or the
//! workspace, seen by whom they are for, hostile definitions refused.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::super::auth::tests::{PASSWORD, app, call, set_cookie, set_up_admin};

const PATH: &str = "/api/subtemplates";

async fn person(router: &axum::Router, admin: &str, id: &str, departments: &[&str]) -> String {
    let new = json!({
        "id": id, "display_name": id, "password": PASSWORD, "departments": departments
    });
    let (status, _, body) = call(router, "POST", "/api/admin/people", Some(admin), Some(new)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let form = json!({ "id": id, "password": PASSWORD });
    let (status, headers, _) = call(router, "POST", "/api/login", None, Some(form)).await;
    assert_eq!(status, StatusCode::OK);
    set_cookie(&headers).0
}

fn definition(name: &str, extra_fields: Value) -> Value {
    json!({
        "id": "ignored", "version": 7, "base": "requirement-approval",
        "name": { "zh-CN": name, "en": "" },
        "extra_fields": extra_fields,
    })
}

fn budget() -> Value {
    json!([{
        "id": "cf-budget", "label": { "zh-CN": "预算 🎉", "en": "مرحبا" },
        "kind": "money", "required": true
    }])
}

/// The names of the sub-templates `who` is offered, sorted (two shared in
/// one millisecond have no newer one).
async fn listed(router: &axum::Router, who: &str) -> Vec<String> {
    let (status, _, body) = call(router, "GET", PATH, Some(who), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut names: Vec<String> = body["subtemplates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["template"]["name"]["zh-CN"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn a_sub_template_reaches_the_department_or_workspace_it_is_for() {
    let (_tmp, router, accounts) = app(false);
    let admin = set_up_admin(&router, &accounts).await;
    for dept in ["rd", "sales"] {
        let new = json!({ "id": dept, "name": dept });
        let (status, _, body) = call(
            &router,
            "POST",
            "/api/admin/departments",
            Some(&admin),
            Some(new),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let ann = person(&router, &admin, "ann", &["rd"]).await;
    let ray = person(&router, &admin, "ray", &["rd"]).await;
    let sam = person(&router, &admin, "sam", &["sales"]).await;

    let (status, _, _) = call(&router, "GET", PATH, None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let for_rd = json!({
        "template": definition("研发需求", budget()),
        "shared_with": { "kind": "department", "id": "rd" }
    });
    let (status, _, body) = call(&router, "POST", PATH, Some(&ann), Some(for_rd.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(body["template"]["id"].as_str().unwrap().starts_with("st-"));
    assert_eq!(body["template"]["version"], 1);
    assert_eq!(body["made_by"], "ann");
    // Emoji and right-to-left labels come back as sent.
    assert_eq!(
        body["template"]["extra_fields"][0]["label"],
        budget()[0]["label"]
    );
    // Not for a department one is not in.
    let (status, _, body) = call(&router, "POST", PATH, Some(&sam), Some(for_rd)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let everyone = json!({
        "template": definition("全员需求", json!([])),
        "shared_with": { "kind": "workspace" }
    });
    let (status, _, body) = call(&router, "POST", PATH, Some(&sam), Some(everyone)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    assert_eq!(listed(&router, &ray).await, ["全员需求", "研发需求"]);
    assert_eq!(listed(&router, &ann).await, ["全员需求", "研发需求"]);
    assert_eq!(listed(&router, &sam).await, ["全员需求"]);
}

#[tokio::test]
async fn hostile_definitions_are_refused_and_nothing_is_kept() {
    let (_tmp, router, accounts) = app(false);
    let admin = set_up_admin(&router, &accounts).await;
    let ann = person(&router, &admin, "ann", &[]).await;
    let option = |i: usize| json!({ "id": format!("o{i}"), "label": { "zh-CN": format!("选{i}"), "en": "" } });
    let choice = |n: usize| {
        json!([{
            "id": "cf-pick", "label": { "zh-CN": "选", "en": "Pick" },
            "kind": { "single_choice": { "options": (0..n).map(option).collect::<Vec<_>>() } }
        }])
    };
    let text = |i: usize| json!({ "id": format!("cf-{i}"), "label": { "zh-CN": "字段", "en": "" }, "kind": "text" });
    let many_fields: Vec<Value> = (0..=100).map(text).collect();
    let mut unknown_base = definition("x", json!([]));
    unknown_base["base"] = json!("no-such-template");
    let hostile = [
        (
            "a very long name",
            definition(&"长".repeat(5_000), json!([])),
        ),
        ("thousands of options", definition("x", choice(3_000))),
        (
            "a field with a control character",
            definition(
                "x",
                json!([{
                    "id": "cf-x", "label": { "zh-CN": "a\u{1b}[2J", "en": "" }, "kind": "text"
                }]),
            ),
        ),
        ("too many fields", definition("x", json!(many_fields))),
        ("an unknown base", unknown_base),
        (
            "a clash with the base",
            definition(
                "x",
                json!([{
                    "id": "title", "label": { "zh-CN": "标题", "en": "" }, "kind": "text"
                }]),
            ),
        ),
    ];
    for (what, template) in hostile {
        let body = json!({ "template": template, "shared_with": { "kind": "workspace" } });
        let (status, _, answer) = call(&router, "POST", PATH, Some(&ann), Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {answer}");
        assert_eq!(answer["error"], "bad-subtemplate", "{what}");
    }
    // An unknown kind does not read as a definition at all.
    let body = json!({
        "template": definition("x", json!([{
            "id": "cf-f", "label": { "zh-CN": "公式", "en": "" }, "kind": "formula"
        }])),
        "shared_with": { "kind": "workspace" }
    });
    let (status, _, _) = call(&router, "POST", PATH, Some(&ann), Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(listed(&router, &ann).await.is_empty());
}
