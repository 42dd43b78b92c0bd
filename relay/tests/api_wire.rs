//! The HTTP API's bodies through the real routes: every answer the relay
//! gives is read with the very `concord-api` type the app reads it with,
//! and every body is sent as the app sends it. A field renamed or retyped
//! on one side only fails here (and at compile time where both use it).

mod support;

use automerge::{ActorId, Automerge};
use concord_api::{
    AcceptInvite, CreatedInvite, Department, Directory, DocumentListing, ErrorCode, Failure,
    InviteInfo, InviteState, InviteToken, LoginForm, Me, NewDepartment, NewInvite, NewOrg,
    NewStaff, OrgKind, Organisation, People, PersonChange, PersonEntry, SetupForm, SetupState,
    paths,
};
use concord_model::{Classification, ConcordDoc, DocRole, PersonId, find_template};
use concord_sync::DocumentId;
use serde::{Serialize, de::DeserializeOwned};
use support::{http::call, start_guarded_relay, sync_client::SyncClient};

const PASSWORD: &str = "a long enough password";
const DOC: DocumentId = DocumentId::from_bytes([5; 16]);

fn pid(s: &str) -> PersonId {
    s.parse().unwrap()
}

/// Calls `path` and reads the answer as `T`, which must come with `status`;
/// also the session cookie the answer set.
async fn answer<T: DeserializeOwned>(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: Option<&impl Serialize>,
    status: u16,
) -> (T, Option<String>) {
    let body = body.map(|b| serde_json::to_value(b).unwrap());
    let answer = call(addr, method, path, cookie, body).await;
    assert_eq!(answer.status, status, "{method} {path}: {}", answer.json);
    let read = serde_json::from_value(answer.json.clone())
        .unwrap_or_else(|e| panic!("{method} {path} does not read: {e}: {}", answer.json));
    (read, answer.session)
}

const NO_BODY: Option<&()> = None;

/// The directory as the admin signed in with `cookie` reads it.
async fn directory_of(addr: std::net::SocketAddr, cookie: &str) -> Directory {
    let (directory, _) = answer(
        addr,
        "GET",
        paths::ADMIN_DIRECTORY,
        Some(cookie),
        NO_BODY,
        200,
    )
    .await;
    directory
}

#[tokio::test]
async fn every_answer_reads_as_the_app_reads_it() {
    let (relay, secret) = start_guarded_relay().await;
    let addr = relay.addr;

    let (state, _): (SetupState, _) = answer(addr, "GET", paths::SETUP, None, NO_BODY, 200).await;
    assert!(state.needed);
    let setup = SetupForm {
        secret,
        id: "wang".into(),
        display_name: "王芳".into(),
        password: PASSWORD.into(),
    };
    let (me, cookie): (Me, _) = answer(addr, "POST", paths::SETUP, None, Some(&setup), 201).await;
    let admin = cookie.expect("signed in");
    assert_eq!((me.id.as_str(), me.is_admin), ("wang", true));

    let dept = NewDepartment {
        id: "sales".into(),
        name: "销售部".into(),
    };
    let (made, _): (Department, _) = answer(
        addr,
        "POST",
        paths::ADMIN_DEPARTMENTS,
        Some(&admin),
        Some(&dept),
        201,
    )
    .await;
    assert_eq!(made.id.as_str(), "sales");
    let org = NewOrg {
        id: "acme".into(),
        name: "Acme 有限公司".into(),
        kind: OrgKind::Supplier,
    };
    let (made, _): (Organisation, _) = answer(
        addr,
        "POST",
        paths::ADMIN_ORGS,
        Some(&admin),
        Some(&org),
        201,
    )
    .await;
    assert_eq!(made.kind, OrgKind::Supplier);
    let zhao = NewStaff {
        id: "zhao".into(),
        display_name: "赵".into(),
        password: PASSWORD.into(),
        is_admin: false,
        departments: vec!["sales".into()],
        heads: Vec::new(),
    };
    let (entry, _): (PersonEntry, _) = answer(
        addr,
        "POST",
        paths::ADMIN_PEOPLE,
        Some(&admin),
        Some(&zhao),
        201,
    )
    .await;
    assert_eq!(entry.departments, ["sales".parse().unwrap()]);
    let head = PersonChange {
        heads: Some(vec!["sales".into()]),
        ..PersonChange::default()
    };
    let (entry, _): (PersonEntry, _) = answer(
        addr,
        "PATCH",
        &format!("{}/zhao", paths::ADMIN_PEOPLE),
        Some(&admin),
        Some(&head),
        200,
    )
    .await;
    assert_eq!(entry.heads, ["sales".parse().unwrap()]);
    let new_invite = NewInvite {
        org: "acme".into(),
        valid_hours: None,
    };
    let (created, _): (CreatedInvite, _) = answer(
        addr,
        "POST",
        paths::ADMIN_INVITES,
        Some(&admin),
        Some(&new_invite),
        201,
    )
    .await;
    let token = created.link.split_once('#').unwrap().1.to_owned();
    let directory = directory_of(addr, &admin).await;
    assert_eq!(directory.people.len(), 2);
    assert_eq!(directory.invites, std::slice::from_ref(&created.invite));

    let (info, _): (InviteInfo, _) = answer(
        addr,
        "POST",
        paths::INVITE_CHECK,
        None,
        Some(&InviteToken {
            token: token.clone(),
        }),
        200,
    )
    .await;
    assert_eq!(
        (info.org.as_str(), info.org_kind),
        ("acme", OrgKind::Supplier)
    );
    let accept = AcceptInvite {
        token,
        id: "li".into(),
        display_name: "Li".into(),
        password: PASSWORD.into(),
    };
    let (li, li_cookie): (Me, _) =
        answer(addr, "POST", paths::INVITE_ACCEPT, None, Some(&accept), 201).await;
    assert!(li.is_partner());
    assert_eq!(li.org_name.as_deref(), Some("Acme 有限公司"));
    let li_cookie = li_cookie.unwrap();
    let directory = directory_of(addr, &admin).await;
    let invite = &directory.invites[0];
    assert_eq!(invite.used_by, Some(pid("li")));
    assert_eq!(invite.state(0), InviteState::Used);

    let login = LoginForm {
        id: "zhao".into(),
        password: PASSWORD.into(),
    };
    let (zhao_me, zhao_cookie): (Me, _) =
        answer(addr, "POST", paths::LOGIN, None, Some(&login), 200).await;
    assert_eq!(zhao_me.person().heads, ["sales".parse().unwrap()]);
    // Staff read who is in which department, to tell people apart in a picker.
    let (staff_view, _): (People, _) = answer(
        addr,
        "GET",
        paths::PEOPLE,
        zhao_cookie.as_deref(),
        NO_BODY,
        200,
    )
    .await;
    let zhao = staff_view.people.iter().find(|p| p.id == pid("zhao"));
    assert_eq!(
        zhao.map(|p| p.departments.clone()),
        Some(vec!["sales".parse().unwrap()])
    );

    // A document shared with acme, so both lists have something to say.
    let template = find_template("task-tracker").unwrap();
    let mut doc =
        ConcordDoc::create(template, "上线计划", &pid("wang"), 0, ActorId::random()).unwrap();
    doc.set_org_role(&"acme".parse().unwrap(), DocRole::Editor)
        .unwrap();
    doc.commit(0, None);
    let mut wang = SyncClient::new("wang-laptop");
    wang.connect_as(addr, &admin).await.unwrap();
    wang.client
        .create(DOC, Automerge::load(&doc.save()).unwrap());
    assert!(wang.until(|c| c.client.saved_on_relay(&DOC)).await.unwrap());

    let (listed, _): (Vec<DocumentListing>, _) = answer(
        addr,
        "GET",
        paths::DOCUMENTS,
        Some(&li_cookie),
        NO_BODY,
        200,
    )
    .await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, DOC);
    assert_eq!(listed[0].role, DocRole::Editor);
    assert_eq!(listed[0].classification, Classification::Internal);
    let (people, _): (People, _) =
        answer(addr, "GET", paths::PEOPLE, Some(&li_cookie), NO_BODY, 200).await;
    assert!(
        people.departments.is_empty(),
        "a partner sees no departments"
    );
    assert!(people.people.iter().any(|p| p.id == pid("li")));
    assert!(
        people.people.iter().all(|p| p.departments.is_empty()),
        "nor anyone's department"
    );

    let (me, _): (Me, _) = answer(addr, "GET", paths::ME, Some(&li_cookie), NO_BODY, 200).await;
    assert_eq!(me, li);
}

#[tokio::test]
async fn every_failure_reads_as_a_code_and_words() {
    let (relay, _) = start_guarded_relay().await;
    let addr = relay.addr;
    let (failure, _): (Failure, _) = answer(addr, "GET", paths::ME, None, NO_BODY, 401).await;
    assert_eq!(failure.error, ErrorCode::SignedOut);
    let wrong = LoginForm {
        id: "nobody".into(),
        password: PASSWORD.into(),
    };
    let (failure, _): (Failure, _) =
        answer(addr, "POST", paths::LOGIN, None, Some(&wrong), 401).await;
    assert_eq!(failure.error, ErrorCode::WrongCredentials);
    assert!(!failure.message.is_empty());
    let token = InviteToken {
        token: "not-a-token".into(),
    };
    let (failure, _): (Failure, _) =
        answer(addr, "POST", paths::INVITE_CHECK, None, Some(&token), 404).await;
    assert_eq!(failure.error, ErrorCode::InviteInvalid);
}
