//! `GET /api/documents/{id}/export.xlsx` through the router, over the
//! readers and documents of `readers_fixture`, each workbook read back.

use std::io::Cursor;

use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use concord_model::{DocRole, Value, export::XLSX_MIME};

use super::disposition;
use crate::{
    clock::now_ms,
    http::{
        readers_fixture::{HOSTILE_TEXT, Readers, add_tasks, doc, tracker},
        test_counter::Counter,
    },
};

fn path(n: u8, lang: &str) -> String {
    format!("/api/documents/{}/export.xlsx?lang={lang}", doc(n))
}

fn workbook(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes)).expect("a workbook calamine reads")
}

/// Every text cell of every sheet, for looking for what must not be there.
fn texts(book: &mut Xlsx<Cursor<Vec<u8>>>) -> Vec<String> {
    let names = book.sheet_names();
    names
        .iter()
        .flat_map(|name| {
            let range = book.worksheet_range(name).unwrap();
            range
                .used_cells()
                .filter_map(|(_, _, cell)| match cell {
                    Data::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[tokio::test]
async fn a_reader_gets_the_form_and_every_table_with_typed_cells() {
    let readers = Readers::new().await;
    let (status, kind, bytes) = readers.get_bytes(&readers.zhang, &path(1, "zh-CN")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, XLSX_MIME);
    let mut book = workbook(bytes);
    assert_eq!(book.sheet_names(), ["表单", "任务"]);
    let form = book.worksheet_range("表单").unwrap();
    assert_eq!(
        form.get_value((0, 1)),
        Some(&Data::String("Q3 验收计划".into()))
    );
    let lines: Vec<String> = form
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert!(lines.contains(&"项目|验收 Q4".to_owned()), "{lines:?}");
    let tasks = book.worksheet_range("任务").unwrap();
    let header: Vec<String> = tasks
        .rows()
        .nth(3)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |title: &str| header.iter().position(|h| h == title).unwrap();
    let first = tasks.rows().nth(4).unwrap();
    assert_eq!(first[col("任务")], Data::String("准备验收材料".into()));
    assert_eq!(first[col("负责人")], Data::String("张伟".into()), "by name");
    assert_eq!(first[col("状态")], Data::String("已完成".into()));
    let Data::DateTime(due) = &first[col("截止日期")] else {
        panic!("a deadline is a date cell: {:?}", first[col("截止日期")]);
    };
    let today = readers.today.add_days(-3).unwrap();
    let excel_epoch = concord_model::Day::from_ymd(1899, 12, 30).unwrap();
    assert_eq!(due.as_f64(), excel_epoch.days_until(today) as f64);
    // In English, sheets and choices read in English.
    let (_, _, bytes) = readers.get_bytes(&readers.zhang, &path(1, "en")).await;
    let mut book = workbook(bytes);
    assert_eq!(book.sheet_names(), ["Form", "Tasks"]);
    assert!(texts(&mut book).contains(&"Done".to_owned()));
}

#[tokio::test]
async fn hostile_text_comes_out_as_text_never_a_formula() {
    let readers = Readers::new().await;
    let (status, _, bytes) = readers.get_bytes(&readers.zhang, &path(1, "zh")).await;
    assert_eq!(status, StatusCode::OK);
    let mut book = workbook(bytes);
    let notes = texts(&mut book)
        .into_iter()
        .find(|t| t.starts_with("50% off_旧"))
        .expect("the notes");
    // Every character but the NUL, which an .xlsx file cannot hold, whole.
    assert!(notes.contains("' OR 1=1 -- 🎉 \u{202e}עברית"), "{notes:?}");
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    }
}

#[tokio::test]
async fn who_may_not_read_a_document_hears_it_is_not_there() {
    let readers = Readers::new().await;
    let missing = readers.get(Some(&readers.zhang), &path(99, "zh")).await;
    assert_eq!(missing.0, StatusCode::NOT_FOUND);
    assert_eq!(missing.1["error"], "no-such-document");
    // Confidential and not his; shared with sales only; a partner's only.
    for n in [2, 3, 4] {
        assert_eq!(
            readers.get(Some(&readers.zhang), &path(n, "zh")).await,
            missing,
            "{n}"
        );
    }
    // A partner reads only what their organisation was given.
    for n in [1, 2, 3, 5, 6] {
        assert_eq!(
            readers.get(Some(&readers.wang), &path(n, "zh")).await,
            missing,
            "{n}"
        );
    }
    let bad = "/api/documents/not-an-id/export.xlsx";
    assert_eq!(readers.get(Some(&readers.zhang), bad).await, missing);
    let signed_out = readers.get(None, &path(1, "zh")).await;
    assert_eq!(signed_out.0, StatusCode::UNAUTHORIZED);
    // Those who may read it get it: li reads 3 through sales, wang 4 through acme.
    assert_eq!(
        readers.get_bytes(&readers.li, &path(3, "zh")).await.0,
        StatusCode::OK
    );
    assert_eq!(
        readers.get_bytes(&readers.wang, &path(4, "zh")).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_partner_reads_only_the_names_their_directory_shows() {
    let readers = Readers::new().await;
    let now = now_ms();
    let mut shared = tracker("合作 任务", "li", now);
    shared
        .set_org_role(&"acme".parse().unwrap(), DocRole::Editor)
        .unwrap();
    let day = readers.today.to_string();
    add_tasks(
        &mut shared,
        &mut Counter(5),
        &[("对接", Some("zhang"), day.clone(), "in_progress")],
    );
    shared
        .set_field("project", Value::Text("接口".into()))
        .unwrap();
    readers.keep(7, &mut shared, now);
    // li (staff) reads zhang by his name; wang (acme) is not shown zhang,
    // who is on no document of his, nor his department: zhang's id only.
    let (_, _, staff) = readers.get_bytes(&readers.li, &path(7, "zh")).await;
    assert!(texts(&mut workbook(staff)).contains(&"张伟".to_owned()));
    let (status, _, partner) = readers.get_bytes(&readers.wang, &path(7, "zh")).await;
    assert_eq!(status, StatusCode::OK);
    let seen = texts(&mut workbook(partner));
    assert!(seen.contains(&"zhang".to_owned()), "{seen:?}");
    for hidden in ["张伟", "工程部", "销售部"] {
        assert!(
            !seen.iter().any(|t| t.contains(hidden)),
            "{hidden} in {seen:?}"
        );
    }
    assert!(!seen.iter().any(|t| t.contains(HOSTILE_TEXT)));
}

#[test]
fn the_file_name_is_the_title_made_harmless() {
    assert_eq!(
        disposition("季度/计划"),
        "attachment; filename=\"concord.xlsx\"; filename*=UTF-8''%E5%AD%A3%E5%BA%A6_%E8%AE%A1%E5%88%92.xlsx"
    );
    let said = |title: &str| disposition(title).to_str().unwrap().to_owned();
    assert!(
        said("../\r\nx").ends_with("UTF-8''_x.xlsx"),
        "{}",
        said("../\r\nx")
    );
    assert!(said("  ").ends_with("UTF-8''concord.xlsx"));
    assert_eq!(
        said("Q3 plan"),
        "attachment; filename=\"Q3 plan.xlsx\"; filename*=UTF-8''Q3%20plan.xlsx"
    );
}
