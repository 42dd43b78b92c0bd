//! The table parts of a document in a real browser (Chromium through
//! wasm-bindgen-test): virtualised rows, adding, moving and deleting rows,
//! and editing a cell in the row sheet.
#![cfg(target_arch = "wasm32")]

use concord_app::{
    DocContext, I18n, LOCALE_STORAGE_KEY, TableParts,
    repo::{CryptoRng, Repo},
};
use concord_model::{Person, PersonId, RowId, Value, find_template};
use concord_sync::DocumentId;
use leptos::prelude::*;
use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

mod support;

use support::{document, sleep, until};

wasm_bindgen_test_configure!(run_in_browser);

const TABLE: &str = "tasks";

fn alice() -> PersonId {
    "alice".parse().unwrap()
}

/// The page's real table styles: the scroller's bounded height is CSS.
fn add_table_styles() {
    if document().get_element_by_id("table-css").is_some() {
        return;
    }
    let style = document().create_element("style").unwrap();
    style.set_id("table-css");
    style.set_text_content(Some(include_str!("../../public/table.css")));
    document().head().unwrap().append_child(&style).unwrap();
}

/// A task tracker with `rows` rows named "Task 0", "Task 1", …, made in one change.
async fn tracker_with_rows(rows: usize) -> (Repo, DocumentId) {
    let name = format!("table-{}", js_sys::Math::random().to_bits());
    let repo = Repo::open_store(&name).await.unwrap();
    let template = find_template("task-tracker").unwrap();
    let doc = repo.create(template, "Tasks", &alice()).unwrap();
    let mut rng = CryptoRng;
    repo.change(doc, |d| {
        let mut after: Option<RowId> = None;
        for i in 0..rows {
            let row = d.add_row(TABLE, after.as_ref(), &mut rng)?;
            d.set_row_owner(TABLE, &row, Some(&alice()))?;
            d.set_cell(TABLE, &row, "task", Value::Text(format!("Task {i}")))?;
            after = Some(row);
        }
        Ok(())
    })
    .unwrap();
    (repo, doc)
}

/// `TableParts` mounted as the document screen mounts it, in English.
fn mount(repo: &Repo, doc: DocumentId) -> HtmlElement {
    add_table_styles();
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .set_item(LOCALE_STORAGE_KEY, "\"en\"")
        .unwrap();
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let repo = repo.clone();
    leptos::mount::mount_to(root.clone(), move || {
        I18n::provide();
        let revisions = repo.subscribe(doc).unwrap();
        DocContext::new(doc, repo, revisions, Person::staff(alice(), Vec::new())).provide();
        view! { <TableParts /> }
    })
    .forget();
    root
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().unchecked_into())
        .collect()
}

fn one(root: &Element, test_id: &str) -> HtmlElement {
    root.query_selector(&format!("[data-testid={test_id}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no {test_id}"))
        .unchecked_into()
}

fn row_elements(root: &Element) -> Vec<Element> {
    all(root, "[data-testid=table-row]")
}

fn row_index(row: &Element) -> usize {
    row.get_attribute("data-row-index")
        .unwrap()
        .parse()
        .unwrap()
}

fn row_at(root: &Element, index: usize) -> Option<HtmlElement> {
    root.query_selector(&format!(
        "[data-testid=table-row][data-row-index=\"{index}\"]"
    ))
    .unwrap()
    .map(|e| e.unchecked_into())
}

fn tasks(repo: &Repo, doc: DocumentId) -> Vec<String> {
    repo.read(doc, |d| {
        d.rows(TABLE)
            .unwrap()
            .into_iter()
            .map(|r| match r.cells.get("task") {
                Some(Value::Text(t)) => t.clone(),
                _ => String::new(),
            })
            .collect()
    })
    .unwrap()
}

fn count_text(root: &Element) -> String {
    one(root, "table-row-count")
        .text_content()
        .unwrap_or_default()
}

// 400 rows: enough that most are out of view, cheap enough for a debug wasm
// build (the 2,000-row case runs in the e2e suite on the release build).
#[wasm_bindgen_test]
async fn a_long_table_keeps_only_the_rows_in_view_in_the_page() {
    let (repo, doc) = tracker_with_rows(400).await;
    let root = mount(&repo, doc);
    until("the rows", || !row_elements(&root).is_empty()).await;
    assert_eq!(count_text(&root), "400 rows");
    let rows = row_elements(&root);
    assert!(rows.len() <= 60, "{} rows in the page", rows.len());
    assert!(row_at(&root, 0).is_some());
    assert!(
        row_at(&root, 0)
            .unwrap()
            .text_content()
            .unwrap()
            .contains("Task 0"),
        "the first row shows its task"
    );

    let scroller = one(&root, "table-scroller");
    let spacer_height = f64::from(scroller.scroll_height());
    let row_height = spacer_height / 400.0;
    assert!(row_height >= 40.0, "rows are at least 40 px: {row_height}");
    scroller.set_scroll_top((spacer_height / 2.0) as i32);
    let middle = (f64::from(scroller.scroll_top()) / row_height) as usize;
    assert!((190..=210).contains(&middle), "scrolled to row {middle}");
    until("the middle rows", || row_at(&root, middle).is_some()).await;
    let shown = row_at(&root, middle).unwrap().text_content().unwrap();
    assert!(
        shown.contains(&format!("Task {middle}")),
        "row {middle} shows {shown}"
    );
    let rows = row_elements(&root);
    assert!(rows.len() <= 60, "{} rows in the page", rows.len());
    assert!(row_at(&root, 0).is_none(), "the top rows left the page");
    let indices: Vec<usize> = rows.iter().map(row_index).collect();
    assert!(
        indices.iter().all(|i| i.abs_diff(middle) < 60),
        "{indices:?}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn rows_are_added_moved_and_deleted() {
    let (repo, doc) = tracker_with_rows(3).await;
    let root = mount(&repo, doc);
    until("the rows", || row_elements(&root).len() == 3).await;

    // In the document's first state a new row is added at once and opened.
    one(&root, "add-row").click();
    until("the new row", || row_elements(&root).len() == 4).await;
    assert_eq!(count_text(&root), "4 rows");
    until("its sheet", || {
        root.query_selector("[data-testid=row-sheet]")
            .unwrap()
            .is_some()
    })
    .await;
    assert_eq!(tasks(&repo, doc), ["Task 0", "Task 1", "Task 2", ""]);
    let owner = repo
        .read(doc, |d| d.rows(TABLE).unwrap()[3].owner.clone())
        .unwrap();
    assert_eq!(owner, Some(alice()), "a new row is its creator's");
    one(&root, "row-sheet-close").click();
    until("the sheet to close", || {
        root.query_selector("[data-testid=row-sheet]")
            .unwrap()
            .is_none()
    })
    .await;

    // Move the first row down, then back up.
    row_at(&root, 0).unwrap().click();
    until("the sheet", || {
        root.query_selector("[data-testid=row-sheet]")
            .unwrap()
            .is_some()
    })
    .await;
    let up = one(&root, "row-move-up");
    assert!(up.has_attribute("disabled"), "the first row cannot move up");
    one(&root, "row-move-down").click();
    until("the move", || tasks(&repo, doc)[1] == "Task 0").await;
    assert_eq!(tasks(&repo, doc), ["Task 1", "Task 0", "Task 2", ""]);
    until("the list to follow", || {
        row_at(&root, 1).is_some_and(|r| r.text_content().unwrap().contains("Task 0"))
    })
    .await;
    until("move up to be enabled", || {
        !one(&root, "row-move-up").has_attribute("disabled")
    })
    .await;
    one(&root, "row-move-up").click();
    until("the move back", || tasks(&repo, doc)[0] == "Task 0").await;

    // Deleting asks first.
    one(&root, "row-delete").click();
    sleep(20).await;
    assert_eq!(
        tasks(&repo, doc).len(),
        4,
        "nothing deleted before confirming"
    );
    one(&root, "row-delete-confirm").click();
    until("the deletion", || tasks(&repo, doc).len() == 3).await;
    assert_eq!(tasks(&repo, doc), ["Task 1", "Task 2", ""]);
    until("the list to follow", || row_elements(&root).len() == 3).await;
    assert!(
        root.query_selector("[data-testid=row-sheet]")
            .unwrap()
            .is_none()
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn a_cell_edited_in_the_sheet_is_written_and_shown_in_the_list() {
    let (repo, doc) = tracker_with_rows(3).await;
    let root = mount(&repo, doc);
    until("the rows", || row_elements(&root).len() == 3).await;
    row_at(&root, 1).unwrap().click();
    until("the sheet", || {
        root.query_selector("[data-testid=row-sheet]")
            .unwrap()
            .is_some()
    })
    .await;
    let sheet: Element = one(&root, "row-sheet").unchecked_into();
    let fields: Vec<String> = all(&sheet, "[data-testid=field]")
        .iter()
        .map(|e| e.get_attribute("data-field-id").unwrap())
        .collect();
    let template = find_template("task-tracker").unwrap();
    // The cells a task's steps write are set by its step buttons instead.
    let every: Vec<&str> = template.tables[0]
        .fields
        .iter()
        .map(|f| f.id)
        .filter(|id| !concord_model::is_task_step_cell("task-tracker", "tasks", id))
        .collect();
    assert_eq!(fields, every, "every other cell of the row has an editor");

    let input: HtmlElement = sheet
        .query_selector("[data-testid=field][data-field-id=task] [data-testid=field-input]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        js_sys::Reflect::get(&input, &"value".into())
            .unwrap()
            .as_string()
            .as_deref(),
        Some("Task 1")
    );
    js_sys::Reflect::set(
        &input,
        &"value".into(),
        &JsValue::from_str("Write the report"),
    )
    .unwrap();
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    until("the edit", || tasks(&repo, doc)[1] == "Write the report").await;
    until("the list to follow", || {
        row_at(&root, 1).is_some_and(|r| r.text_content().unwrap().contains("Write the report"))
    })
    .await;

    // A choice and a checkbox, by their own controls.
    let status: HtmlElement = sheet
        .query_selector("[data-testid=field][data-field-id=status] [data-testid=field-input]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    js_sys::Reflect::set(&status, &"value".into(), &JsValue::from_str("done")).unwrap();
    status
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    let risk: HtmlElement = sheet
        .query_selector("[data-testid=field][data-field-id=risk] [data-testid=field-input]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    risk.click();
    let cell = |field: &'static str| {
        repo.read(doc, |d| d.rows(TABLE).unwrap()[1].cells.get(field).cloned())
            .flatten()
    };
    until("the choice and the tick", || {
        cell("status") == Some(Value::Choice("done".into()))
            && cell("risk") == Some(Value::Checkbox(true))
    })
    .await;
    root.remove();
}
