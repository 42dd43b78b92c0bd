//! A relay with readers who may read different documents, for the
//! handlers that read across documents (`/api/search`, `/api/dashboard`):
//! zhang (张伟, eng), li (李娜, sales) and wang (王五, of the partner acme),
//! each signed in, and six trackers written straight to the store.
//!
//! | doc | by    | who else reads it              | tasks (owner, due from today, done) |
//! |-----|-------|--------------------------------|-------------------------------------|
//! | 1   | zhang | nobody                         | zhang -3 done, zhang -2, li +2, none +1 |
//! | 2   | li    | nobody (confidential)          | zhang -4                            |
//! | 3   | li    | sales                          | li -1 done, li -5, zhang +1         |
//! | 4   | li    | acme (wang)                    | none                                |
//! | 5   | zhang | nobody; archived               | none                                |
//! | 6   | li    | sales, zhang (viewer)          | zhang +5, li 0 done                 |
//!
//! 1 holds its words once in each place (title, tags, field, cell, row
//! comment: 验收; names in cells and a comment: 张); 2, 3 and 4 hold 验收,
//! 张伟 and every hostile text too, so any leak would show.

use std::sync::Arc;

use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode, header},
};
use concord_api::{NewStaff, OrgKind};
use concord_model::{
    ARCHIVED, ActorId, Classification, CommentTarget, ConcordDoc, Day, DocRole, PersonId, Value,
    find_template,
};
use concord_sync::DocumentId;
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;

use super::{AppFiles, SESSION_COOKIE, Shared, router, test_counter::Counter, test_shared};
use crate::{
    accounts::{Account, Accounts},
    clock::now_ms,
    store::NewChunk,
};

const PASSWORD: &str = "a long enough password";

/// Every hostile text, in documents 1 to 4: found in 1, which zhang
/// reads; never from 2, 3 or 4.
pub(super) const HOSTILE_TEXT: &str =
    "50% off_旧 .* ' OR 1=1 -- 🎉 \u{202e}עברית (a|b)+ [x] \\d a\0b";

pub(super) struct Readers {
    _tmp: tempfile::TempDir,
    pub router: Router,
    pub shared: Shared,
    pub accounts: Arc<Accounts>,
    pub admin: Account,
    pub zhang: String,
    pub li: String,
    pub wang: String,
    /// The relay's today when the documents were written.
    pub today: Day,
    /// Document 1's first task row, where 验收 and 张 are in cells.
    pub first_row: String,
}

pub(super) fn doc(n: u8) -> DocumentId {
    DocumentId::from_bytes([n; 16])
}

fn pid(id: &str) -> PersonId {
    id.parse().unwrap()
}

impl Readers {
    pub async fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let (shared, accounts) = test_shared(&tmp.path().join("data"), false);
        let router = router(shared.clone(), AppFiles::new(tmp.path().join("app")));
        let now = now_ms();
        let secret = accounts.setup_secret().unwrap();
        let (_, admin) = accounts
            .set_up(&secret, "admin", "管理员", PASSWORD, now)
            .unwrap();
        for (id, name) in [("eng", "工程部"), ("sales", "销售部")] {
            accounts.add_department(&admin, id, name, now).unwrap();
        }
        for (id, name, dept) in [("zhang", "张伟", "eng"), ("li", "李娜", "sales")] {
            let staff = NewStaff {
                id: id.into(),
                display_name: name.into(),
                password: PASSWORD.into(),
                is_admin: false,
                departments: vec![dept.into()],
                heads: Vec::new(),
            };
            accounts.add_staff(&admin, &staff, now).unwrap();
        }
        accounts
            .add_org(&admin, "acme", "Acme", OrgKind::Partner, now)
            .unwrap();
        let (_, invite) = accounts.create_invite(&admin, "acme", 24, now).unwrap();
        let (wang, _) = accounts
            .accept_invite(&invite.to_text(), "wang", "王五", PASSWORD, now)
            .unwrap();
        let session = |id: &str| {
            let (token, _) = accounts.log_in(id, PASSWORD, "test", now).unwrap();
            token.to_text()
        };
        let (zhang, li) = (session("zhang"), session("li"));
        let today = accounts.today(now).unwrap().day();
        let mut readers = Self {
            _tmp: tmp,
            router,
            shared,
            accounts,
            admin,
            zhang,
            li,
            wang: wang.to_text(),
            today,
            first_row: String::new(),
        };
        readers.write_documents(now);
        readers
    }

    fn write_documents(&mut self, now: i64) {
        let mut rng = Counter(11);
        let day = |offset: i64| self.today.add_days(offset).unwrap().to_string();

        let mut one = tracker("Q3 验收计划", "zhang", now);
        one.set_field("project", Value::Text("验收 Q4".into()))
            .unwrap();
        one.set_field("notes", Value::Text(HOSTILE_TEXT.into()))
            .unwrap();
        one.add_tag("验收").unwrap();
        let rows = add_tasks(
            &mut one,
            &mut rng,
            &[
                ("准备验收材料", Some("zhang"), day(-3), "done"),
                ("整理文档", Some("zhang"), day(-2), "in_progress"),
                ("联系客户", Some("li"), day(2), "not_started"),
                ("备份", None, day(1), "not_started"),
            ],
        );
        let target = CommentTarget::Row {
            table: "tasks".into(),
            row: rows[0].clone(),
        };
        one.add_comment(&pid("zhang"), &target, "验收 需要复核", now, &mut rng)
            .unwrap();
        one.add_comment(
            &pid("zhang"),
            &CommentTarget::Doc,
            "张工 已确认",
            now,
            &mut rng,
        )
        .unwrap();
        self.first_row = rows[0].0.clone();
        self.keep(1, &mut one, now);

        let secret_words = format!("验收 张伟 {HOSTILE_TEXT}");
        let mut two = tracker("机密 验收", "li", now);
        two.set_classification(Classification::Confidential)
            .unwrap();
        two.set_field("notes", Value::Text(secret_words.clone()))
            .unwrap();
        add_tasks(
            &mut two,
            &mut rng,
            &[("机密任务 验收", Some("zhang"), day(-4), "in_progress")],
        );
        self.keep(2, &mut two, now);

        let mut three = tracker("销售 验收", "li", now);
        three
            .set_dept_role(&"sales".parse().unwrap(), DocRole::Editor)
            .unwrap();
        three
            .set_field("notes", Value::Text(secret_words.clone()))
            .unwrap();
        add_tasks(
            &mut three,
            &mut rng,
            &[
                ("报价", Some("li"), day(-1), "done"),
                ("合同", Some("li"), day(-5), "in_progress"),
                ("张伟 验收", Some("zhang"), day(1), "not_started"),
            ],
        );
        self.keep(3, &mut three, now);

        let mut four = tracker("合作 验收", "li", now);
        four.set_org_role(&"acme".parse().unwrap(), DocRole::Viewer)
            .unwrap();
        four.set_field("notes", Value::Text(secret_words)).unwrap();
        self.keep(4, &mut four, now);

        let mut five = tracker("归档 项目", "zhang", now);
        five.set_field("project", Value::Text("验收 归档".into()))
            .unwrap();
        five.set_status(ARCHIVED).unwrap();
        self.keep(5, &mut five, now);

        let mut six = tracker("共享 tracker", "li", now);
        six.set_dept_role(&"sales".parse().unwrap(), DocRole::Editor)
            .unwrap();
        six.set_member_role(&pid("zhang"), DocRole::Viewer).unwrap();
        add_tasks(
            &mut six,
            &mut rng,
            &[
                ("发布", Some("zhang"), day(5), "in_progress"),
                ("评审", Some("li"), day(0), "done"),
            ],
        );
        self.keep(6, &mut six, now);
    }

    /// Stores the document as it now stands (as an accepted batch would).
    pub fn keep(&self, n: u8, written: &mut ConcordDoc, now: i64) {
        written.commit(now, None);
        self.shared
            .store
            .append(&[NewChunk {
                doc: doc(n),
                data: written.save(),
            }])
            .unwrap();
    }

    /// `count` more trackers of zhang's, of `rows` task rows each (one
    /// written, stored under `count` ids: each is loaded and read on its
    /// own), for timing.
    pub fn add_trackers(&self, count: u32, rows: usize) {
        let now = now_ms();
        let mut rng = Counter(13);
        let mut big = tracker("大 验收 tracker", "zhang", now);
        let day = |offset: i64| self.today.add_days(offset).unwrap().to_string();
        let tasks: Vec<_> = (0..rows)
            .map(|i| {
                let owner = if i % 2 == 0 { "zhang" } else { "li" };
                let status = if i % 3 == 0 { "done" } else { "in_progress" };
                (format!("任务 {i}"), owner, day(i as i64 % 20 - 10), status)
            })
            .collect();
        let tasks: Vec<_> = tasks
            .iter()
            .map(|(t, o, d, s)| (t.as_str(), Some(*o), d.clone(), *s))
            .collect();
        add_tasks(&mut big, &mut rng, &tasks);
        big.commit(now, None);
        let data = big.save();
        let chunks: Vec<NewChunk> = (0..count)
            .map(|n| {
                let mut id = [0xA0; 16];
                id[..4].copy_from_slice(&n.to_be_bytes());
                NewChunk {
                    doc: DocumentId::from_bytes(id),
                    data: data.clone(),
                }
            })
            .collect();
        self.shared.store.append(&chunks).unwrap();
    }

    /// `GET path` as the holder of `cookie`: the status and the JSON body
    /// (`null` where it is none).
    pub async fn get(&self, cookie: Option<&str>, path: &str) -> (StatusCode, serde_json::Value) {
        let (status, _, bytes) = self.get_as(cookie, path).await;
        let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
        (status, json)
    }

    /// `GET path` as the holder of `cookie`: the status, the media type
    /// and the body's bytes (for files).
    pub async fn get_bytes(&self, cookie: &str, path: &str) -> (StatusCode, String, Vec<u8>) {
        self.get_as(Some(cookie), path).await
    }

    async fn get_as(&self, cookie: Option<&str>, path: &str) -> (StatusCode, String, Vec<u8>) {
        let mut request = Request::builder().method("GET").uri(path);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, format!("{SESSION_COOKIE}={cookie}"));
        }
        let response = self
            .router
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let (status, headers, bytes) = Self::read(response).await;
        let kind = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (status, kind, bytes)
    }

    /// `request` (given its session cookie) through `router`: the status,
    /// the headers and the body's bytes.
    pub async fn send(
        router: &Router,
        cookie: &str,
        request: axum::http::request::Builder,
        body: Body,
    ) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let request = request.header(header::COOKIE, format!("{SESSION_COOKIE}={cookie}"));
        let response = router
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        Self::read(response).await
    }

    /// Where this relay keeps its data.
    pub fn data_dir(&self) -> std::path::PathBuf {
        self._tmp.path().join("data")
    }

    async fn read(
        response: axum::response::Response,
    ) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, headers, bytes.to_vec())
    }

    /// The ids `/api/documents` lists for the holder of `cookie`.
    pub async fn readable(&self, cookie: &str) -> Vec<String> {
        let (status, body) = self.get(Some(cookie), "/api/documents").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body.as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_owned())
            .collect()
    }
}

pub(super) fn tracker(title: &str, by: &str, now: i64) -> ConcordDoc {
    let template = find_template("task-tracker").unwrap();
    ConcordDoc::create(template, title, &pid(by), now, ActorId::random()).unwrap()
}

/// Adds task rows (title, owner, due day, status); their ids in order.
pub(super) fn add_tasks(
    doc: &mut ConcordDoc,
    rng: &mut Counter,
    tasks: &[(&str, Option<&str>, String, &str)],
) -> Vec<concord_model::RowId> {
    let mut rows = Vec::new();
    for (title, owner, due, status) in tasks {
        let row = doc.add_row("tasks", rows.last(), rng).unwrap();
        doc.set_cell("tasks", &row, "task", Value::Text((*title).into()))
            .unwrap();
        if let Some(owner) = owner {
            doc.set_cell("tasks", &row, "owner", Value::Person((*owner).into()))
                .unwrap();
        }
        doc.set_cell("tasks", &row, "deadline", Value::Date(due.clone()))
            .unwrap();
        doc.set_cell("tasks", &row, "status", Value::Choice((*status).into()))
            .unwrap();
        rows.push(row);
    }
    rows
}

/// `text` fit for a query string: every byte but letters and digits
/// percent-encoded.
pub(super) fn encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
